package dev.hark.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.osgi.framework.BundleContext;
import org.osgi.service.event.EventAdmin;
import org.osgi.util.tracker.ServiceTracker;

import dev.hark.core.ConnectionState;
import dev.hark.core.HarkEvents;
import dev.hark.core.HarkTopics;
import dev.hark.core.StreamStateChanged;

/**
 * The Hark workbench (the product's application, model, views and services) under the test display,
 * driven through its real widgets against real servers: an in-process Hark server for most tests, and
 * the workbench's own embedded server (a supervised child process) for the last one.
 */
@org.junit.jupiter.api.TestMethodOrder(org.junit.jupiter.api.MethodOrderer.OrderAnnotation.class)
class WorkbenchTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static RunningWorkbench workbench;

    static dev.hark.testing.RunningServer server;
    static java.nio.file.Path dir;

    @BeforeAll
    static void openWorkbench() throws Exception {
        dir = java.nio.file.Files.createTempDirectory("hark-ui-test");
        server = dev.hark.testing.RunningServer.start(dir.resolve("data"));
        Views.useServer(server.server.httpUri().toString(), dir.resolve("embedded"));
        workbench = RunningWorkbench.start(TIMEOUT);
    }

    @AfterAll
    static void closeWorkbench() throws Exception {
        try {
            if (workbench != null) {
                workbench.close();
                assertTrue(workbench.mainShell() == null, "the main window is still open after Quit");
            }
        } finally {
            Views.serverService().reconfigure(); // stops an embedded child the last test left running
            Views.stopEmbedded();
            if (server != null) {
                server.close();
            }
        }
    }

    private static EventAdmin eventAdmin() throws Exception {
        BundleContext context = RunningWorkbench.bundleContext();
        ServiceTracker<EventAdmin, EventAdmin> tracker = new ServiceTracker<>(context, EventAdmin.class, null);
        tracker.open();
        EventAdmin admin = tracker.waitForService(10_000);
        assertNotNull(admin, "no EventAdmin in the workbench runtime");
        return admin;
    }

    private static Label only(String id) throws Exception {
        List<Control> found = workbench.sync(() -> workbench.findAll(id));
        assertEquals(1, found.size(), "widgets tagged " + id + ": " + found);
        return (Label) found.get(0);
    }

    private static String text(Label label) throws Exception {
        return workbench.sync(label::getText);
    }

    @Test
    @org.junit.jupiter.api.Order(1)
    void mainWindowIsTitledHarkWithAStatusBar() throws Exception {
        Shell shell = workbench.mainShell();
        assertNotNull(shell);
        assertEquals("Hark", workbench.sync(shell::getText));
        Label status = only("status.connection");
        assertTrue(text(status).startsWith("Connection: "));
        // the status bar must really be laid out, not a 0x0 widget that holds the right text
        assertTrue(workbench.sync(() -> status.isVisible() && status.getSize().y > 5 && status.getSize().x > 100),
                "status line has no room: " + workbench.sync(status::getSize));
        File shot = workbench.screenshot("workbench-main");
        assertTrue(shot.length() > 1000, "screenshot too small: " + shot);
    }

    @Test
    @org.junit.jupiter.api.Order(2)
    void connectionPartShowsPostedStatesWithoutBeingRecreated() throws Exception {
        workbench.showPart("dev.hark.app.part.connection");
        Label state = only("connection.state");
        Label server = only("connection.server");
        Label reconnects = only("connection.reconnects");
        Label status = only("status.connection");
        EventAdmin admin = eventAdmin();

        String url = "ws://127.0.0.1:58081/ws";
        admin.postEvent(HarkEvents.create(HarkTopics.STREAM_STATE,
                new StreamStateChanged(ConnectionState.CONNECTING, url, "opening", 0, Instant.now())));
        admin.postEvent(HarkEvents.create(HarkTopics.STREAM_STATE,
                new StreamStateChanged(ConnectionState.READY, url, "server ready", 2, Instant.now())));
        workbench.waitUntil(TIMEOUT, () -> call(() -> "Ready".equals(text(state))), "the part to show Ready");

        assertEquals(url, text(server));
        assertEquals("2", text(reconnects));
        assertEquals("Connection: Ready \u2014 " + url, text(status));
        // the very same widgets, still alive: the part updated in place
        assertSame(state, only("connection.state"));
        assertFalse(workbench.sync(state::isDisposed));
        workbench.screenshot("workbench-connection-ready");

        admin.postEvent(HarkEvents.create(HarkTopics.STREAM_STATE,
                new StreamStateChanged(ConnectionState.FAILED, url, "refused", 3, Instant.now())));
        workbench.waitUntil(TIMEOUT, () -> call(() -> "Failed".equals(text(state))), "the part to show Failed");
        assertEquals("refused", text(only("connection.detail")));
        assertSame(state, only("connection.state"));
    }

    @Test
    @org.junit.jupiter.api.Order(3)
    void everyViewRendersAndIsScreenshotted() throws Exception {
        for (String id : List.of(Views.LIVE, Views.TRAINING, Views.MODELS, Views.DATASETS, Views.INFERENCE, Views.CONNECTION)) {
            Object part = workbench.showPart(id);
            assertNotNull(part, id + " did not render");
            File shot = workbench.screenshot("view-" + id.substring(id.lastIndexOf('.') + 1));
            assertTrue(shot.length() > 5_000, "screenshot of " + id);
        }
        // the Models view lists the server's engine models in its real table
        workbench.showPart(Views.MODELS);
        workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> {
            var t = (org.eclipse.swt.widgets.Table) workbench.findAll("models.table").get(0);
            return java.util.Arrays.stream(t.getItems()).anyMatch(i -> i.getText(0).equals("en-us-digits"));
        })), "the models table to list en-us-digits");
        workbench.screenshot("view-models");

        // "use for live transcription" travels through the model service to the Live view
        workbench.sync(() -> {
            var t = (org.eclipse.swt.widgets.Table) workbench.findAll("models.table").get(0);
            for (int i = 0; i < t.getItemCount(); i++) {
                if (t.getItem(i).getText(0).equals("en-us-digits")) {
                    t.setSelection(i);
                }
            }
            var use = (org.eclipse.swt.widgets.Button) workbench.findAll("models.use").get(0);
            use.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
            return null;
        });
        workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(
                () -> ((org.eclipse.swt.widgets.Combo) workbench.findAll("live.model").get(0)).getText().equals("en-us-digits"))),
                "the Live view to take the model chosen in the Models view");
        workbench.sync(() -> { // the user goes back to the server's default in the Live view: that choice sticks
            var model = (org.eclipse.swt.widgets.Combo) workbench.findAll("live.model").get(0);
            model.select(0);
            model.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
            return null;
        });
        workbench.hidePart(Views.LIVE);
        workbench.showPart(Views.LIVE);
        assertTrue(workbench.sync(() -> {
            var model = (org.eclipse.swt.widgets.Combo) workbench.findAll("live.model").get(0);
            return model.getText().equals(model.getItem(0));
        }), "the reopened Live view shows the last choice, the server's default");
    }

    /** Audio that lasts about {@code seconds}: sentences with pauses. Returns the reference text. */
    static String recording(java.nio.file.Path wav, double seconds) throws Exception {
        String[] sentences = { "the weather is nice today", "please call me tomorrow morning", "four two seven one",
                "turn on the kitchen lights" };
        StringBuilder text = new StringBuilder();
        float[] all = new float[0];
        for (int i = 0; all.length < seconds * 16_000; i++) {
            var speech = dev.hark.testing.Speech.flite(sentences[i % sentences.length], "slt");
            var r = new dev.hark.core.audio.Resampler(speech.sampleRate(), 16_000);
            float[] s16 = dev.hark.testing.Speech.concat(r.process(speech.samples()), r.flush());
            all = dev.hark.testing.Speech.concat(all, dev.hark.testing.Speech.silence(0.4, 16_000), s16,
                    dev.hark.testing.Speech.silence(0.9, 16_000));
            text.append(sentences[i % sentences.length]).append(' ');
        }
        dev.hark.testing.Speech.writeWav(wav, all, 16_000);
        return text.toString().strip();
    }

    /** Drives the Live view's own widgets: the file input, real time, Start. */
    static void startReplay(java.nio.file.Path wav) throws Exception {
        workbench.showPart(Views.LIVE);
        workbench.sync(() -> {
            var input = (org.eclipse.swt.widgets.Combo) workbench.findAll("live.input").get(0);
            input.select(input.getItemCount() - 1);
            ((org.eclipse.swt.widgets.Text) workbench.findAll("live.file").get(0)).setText(wav.toString());
            ((org.eclipse.swt.widgets.Button) workbench.findAll("live.realtime").get(0)).setSelection(true);
            var start = (org.eclipse.swt.widgets.Button) workbench.findAll("live.start").get(0);
            start.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
            return null;
        });
    }

    static String finals(List<dev.hark.core.transcript.Segment> segments) {
        return segments.stream().filter(x -> x.kind() == dev.hark.core.transcript.Segment.Kind.FINAL)
                .map(dev.hark.core.transcript.Segment::text).collect(java.util.stream.Collectors.joining(" "));
    }

    @Test
    @org.junit.jupiter.api.Order(4)
    void streamingSurvivesTrainingProgressAndAHundredViewChanges() throws Exception {
        java.nio.file.Path wav = dir.resolve("live.wav");
        String reference = recording(wav, 14);
        var live = Views.live();
        long t0 = System.nanoTime();
        startReplay(wav);
        workbench.waitUntil(TIMEOUT, () -> live.state() == ConnectionState.STREAMING, "the session to stream");

        // the Connection view, reopened mid-session, asks for the state instead of saying Idle
        workbench.hidePart(Views.CONNECTION);
        workbench.showPart(Views.CONNECTION);
        assertEquals("Streaming", text(only("connection.state")));

        // the server pushes training progress at 20 Hz, as a running job does
        var pushing = new java.util.concurrent.atomic.AtomicBoolean(true);
        Thread trainer = new Thread(() -> {
            int step = 0;
            while (pushing.get()) {
                step++;
                server.server.trainingEvents().publish(new dev.hark.protocol.training.TrainingProgress(1 + step / 40, 10, step, 400,
                        30.0 / (1 + step * 0.1), 1e-3 * Math.min(1, step / 20.0), 700.0, null, null, null, (double) (400 - step), null));
                if (step % 40 == 0) {
                    server.server.trainingEvents().publish(new dev.hark.protocol.training.ValidationResult(step / 40, 20.0 / step,
                            1.0 / (1 + step / 40.0), null, 0, java.util.List.of()));
                    server.server.trainingEvents().publish(new dev.hark.protocol.training.TrainingLog("INFO", "epoch " + step / 40 + " done"));
                }
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "test-training-pusher");
        trainer.start();
        try {
            String[] stacks = { "dev.hark.app.partstack.right", "dev.hark.app.partstack.rightbottom" };
            for (int i = 0; i < 100; i++) {
                switch (i % 5) {
                    case 0 -> {
                        workbench.hidePart(Views.TRAINING);
                        workbench.showPart(Views.TRAINING);
                    }
                    case 1 -> workbench.movePart(Views.MODELS, stacks[(i / 5) % 2]);
                    case 2 -> {
                        workbench.hidePart(Views.LIVE); // the view that started the session goes away...
                        workbench.showPart(Views.LIVE); // ...and comes back: the connection must not notice
                    }
                    case 3 -> workbench.movePart(Views.DATASETS, stacks[(i / 5 + 1) % 2]);
                    default -> {
                        workbench.showPart(Views.INFERENCE);
                        workbench.showPart(Views.TRAINING);
                    }
                }
                Thread.sleep(40);
            }
            workbench.waitUntil(Duration.ofSeconds(120), () -> live.state() == ConnectionState.IDLE, "the replay to finish");
        } finally {
            pushing.set(false);
            trainer.join(5_000);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertEquals(0, live.metrics().reconnects(), "views must never touch the connection");
        String text = finals(live.snapshot());
        double wer = dev.hark.testing.WordErrorRate.of(reference, text);
        System.out.printf("UI stress: %.1f s, WER %.3f: %s%n", seconds, wer, text);
        assertTrue(wer <= 0.3, "transcript incomplete (WER " + wer + "): " + text);

        var training = (dev.hark.ui.parts.TrainingPart) workbench.showPart(Views.TRAINING);
        workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> {
            var chart = (org.eclipse.swtchart.Chart) workbench.findAll("training.chart.loss").get(0);
            return chart.getSeriesSet().getSeries()[0].getXSeries().length > 20;
        })), "the loss chart to fill");
        assertTrue(training.chartUpdates() > 0);
        assertTrue(workbench.sync(() -> ((org.eclipse.swt.widgets.Label) workbench.findAll("training.progressText").get(0))
                .getText().contains("/10")), "progress text");
        workbench.screenshot("stress-training");
        var livePart = (dev.hark.ui.parts.LivePart) workbench.showPart(Views.LIVE);
        assertTrue(livePart.repaints() <= seconds * 31 + 5, "coalesced repaints: " + livePart.repaints() + " in " + seconds + " s");
        workbench.screenshot("stress-live");
    }

    @Test
    @org.junit.jupiter.api.Order(5)
    void theEmbeddedServerIsRestartedWhenKilledAndTheSessionGoesOn() throws Exception {
        java.nio.file.Path wav = dir.resolve("embedded.wav");
        String reference = recording(wav, 12);
        var status = Views.useEmbedded();
        assertTrue(status.uri().getHost().equals("127.0.0.1"), "loopback only: " + status.uri());
        long pid = Views.supervisor().embeddedPid().orElseThrow();
        var live = Views.live();
        startReplay(wav);
        workbench.waitUntil(TIMEOUT, () -> live.state() == ConnectionState.STREAMING, "the session to stream");
        workbench.waitUntil(TIMEOUT, () -> finals(live.snapshot()).length() > 5, "a first final from the embedded server");
        ProcessHandle.of(pid).orElseThrow().destroyForcibly(); // kill -9
        workbench.waitUntil(Duration.ofSeconds(150), () -> call(() -> Views.serverService().status().restarts() >= 1
                && Views.serverService().status().state() == dev.hark.core.services.ServerStatus.State.RUNNING),
                "the supervisor to restart the server");
        assertTrue(Views.supervisor().embeddedPid().orElseThrow() != pid, "a new process");
        assertEquals(status.uri(), Views.serverService().status().uri(), "restarted on the same address");
        workbench.waitUntil(Duration.ofSeconds(150), () -> live.state() == ConnectionState.IDLE, "the session to finish");
        assertTrue(live.metrics().reconnects() >= 1, "the session reconnected by itself");
        String text = finals(live.snapshot());
        double wer = dev.hark.testing.WordErrorRate.of(reference, text);
        System.out.printf("embedded restart: WER %.3f: %s%n", wer, text);
        assertTrue(wer <= 0.3, "transcript after the restart (WER " + wer + "): " + text);
        workbench.showPart(Views.CONNECTION);
        workbench.screenshot("embedded-after-restart");
    }

    private interface Check {
        boolean get() throws Exception;
    }

    private static boolean call(Check check) {
        try {
            return check.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
