package dev.hark.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.CTabFolder;
import org.eclipse.swt.custom.CTabItem;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Menu;
import org.eclipse.swt.widgets.MenuItem;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Table;
import org.eclipse.swt.widgets.TableColumn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.hark.core.HarkPreferences;
import dev.hark.testing.RunningServer;
import dev.hark.ui.internal.Messages;
import dev.hark.ui.internal.UiLanguage;

/**
 * Issue 13, "Japanese complete": the workbench started with the language preference set to Japanese (no {@code -nl},
 * and no {@code ja_JP} locale needed on the machine) shows no English: every label, button, column, tab, menu item,
 * chart title, the status bar, the Connection view and the dialogs are walked, and any user-visible text made of ASCII
 * only fails the test, unless it is a name, a number, a unit, a URL or a path ({@link #ALLOWED}). Text that is data (a
 * transcript, a model's name in a table, a field the user types in, a capture device's name) is not the UI's wording and
 * is not checked.
 * Screenshots: {@code ja-*.png}. Runs in a test runtime of its own (see the pom).
 */
@org.junit.jupiter.api.extension.ExtendWith(dev.hark.testing.HangWatchdog.class)
class JapaneseTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static RunningWorkbench workbench;
    private static RunningServer server;

    /**
     * Words that stay in Latin letters in a Japanese UI: the product's name, acronyms and units Japanese software
     * writes so (OK on dialog buttons, RTT, CER, MB, ms, dBFS), protocol versions, the zip format, and "English" as the
     * name of that language in the language choice (each language is offered in its own name).
     */
    static final Set<String> ALLOWED = Set.of("Hark", "OK", "RTT", "CER", "MB", "ms", "dBFS", "v1", "v2", "zip", "English", "Ctrl");

    /** Names that are data, not wording: the capture devices the system reports (listed in Live and Preferences). */
    private static final Set<String> DEVICE_NAMES = new java.util.HashSet<>();

    private static final Pattern URL_OR_PATH = Pattern.compile("\\b[a-z]+://\\S+|(?<!\\w)/\\S+");
    private static final Pattern WORD = Pattern.compile("[A-Za-z][A-Za-z0-9_\\-]*");

    @BeforeAll
    static void open() throws Exception {
        Path dir = Files.createTempDirectory("hark-ui-ja");
        server = RunningServer.start(dir.resolve("data"));
        Views.useServer(server.server.httpUri().toString(), dir.resolve("embedded"));
        // the language chosen in Preferences, as a user would have done before this start
        var prefs = InstanceScope.INSTANCE.getNode(HarkPreferences.NODE);
        prefs.put(UiLanguage.KEY, "ja");
        prefs.flush();
        System.out.println("JVM locale " + Locale.getDefault() + ", osgi.nl " + System.getProperty("osgi.nl") + ", osgi.nl.user "
                + System.getProperty("osgi.nl.user") + ", LANG " + System.getenv("LANG"));
        workbench = RunningWorkbench.start(TIMEOUT);
        DEVICE_NAMES.addAll(Views.service(dev.hark.core.services.DeviceService.class).inputDevices());
        var datasets = Views.service(dev.hark.core.services.DatasetService.class);
        datasets.generate(dev.hark.protocol.rest.GenerateRequest.of("ja-digits", "digits", 12, null));
        workbench.showPart(Views.DATASETS);
        workbench.waitUntil(Duration.ofSeconds(120), () -> workbench.tableHas("datasets.table", "ja-digits"), "the generated dataset to be listed");
        workbench.showPart(Views.MODELS);
        workbench.waitUntil(TIMEOUT, () -> workbench.tableHas("models.table", "en-us-digits"), "the models to be listed");
    }

    @AfterAll
    static void close() throws Exception {
        try {
            if (workbench != null) {
                workbench.close();
            }
        } finally {
            var prefs = InstanceScope.INSTANCE.getNode(HarkPreferences.NODE);
            prefs.remove(UiLanguage.KEY);
            prefs.flush();
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void theCheckTellsEnglishFromJapanese() {
        assertTrue(english("Connection: Ready"));
        assertTrue(english("8 models"));
        assertTrue(english("Cancel"));
        assertTrue(!english("\u63a5\u7d9a: \u6e96\u5099\u5b8c\u4e86 \u2014 ws://127.0.0.1:5/ws"));
        assertTrue(!english("-42 dBFS"));
        assertTrue(!english("12 ms"));
        assertTrue(!english("/tmp/x.wav"));
        assertTrue(!english("Hark"));
        assertTrue(!english(""));
    }

    @Test
    void everyViewMenuStatusBarAndDialogSpeaksJapanese() throws Exception {
        assertEquals("\u30e9\u30a4\u30d6", Messages.Live_title, "the workbench's messages are the Japanese ones");
        Shell main = workbench.mainShell();
        Set<String> english = new LinkedHashSet<>();
        workbench.sync(() -> {
            main.setBounds(0, 0, 1600, 1000);
            workbench.settle(300);
            return null;
        });
        for (String[] view : ViewsFit.VIEWS) {
            workbench.showPart(view[0]);
            english.addAll(workbench.sync(() -> texts(main)));
            workbench.capture(main, "ja-" + view[1]);
        }
        english.addAll(workbench.sync(() -> menuTexts(main)));

        workbench.pressKey(SWT.CTRL, ',');
        english.addAll(dialog(Messages.Prefs_title, "ja-preferences"));
        workbench.showPart(Views.DATASETS);
        Button generate = (Button) workbench.sync(() -> workbench.findAll("datasets.generate").get(0));
        workbench.async(() -> generate.notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event()));
        english.addAll(dialog(Messages.Datasets_generateTitle, "ja-generate"));
        // a confirmation: delete the dataset just listed (cancelled)
        workbench.sync(() -> {
            ((Table) workbench.findAll("datasets.table").get(0)).select(0);
            return null;
        });
        Button delete = (Button) workbench.sync(() -> workbench.findAll("datasets.delete").get(0));
        workbench.async(() -> delete.notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event()));
        english.addAll(dialog(Messages.Datasets_title, "ja-confirm-delete"));

        english.forEach(e -> System.out.println("English in the Japanese UI: " + e));
        assertTrue(english.isEmpty(), english.size() + " English texts in the Japanese UI:\n" + String.join("\n", english));
    }

    private static List<String> dialog(String title, String shot) throws Exception {
        workbench.waitUntil(Duration.ofSeconds(10), () -> workbench.shellTitled(title) != null, "the dialog \"" + title + "\"");
        Shell dialog = workbench.shellTitled(title);
        workbench.capture(dialog, shot);
        List<String> found = workbench.sync(() -> texts(dialog));
        workbench.sync(() -> {
            dialog.close();
            return null;
        });
        workbench.waitUntil(Duration.ofSeconds(10), () -> workbench.shellTitled(title) == null, "the dialog to close");
        return found;
    }

    /** The English texts shown by {@code root} and the visible controls under it; UI thread only. */
    static List<String> texts(Control root) {
        List<String> out = new java.util.ArrayList<>();
        walk(root, out);
        return out;
    }

    private static void walk(Control c, List<String> out) {
        if (!c.isVisible()) {
            return;
        }
        if (c instanceof Shell s) {
            check(out, c, "title", s.getText());
        }
        check(out, c, "tooltip", c.getToolTipText());
        switch (c) {
            case Label l -> check(out, c, "text", isData(c) ? "" : l.getText());
            case Button b -> check(out, c, "text", b.getText());
            case Combo co when (co.getStyle() & SWT.READ_ONLY) != 0 && !isData(c) -> {
                for (String item : co.getItems()) {
                    check(out, c, "item", item);
                }
            }
            case Table t -> {
                for (TableColumn col : t.getColumns()) {
                    check(out, c, "column", col.getText());
                }
            }
            case CTabFolder f -> {
                for (CTabItem item : f.getItems()) {
                    check(out, c, "tab", item.getText());
                    check(out, c, "tab tooltip", item.getToolTipText());
                }
            }
            default -> {
            }
        }
        if (c instanceof org.eclipse.swtchart.Chart chart) {
            check(out, c, "chart title", chart.getTitle().getText());
            for (var axis : chart.getAxisSet().getAxes()) {
                check(out, c, "axis title", axis.getTitle().getText());
            }
            return;
        }
        if (c instanceof Composite composite && !(c instanceof Table) && !(c instanceof Combo)) {
            for (Control child : composite.getChildren()) {
                walk(child, out);
            }
        }
    }

    /** Controls that show data as it is: the server's address, times and counts, the server's model names. */
    private static boolean isData(Control c) {
        Object id = c.getData(dev.hark.app.parts.ConnectionPart.WIDGET_ID);
        return id != null && List.of("connection.server", "connection.since", "connection.reconnects", "training.model").contains(id);
    }

    private static List<String> menuTexts(Shell shell) {
        List<String> out = new java.util.ArrayList<>();
        menu(shell.getMenuBar(), out, shell);
        return out;
    }

    private static void menu(Menu menu, List<String> out, Shell shell) {
        if (menu == null) {
            return;
        }
        menu.notifyListeners(SWT.Show, new org.eclipse.swt.widgets.Event()); // e4 fills menus as they show
        for (MenuItem item : menu.getItems()) {
            String text = item.getText();
            int tab = text.indexOf('\t'); // the accelerator (Ctrl+Q) follows a tab
            check(out, shell, "menu", tab >= 0 ? text.substring(0, tab) : text);
            menu(item.getMenu(), out, shell);
        }
        menu.notifyListeners(SWT.Hide, new org.eclipse.swt.widgets.Event());
    }

    private static void check(List<String> out, Control c, String what, String text) {
        if (text != null && !DEVICE_NAMES.contains(text) && english(text)) {
            out.add(what + " \"" + text + "\" of " + LayoutCheck.describe(c) + " in " + LayoutCheck.path(c));
        }
    }

    /** True for text in ASCII only with a word that is not a name, number, unit, URL or path. */
    static boolean english(String text) {
        String t = text.replace("&", "");
        if (t.isBlank() || !t.chars().allMatch(ch -> ch < 128)) {
            return false;
        }
        var words = WORD.matcher(URL_OR_PATH.matcher(t).replaceAll(" "));
        while (words.find()) {
            if (!ALLOWED.contains(words.group())) {
                return true;
            }
        }
        return false;
    }
}
