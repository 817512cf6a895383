package dev.hark.app;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.EventTopic;
import org.eclipse.e4.ui.model.application.MApplication;
import org.eclipse.e4.ui.model.application.ui.basic.MWindow;
import org.eclipse.e4.ui.workbench.UIEvents;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Monitor;
import org.osgi.service.event.Event;
import org.osgi.service.prefs.BackingStoreException;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Inject;

/**
 * Sizes the main window before it is shown: the bounds the user left it with (kept in this bundle's instance
 * preferences, because the product clears the persisted model on every start so that new parts always show),
 * else a share of the primary monitor ({@link WindowBounds#initial}). Follows the window's moves and resizes
 * in memory and writes them when the workbench closes.
 */
public class WindowSizeAddon {

    public static final String NODE = "dev.hark.app";
    public static final String KEY = "window.main.bounds";
    static final String MAIN_WINDOW = "dev.hark.app.window.main";

    private MWindow window;

    @PostConstruct
    public void size(MApplication application) {
        window = application.getChildren().stream().filter(w -> MAIN_WINDOW.equals(w.getElementId())).findFirst().orElse(null);
        Display display = Display.getCurrent();
        if (window == null || display == null) {
            return;
        }
        Monitor[] monitors = display.getMonitors();
        Rectangle[] areas = new Rectangle[monitors.length];
        for (int i = 0; i < monitors.length; i++) {
            areas[i] = monitors[i].getClientArea();
        }
        Rectangle b = WindowBounds.restorable(remembered(), areas);
        if (b == null) {
            b = WindowBounds.initial(display.getPrimaryMonitor().getClientArea());
        }
        window.setX(b.x);
        window.setY(b.y);
        window.setWidth(b.width);
        window.setHeight(b.height);
    }

    static IEclipsePreferences prefs() {
        return InstanceScope.INSTANCE.getNode(NODE);
    }

    /** The remembered bounds ("x,y,width,height"), or null. */
    public static Rectangle remembered() {
        String[] v = prefs().get(KEY, "").split(",");
        if (v.length != 4) {
            return null;
        }
        try {
            return new Rectangle(Integer.parseInt(v[0].strip()), Integer.parseInt(v[1].strip()), Integer.parseInt(v[2].strip()),
                    Integer.parseInt(v[3].strip()));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** The window moved or was resized (the renderer writes the shell's bounds to the model): remember it. */
    @Inject
    @Optional
    void onWindow(@EventTopic(UIEvents.Window.TOPIC_ALL) Event event) {
        if (window != null && event.getProperty(UIEvents.EventTags.ELEMENT) == window && window.getWidth() > 0 && window.getHeight() > 0) {
            prefs().put(KEY, window.getX() + "," + window.getY() + "," + window.getWidth() + "," + window.getHeight());
        }
    }

    @Inject
    @Optional
    void onShutdown(@EventTopic(UIEvents.UILifeCycle.APP_SHUTDOWN_STARTED) Event event) {
        save();
    }

    @PreDestroy
    void save() {
        try {
            prefs().flush();
        } catch (BackingStoreException e) {
            // the next start uses the default size
        }
    }
}
