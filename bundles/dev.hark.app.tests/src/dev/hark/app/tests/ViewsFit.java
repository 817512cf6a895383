package dev.hark.app.tests;

import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Shell;

import dev.hark.ui.internal.Messages;

/**
 * Shows every view and the dialogs with the main window at a given size, checks each with {@link LayoutCheck} and
 * saves a screenshot of each ({@code fit-WxH-view.png}); the views at the end of a session, with lists filled and
 * messages shown, are the ones that must fit.
 */
final class ViewsFit {

    /** The views, by part id, and the short name of their screenshots. */
    static final List<String[]> VIEWS = List.of(new String[] { Views.LIVE, "live" }, new String[] { Views.INFERENCE, "inference" },
            new String[] { Views.TRAINING, "training" }, new String[] { Views.MODELS, "models" }, new String[] { Views.DATASETS, "datasets" },
            new String[] { Views.CONNECTION, "connection" });

    private ViewsFit() {
    }

    /** Every problem of every view and dialog at {@code width}x{@code height}; screenshots named with {@code prefix}. */
    static Set<String> check(RunningWorkbench workbench, int width, int height, String prefix) throws Exception {
        Set<String> problems = new LinkedHashSet<>();
        Shell main = workbench.mainShell();
        workbench.sync(() -> {
            main.setBounds(0, 0, width, height);
            main.layout(true, true);
            workbench.settle(500);
            return null;
        });
        String size = width + "x" + height;
        for (String[] view : VIEWS) {
            workbench.showPart(view[0]);
            workbench.sync(() -> {
                workbench.settle(300);
                return null;
            });
            workbench.capture(main, prefix + size + "-" + view[1]);
            problems.addAll(workbench.sync(() -> LayoutCheck.problems(main)));
        }
        // the dialogs: Preferences (Ctrl+,) and Generate (the Datasets view's button)
        workbench.pressKey(SWT.CTRL, ',');
        problems.addAll(dialog(workbench, Messages.Prefs_title, prefix + size + "-preferences"));
        workbench.showPart(Views.DATASETS);
        Button generate = (Button) workbench.sync(() -> workbench.findAll("datasets.generate").get(0));
        workbench.async(() -> generate.notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event()));
        problems.addAll(dialog(workbench, Messages.Datasets_generateTitle, prefix + size + "-generate"));
        return problems;
    }

    /** Waits for the dialog titled {@code title}, checks and captures it, and cancels it. */
    static List<String> dialog(RunningWorkbench workbench, String title, String shot) throws Exception {
        workbench.waitUntil(Duration.ofSeconds(10), () -> workbench.shellTitled(title) != null, "the dialog \"" + title + "\"");
        Shell dialog = workbench.shellTitled(title);
        workbench.capture(dialog, shot);
        List<String> found = workbench.sync(() -> LayoutCheck.problems(dialog));
        workbench.sync(() -> {
            dialog.close();
            return null;
        });
        workbench.waitUntil(Duration.ofSeconds(10), () -> workbench.shellTitled(title) == null, "the dialog \"" + title + "\" to close");
        return found;
    }
}
