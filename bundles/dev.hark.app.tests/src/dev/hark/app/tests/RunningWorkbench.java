package dev.hark.app.tests;

import java.io.File;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import org.eclipse.core.runtime.IProduct;
import org.eclipse.core.runtime.Platform;
import org.eclipse.e4.ui.internal.workbench.swt.E4Application;
import org.eclipse.e4.ui.workbench.IWorkbench;
import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.eclipse.swt.SWT;
import org.eclipse.swt.graphics.GC;
import org.eclipse.swt.graphics.Image;
import org.eclipse.swt.graphics.ImageData;
import org.eclipse.swt.graphics.ImageLoader;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Shell;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;

import dev.hark.app.parts.ConnectionPart;

/**
 * The Hark workbench started for a test: the product's own E4 application and application model,
 * on a thread of its own (GTK allows a UI thread other than main), against the test runtime's real
 * OSGi services. Tests reach widgets through {@link #sync}, which never waits for the UI thread for ever.
 * <p>
 * Longer than 400 lines on purpose: it is the UI tests' one driver (start and stop, bounded UI calls, widget and shell
 * lookup, parts, real key events, screenshots), and every check class goes through it; split, its parts would only
 * call each other.
 */
final class RunningWorkbench implements AutoCloseable {

    private final Thread uiThread;
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private final E4Application application = new E4Application();
    private volatile Display display;

    private RunningWorkbench() {
        uiThread = new Thread(this::run, "hark-test-workbench");
        uiThread.setDaemon(true);
    }

    static RunningWorkbench start(Duration timeout) throws Exception {
        if (System.getenv("DISPLAY") == null || System.getenv("DISPLAY").isEmpty()) {
            throw new IllegalStateException("UI tests need a display: run them through ./run-tests, which starts Xvfb");
        }
        RunningWorkbench workbench = new RunningWorkbench();
        workbench.uiThread.start();
        workbench.waitUntil(timeout, () -> workbench.display != null || workbench.failure.get() != null, "a display");
        workbench.waitUntil(timeout, () -> workbench.mainShell() != null, "the \"Hark\" window");
        return workbench;
    }

    private void run() {
        try {
            display = Display.getDefault();
            application.start(new TestApplicationContext());
        } catch (Throwable t) {
            failure.set(t);
        }
    }

    /** How long {@link #sync} waits for the UI thread before it dumps the threads and fails (a hang made a failure). */
    static final Duration UI_TIMEOUT = Duration.ofMinutes(2);

    /**
     * Runs {@code task} on the UI thread and returns its result; rethrows what it threw. Unlike {@code syncExec} it
     * gives up after {@link #UI_TIMEOUT}: a UI thread that never comes back prints every thread's stack and fails the
     * test instead of hanging the runtime until its overall timeout kills it without a word.
     */
    <T> T sync(Callable<T> task) throws Exception {
        checkAlive();
        return onUi(display, task);
    }

    private static <T> T onUi(Display d, Callable<T> task) throws Exception {
        if (Thread.currentThread() == d.getThread()) {
            return task.call();
        }
        java.util.concurrent.CompletableFuture<T> result = new java.util.concurrent.CompletableFuture<>();
        d.asyncExec(() -> {
            try {
                result.complete(task.call());
            } catch (Throwable t) {
                result.completeExceptionally(t);
            }
        });
        try {
            return result.get(UI_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            dev.hark.testing.ThreadDump.print("the UI thread did not run a task in " + UI_TIMEOUT.toSeconds() + " s");
            throw new AssertionError("the UI thread did not run a task in " + UI_TIMEOUT.toSeconds() + " s (thread dump above)");
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof Exception x) {
                throw x;
            }
            if (e.getCause() instanceof Error x) {
                throw x;
            }
            throw e;
        }
    }

    /** Whether the table tagged {@code tableId} has a row whose first cell is {@code name} (safe from any thread). */
    boolean tableHas(String tableId, String name) {
        try {
            return sync(() -> java.util.Arrays.stream(((org.eclipse.swt.widgets.Table) findAll(tableId).get(0)).getItems())
                    .anyMatch(i -> i.getText(0).equals(name)));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** Polls {@code condition} (evaluated by the caller, usually via {@link #sync}) until it holds. */
    void waitUntil(Duration timeout, BooleanSupplier condition, String what) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            checkAlive();
            if (System.nanoTime() > deadline) {
                // where the UI thread was (a wait that never ends is often the UI thread blocked or looping), first:
                // the screenshot needs the UI thread
                System.out.println("UI thread " + uiThread.getName() + " (" + uiThread.getState() + ") at the timeout:");
                java.util.Arrays.stream(uiThread.getStackTrace()).limit(40).forEach(f -> System.out.println("    at " + f));
                String shot = "";
                try {   // and what the window showed when the wait gave up
                    shot = "; screenshot " + screenshot("timeout-" + what.replaceAll("[^A-Za-z0-9]+", "-")).getName();
                } catch (Exception | AssertionError e) {
                    shot = "; no screenshot (" + e + ")";
                }
                throw new AssertionError("timed out after " + timeout.toSeconds() + " s waiting for " + what + shot);
            }
            Thread.sleep(50);
        }
    }

    private void checkAlive() {
        Throwable t = failure.get();
        if (t != null) {
            throw new AssertionError("the workbench failed to start", t);
        }
    }

    /** The main window, or null while it is not open (safe from any thread). */
    Shell mainShell() {
        return lastVisibleShell("Hark");
    }

    /** Widgets tagged with {@link ConnectionPart#WIDGET_ID} = {@code id}, searched from the main window; UI thread only. */
    List<Control> findAll(String id) {
        List<Control> out = new ArrayList<>();
        Shell shell = null;
        for (Shell s : display.getShells()) {
            if ("Hark".equals(s.getText())) {
                shell = s;
            }
        }
        if (shell != null) {
            collect(shell, id, out);
        }
        return out;
    }

    /** Like {@link #findAll} over every open shell (dialogs, notification popups); call on the UI thread. */
    List<Control> findInAnyShell(String id) {
        List<Control> out = new ArrayList<>();
        for (Shell s : display.getShells()) {
            if (!s.isDisposed()) {
                collect(s, id, out);
            }
        }
        return out;
    }

    /** Every control under {@code root}, depth first; call on the UI thread. */
    List<Control> allControls(Composite root) {
        List<Control> out = new ArrayList<>();
        java.util.ArrayDeque<Control> todo = new java.util.ArrayDeque<>(List.of(root.getChildren()));
        while (!todo.isEmpty()) {
            Control c = todo.poll();
            out.add(c);
            if (c instanceof Composite comp) {
                todo.addAll(List.of(comp.getChildren()));
            }
        }
        return out;
    }

    private static void collect(Control control, String id, List<Control> out) {
        if (id.equals(control.getData(ConnectionPart.WIDGET_ID))) {
            out.add(control);
        }
        if (control instanceof Composite composite) {
            for (Control child : composite.getChildren()) {
                collect(child, id, out);
            }
        }
    }

    /** Saves a PNG of the main window under the screenshots folder and returns it. */
    File screenshot(String name) throws Exception {
        return screenshot(null, name);
    }

    /**
     * Saves a PNG of {@code window} (a dialog; null: the main window), brought to the front first, under the
     * screenshots folder and returns it ({@link #capture}).
     */
    File screenshot(Shell window, String name) throws Exception {
        Shell shell = sync(() -> {
            Shell s = window != null ? window : mainShell();
            s.forceActive();
            return s;
        });
        return capture(shell, name);
    }

    /**
     * Saves a PNG of {@code shell} (the main window or a dialog): what the screen shows, or, for a window larger than the
     * test display or partly off it, the window drawn by the toolkit itself ({@link Control#print}); returns the file.
     */
    File capture(Shell shell, String name) throws Exception {
        File dir = new File(System.getProperty("hark.screenshots", "target/screenshots"));
        dir.mkdirs();
        File file = new File(dir, name + ".png");
        sync(() -> {
            shell.layout(true, true);
            shell.redraw();
            settle(300);
            Rectangle bounds = shell.getBounds();
            Image image = new Image(display, bounds.width, bounds.height);
            GC gc = new GC(image);
            try {
                if (display.getBounds().contains(bounds.x, bounds.y)
                        && display.getBounds().contains(bounds.x + bounds.width - 1, bounds.y + bounds.height - 1) || !shell.print(gc)) {
                    gc.dispose(); // on the screen: what the screen shows
                    gc = new GC(display);
                    gc.copyArea(image, bounds.x, bounds.y);
                }
                ImageLoader loader = new ImageLoader();
                loader.data = new ImageData[] { image.getImageData() };
                loader.save(file.getPath(), SWT.IMAGE_PNG);
            } finally {
                gc.dispose();
                image.dispose();
            }
            return null;
        });
        return file;
    }

    /** Dispatches events for {@code millis} so that pending layouts and paints land; UI thread only. */
    void settle(long millis) throws InterruptedException {
        long until = System.currentTimeMillis() + millis;
        while (System.currentTimeMillis() < until) {
            if (!display.readAndDispatch()) {
                Thread.sleep(10);
            }
        }
    }

    /**
     * Dispatches the pending events, for at most a second; UI thread only. Not "until none is left": while a run trains
     * the views repaint ~30 times a second, and on a slow machine a queue that never empties kept a task (and its
     * caller) in here for as long as the run lasted.
     */
    private void drain() {
        long until = System.nanoTime() + 1_000_000_000L;
        while (System.nanoTime() < until && display.readAndDispatch()) {
            // next event
        }
    }

    /** Runs {@code task} on the UI thread later (for what opens a modal dialog, which would block {@link #sync}). */
    void async(Runnable task) {
        checkAlive();
        display.asyncExec(task);
    }

    /**
     * Types {@code key} with {@code modifier} (e.g. {@link SWT#CTRL}) as the keyboard would: real key events posted
     * to the display (XTest under X11), delivered to the focused control of the active main window.
     */
    void pressKey(int modifier, char key) throws Exception {
        focus(null);
        post(SWT.KeyDown, modifier, '\0');
        post(SWT.KeyDown, 0, key);
        post(SWT.KeyUp, 0, key);
        post(SWT.KeyUp, modifier, '\0');
    }

    /**
     * Types one key (e.g. {@code SWT.CR}, {@code '\r'}) into {@code target} as the keyboard would: the main window
     * active, the focus in {@code target}, then real key events posted to the display.
     */
    void typeKey(Control target, int keyCode, char character) throws Exception {
        focus(target);
        post(SWT.KeyDown, keyCode, character);
        post(SWT.KeyUp, keyCode, character);
    }

    /**
     * The pointer over the main window, as when a user types in it (without a window manager X may send keys to
     * whatever lies under the pointer: a tooltip, a notification), the window active and the focus in {@code target}
     * (null: the window's own), then a moment for activation and focus to land.
     */
    private void focus(Control target) throws Exception {
        sync(() -> {
            Shell shell = mainShell();
            org.eclipse.swt.graphics.Rectangle b = shell.getBounds();
            org.eclipse.swt.widgets.Event move = new org.eclipse.swt.widgets.Event();
            move.type = SWT.MouseMove;
            move.x = b.x + b.width / 2;
            move.y = b.y + 10;
            display.post(move);
            shell.forceActive();
            if (target == null) {
                shell.setFocus();
            } else {
                target.setFocus();
            }
            drain(); // let activation and focus land
            return null;
        });
        Thread.sleep(200);
    }

    private void post(int type, int keyCode, char character) throws Exception {
        org.eclipse.swt.widgets.Event e = new org.eclipse.swt.widgets.Event();
        e.type = type;
        e.keyCode = keyCode;
        e.character = character;
        // Posted from the UI thread: SWT allows Display.post from any thread, but on GTK it calls GDK there, which is
        // not thread-safe. A key that quits (Ctrl+Q) starts closing the display before its key-up events, which it may
        // then refuse: those are not needed. A refused key-down is a failure (it is what triggers the binding).
        boolean posted;
        try {
            posted = !display.isDisposed() && onUi(display, () -> display.post(e));
        } catch (org.eclipse.swt.SWTException ex) {
            posted = false;
        }
        if (!posted && type == SWT.KeyDown && !display.isDisposed() && uiThread.isAlive()) {
            throw new AssertionError("the display refused the key event " + e);
        }
        Thread.sleep(30);
    }

    /** A visible shell titled {@code title} other than the main window, or null (any thread). */
    Shell shellTitled(String title) {
        return lastVisibleShell(title);
    }

    /** The last visible shell titled {@code title}, as the display orders its shells, or null (any thread). */
    private Shell lastVisibleShell(String title) {
        Display d = display;
        if (d == null || d.isDisposed()) {
            return null;
        }
        try {
            return onUi(d, () -> {
                Shell found = null;
                for (Shell shell : d.getShells()) {
                    if (!shell.isDisposed() && shell.isVisible() && title.equals(shell.getText())) {
                        found = shell;
                    }
                }
                return found;
            });
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The texts of the main menu's items, "Menu/Item" with the accelerator after a tab as SWT shows it; UI thread only. */
    List<String> menuItems() {
        List<String> out = new ArrayList<>();
        Shell shell = mainShell();
        org.eclipse.swt.widgets.Menu bar = shell.getMenuBar();
        for (org.eclipse.swt.widgets.MenuItem top : bar.getItems()) {
            org.eclipse.swt.widgets.Menu menu = top.getMenu();
            if (menu != null) {
                // e4 fills menus when they are about to show
                menu.notifyListeners(SWT.Show, new org.eclipse.swt.widgets.Event());
                for (org.eclipse.swt.widgets.MenuItem item : menu.getItems()) {
                    out.add(top.getText().replace("&", "") + "/" + item.getText().replace("&", ""));
                }
                menu.notifyListeners(SWT.Hide, new org.eclipse.swt.widgets.Event());
            }
        }
        return out;
    }

    /** Whether the workbench's UI thread has ended (after File &gt; Quit). */
    boolean ended() {
        return !uiThread.isAlive();
    }

    /** The running workbench's model and services (UI thread only for changes). */
    IWorkbench workbench() throws Exception {
        BundleContext context = bundleContext();
        ServiceReference<IWorkbench> ref = context.getServiceReference(IWorkbench.class);
        return context.getService(ref);
    }

    private org.eclipse.e4.ui.workbench.modeling.EPartService partService() throws Exception {
        return workbench().getApplication().getChildren().get(0).getContext()
                .get(org.eclipse.e4.ui.workbench.modeling.EPartService.class);
    }

    /** The id of the active part, or null; UI thread only. */
    String activePartId() throws Exception {
        var part = partService().getActivePart();
        return part == null ? null : part.getElementId();
    }

    /** Shows (and activates) a part, rendering it if it was closed; returns its object. */
    Object showPart(String id) throws Exception {
        return sync(() -> {
            var part = partService().showPart(id, org.eclipse.e4.ui.workbench.modeling.EPartService.PartState.ACTIVATE);
            drain(); // let it render
            return part.getObject();
        });
    }

    /** Closes a part the way its tab's close button does. */
    void hidePart(String id) throws Exception {
        sync(() -> {
            var ps = partService();
            var part = ps.findPart(id);
            if (part != null) {
                ps.hidePart(part);
            }
            return null;
        });
    }

    /** Moves a part into another stack, as a drag of its tab would. */
    void movePart(String id, String stackId) throws Exception {
        sync(() -> {
            var app = workbench().getApplication();
            var models = app.getContext().get(org.eclipse.e4.ui.workbench.modeling.EModelService.class);
            var part = (org.eclipse.e4.ui.model.application.ui.basic.MPart) models.find(id, app);
            var stack = (org.eclipse.e4.ui.model.application.ui.basic.MPartStack) models.find(stackId, app);
            if (part != null && stack != null && (Object) part.getParent() != stack) {
                models.move(part, stack);
            }
            return null;
        });
    }

    /** Saves a PNG of one part's control (the part must be visible). */
    File screenshotPart(String id, String name) throws Exception {
        showPart(id);
        return screenshot(name);
    }

    /** Closes the workbench the way File &gt; Quit does and waits for its thread to end. */
    @Override
    public void close() throws Exception {
        BundleContext context = bundleContext();
        ServiceReference<IWorkbench> ref = context.getServiceReference(IWorkbench.class);
        if (ref != null && display != null && !display.isDisposed() && uiThread.isAlive()) {
            IWorkbench workbench = context.getService(ref);
            try {
                display.asyncExec(workbench::close);
            } finally {
                context.ungetService(ref);
            }
        }
        uiThread.join(Duration.ofSeconds(30));
        if (uiThread.isAlive()) {
            throw new AssertionError("the workbench did not close within 30 s");
        }
    }

    static BundleContext bundleContext() throws Exception {
        Bundle bundle = FrameworkUtil.getBundle(RunningWorkbench.class);
        if (bundle.getState() != Bundle.ACTIVE) {
            bundle.start();
        }
        return bundle.getBundleContext();
    }

    /** What the Equinox launcher would hand the product's application: the product's branding. */
    private static final class TestApplicationContext implements IApplicationContext {
        @Override
        public Map<String, Object> getArguments() {
            return Map.of(APPLICATION_ARGS, new String[] { "-clearPersistedState" });
        }

        @Override
        public void applicationRunning() {
        }

        @Override
        public String getBrandingApplication() {
            return product() == null ? null : product().getApplication();
        }

        @Override
        public String getBrandingName() {
            return "Hark";
        }

        @Override
        public String getBrandingDescription() {
            return null;
        }

        @Override
        public String getBrandingId() {
            return product() == null ? null : product().getId();
        }

        @Override
        public String getBrandingProperty(String key) {
            return product() == null ? null : product().getProperty(key);
        }

        @Override
        public Bundle getBrandingBundle() {
            return product() == null ? null : product().getDefiningBundle();
        }

        @Override
        public void setResult(Object result, IApplication application) {
        }

        private static IProduct product() {
            return Platform.getProduct();
        }
    }
}
