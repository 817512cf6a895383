package dev.hark.app.tests;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.hark.testing.RunningServer;

/**
 * Issue 13, "views that fit": every view and dialog of the workbench at 1600x1000 and at 1024x700, with filled lists
 * and a failure message in the Live view, checked by bounds ({@link LayoutCheck}) and screenshotted
 * ({@code fit-1600x1000-live.png}, ...). Runs in a workbench of its own (its own test runtime, see the pom).
 */
@org.junit.jupiter.api.extension.ExtendWith(dev.hark.testing.HangWatchdog.class)
class ViewsFitTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static RunningWorkbench workbench;
    private static RunningServer server;

    @BeforeAll
    static void open() throws Exception {
        Path dir = Files.createTempDirectory("hark-ui-fit");
        server = RunningServer.start(dir.resolve("data"));
        Views.useServer(server.server.httpUri().toString(), dir.resolve("embedded"));
        var windowPrefs = InstanceScope.INSTANCE.getNode(dev.hark.app.WindowSizeAddon.NODE);
        windowPrefs.remove(dev.hark.app.WindowSizeAddon.KEY);
        windowPrefs.flush();
        workbench = RunningWorkbench.start(TIMEOUT);
        fill(dir);
    }

    /** What a user has after a while: a dataset, the models listed, a Live session that failed with a long reason. */
    static void fill(Path dir) throws Exception {
        var datasets = Views.service(dev.hark.core.services.DatasetService.class);
        datasets.generate(dev.hark.protocol.rest.GenerateRequest.of("fit-digits", "digits", 12, null));
        workbench.showPart(Views.DATASETS);
        workbench.waitUntil(Duration.ofSeconds(120), () -> workbench.tableHas("datasets.table", "fit-digits"), "the generated dataset to be listed");
        workbench.showPart(Views.MODELS);
        workbench.waitUntil(TIMEOUT, () -> workbench.tableHas("models.table", "en-us-digits"), "the models to be listed");
        workbench.showPart(Views.LIVE);
        Path missing = dir.resolve("a-recording-with-a-rather-long-name-that-is-not-there.wav");
        workbench.sync(() -> {
            var input = (Combo) workbench.findAll("live.input").get(0);
            input.select(input.getItemCount() - 1);
            ((org.eclipse.swt.widgets.Text) workbench.findAll("live.file").get(0)).setText(missing.toString());
            ((Button) workbench.findAll("live.start").get(0)).notifyListeners(SWT.Selection, new org.eclipse.swt.widgets.Event());
            return null;
        });
        var status = (org.eclipse.swt.widgets.Label) workbench.sync(() -> workbench.findAll("live.status").get(0));
        workbench.waitUntil(TIMEOUT, () -> {
            try {
                return workbench.sync(() -> status.getText().startsWith(dev.hark.ui.internal.Messages.State_FAILED));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        }, "the Live view to say why the session on a missing file failed");
        workbench.sync(() -> {
            workbench.settle(500);
            return null;
        });
    }

    @AfterAll
    static void close() throws Exception {
        try {
            if (workbench != null) {
                workbench.close();
            }
        } finally {
            if (server != null) {
                server.close();
            }
        }
    }

    @Test
    void everyViewAndDialogFitsAt1600x1000() throws Exception {
        assertFits(ViewsFit.check(workbench, 1600, 1000, "fit-"));
    }

    @Test
    void everyViewAndDialogFitsAt1024x700() throws Exception {
        assertFits(ViewsFit.check(workbench, 1024, 700, "fit-"));
    }

    private static void assertFits(Set<String> problems) {
        Set<String> all = new LinkedHashSet<>(problems);
        all.forEach(p -> System.out.println("layout: " + p));
        assertTrue(all.isEmpty(), all.size() + " layout problems:\n" + String.join("\n", all));
    }
}
