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
@org.junit.jupiter.api.extension.ExtendWith(dev.hark.testing.HangWatchdog.class)
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
        // a fresh home: no window bounds remembered from an earlier run
        var windowPrefs = org.eclipse.core.runtime.preferences.InstanceScope.INSTANCE.getNode(dev.hark.app.WindowSizeAddon.NODE);
        windowPrefs.remove(dev.hark.app.WindowSizeAddon.KEY);
        windowPrefs.flush();
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
    @org.junit.jupiter.api.Order(0)
    void theFirstWindowTakesAShareOfTheScreenCentred() throws Exception {
        var bounds = workbench.sync(() -> workbench.mainShell().getBounds());
        var area = workbench.sync(() -> workbench.mainShell().getDisplay().getPrimaryMonitor().getClientArea());
        var expected = dev.hark.app.WindowBounds.initial(area);
        System.out.println("screen " + area + ", first window " + bounds);
        assertEquals(expected.width, bounds.width, 2, "width on " + area + ": " + bounds);
        assertEquals(expected.height, bounds.height, 2, "height on " + area + ": " + bounds);
        assertEquals(expected.x, bounds.x, 2, "centred: " + bounds);
        assertEquals(expected.y, bounds.y, 2, "centred: " + bounds);
        if (area.width == 1600 && area.height == 1000) {
            assertEquals(new org.eclipse.swt.graphics.Rectangle(160, 100, 1280, 800), expected, "80 % of 1600x1000");
        }
        assertTrue(bounds.width >= area.width * 0.75 && bounds.height >= area.height * 0.75 || bounds.width >= 1500,
                "a share of the screen, not the model's 1200x860: " + bounds + " on " + area);
        workbench.screenshot("first-window");
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

    @Test
    @org.junit.jupiter.api.Order(6)
    void listsFillThemselvesWhenTheServerIsReadyAndAfterJobs() throws Exception {
        // a new embedded server (another data folder): the views open while it is still starting
        var prefs = org.eclipse.core.runtime.preferences.InstanceScope.INSTANCE.getNode(dev.hark.core.HarkPreferences.NODE);
        prefs.put(dev.hark.core.HarkPreferences.SERVER_MODE, dev.hark.core.HarkPreferences.MODE_EMBEDDED);
        prefs.put(dev.hark.core.HarkPreferences.EMBEDDED_DATA, dir.resolve("embedded-lists").toString());
        prefs.flush();
        var servers = Views.serverService();
        Thread switching = new Thread(servers::reconfigure, "test-reconfigure");
        switching.start();
        workbench.waitUntil(Duration.ofSeconds(60), () -> servers.status().state() == dev.hark.core.services.ServerStatus.State.STARTING,
                "the new embedded server to be starting");
        for (String id : List.of(Views.MODELS, Views.DATASETS, Views.TRAINING)) {
            workbench.hidePart(id);
            workbench.showPart(id);
        }
        workbench.showPart(Views.MODELS);
        workbench.waitUntil(TIMEOUT, () -> call(() -> text(only("models.message")).startsWith("The server is not ready yet")),
                "the Models view to say the server is starting");
        workbench.screenshot("lists-server-starting");
        switching.join(150_000);
        workbench.waitUntil(Duration.ofSeconds(150), () -> servers.status().state() == dev.hark.core.services.ServerStatus.State.RUNNING,
                "the embedded server to run");
        // nobody presses Refresh
        workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> {
            var t = (org.eclipse.swt.widgets.Table) workbench.findAll("models.table").get(0);
            return java.util.Arrays.stream(t.getItems()).anyMatch(i -> i.getText(0).equals("en-us-digits"));
        })), "the Models view to list the models once the server runs");
        assertTrue(text(only("models.message")).endsWith("models"), text(only("models.message")));
        workbench.showPart(Views.DATASETS);
        workbench.waitUntil(TIMEOUT, () -> call(() -> text(only("datasets.message")).endsWith("datasets")),
                "the Datasets view to list the datasets once the server runs");

        // a dataset made elsewhere (the CLI, another view): its end refreshes Datasets and the Training view's list
        var datasets = Views.service(dev.hark.core.services.DatasetService.class);
        datasets.generate(dev.hark.protocol.rest.GenerateRequest.of("ui-digits", "digits", 12, null));
        workbench.waitUntil(Duration.ofSeconds(120), () -> call(() -> workbench.sync(() -> {
            var t = (org.eclipse.swt.widgets.Table) workbench.findAll("datasets.table").get(0);
            return java.util.Arrays.stream(t.getItems()).anyMatch(i -> i.getText(0).equals("ui-digits"));
        })), "the Datasets view to list the generated dataset");
        workbench.showPart(Views.TRAINING);
        workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> java.util.Arrays
                .asList(((org.eclipse.swt.widgets.Combo) workbench.findAll("training.dataset").get(0)).getItems()).contains("ui-digits"))),
                "the Training view's dataset list to fill by itself");
        assertFalse(workbench.sync(() -> ((org.eclipse.swt.widgets.Text) workbench.findAll("training.error").get(0)).getText())
                .contains("not ready"), "no stale \"not ready\" once the lists loaded");
        workbench.screenshot("lists-training-datasets");

        // a run ends: the Models view lists again
        workbench.showPart(Views.MODELS);
        Label message = only("models.message");
        workbench.sync(() -> {
            message.setText("(stale)");
            return null;
        });
        eventAdmin().postEvent(HarkEvents.create(HarkTopics.TRAINING_STATUS,
                new dev.hark.protocol.training.TrainingStatus(dev.hark.protocol.training.TrainingStatus.COMPLETED, "done", "run-1", 0)));
        workbench.waitUntil(TIMEOUT, () -> call(() -> text(message).endsWith("models")), "the Models view to list again after the run");
        workbench.screenshot("lists-models-after-run");
    }

    /** Word error rate the microphone path must reach (as hark transcribe --mic; the file path reaches 0.3). */
    static final double MIC_MAX_WER = 0.35;

    @Test
    @org.junit.jupiter.api.Order(7)
    void theLiveViewTranscribesTheMicrophone() throws Exception {
        var mic = dev.hark.testing.VirtualMicrophone.require();
        String reference = "the weather is nice today please call me tomorrow morning";
        var a = dev.hark.testing.Speech.flite("the weather is nice today", "slt");
        var b = dev.hark.testing.Speech.flite("please call me tomorrow morning", "slt");
        java.nio.file.Path wav = dev.hark.testing.Speech.writeWav(dir.resolve("mic.wav"), dev.hark.testing.Speech.concat(a.samples(),
                dev.hark.testing.Speech.silence(0.8, a.sampleRate()), b.samples(), dev.hark.testing.Speech.silence(0.8, a.sampleRate())),
                a.sampleRate());
        var live = Views.live();
        workbench.showPart(Views.LIVE);
        workbench.sync(() -> {
            ((org.eclipse.swt.widgets.Button) workbench.findAll("live.clear").get(0)).notifyListeners(org.eclipse.swt.SWT.Selection,
                    new org.eclipse.swt.widgets.Event());
            var input = (org.eclipse.swt.widgets.Combo) workbench.findAll("live.input").get(0);
            input.select(input.indexOf(dev.hark.ui.internal.Messages.Live_defaultMicrophone));
            assertEquals(0, input.getSelectionIndex(), "\"Microphone (default)\" is the first input");
            ((org.eclipse.swt.widgets.Button) workbench.findAll("live.start").get(0)).notifyListeners(org.eclipse.swt.SWT.Selection,
                    new org.eclipse.swt.widgets.Event());
            return null;
        });
        workbench.waitUntil(TIMEOUT, () -> live.state() == ConnectionState.STREAMING, "the microphone session to stream; state "
                + live.state());
        Thread.sleep(1000);
        try (var playback = mic.play(wav)) {
            playback.await(a.seconds() + b.seconds() + 15);
        }
        workbench.waitUntil(Duration.ofSeconds(20), () -> finals(live.snapshot()).split(" ").length >= 8,
                "the finals of what was said; so far: " + finals(live.snapshot()));
        workbench.screenshot("live-microphone");
        workbench.sync(() -> {
            ((org.eclipse.swt.widgets.Button) workbench.findAll("live.stop").get(0)).notifyListeners(org.eclipse.swt.SWT.Selection,
                    new org.eclipse.swt.widgets.Event());
            return null;
        });
        workbench.waitUntil(TIMEOUT, () -> !live.state().isActive(), "the session to stop");
        String text = finals(live.snapshot());
        double wer = dev.hark.testing.WordErrorRate.of(reference, text);
        System.out.printf("Live view, microphone: WER %.3f: %s%n", wer, text);
        assertTrue(wer <= MIC_MAX_WER, "WER " + wer + " > " + MIC_MAX_WER + " for: " + text);
        assertEquals(ConnectionState.IDLE, live.state(), "a stopped microphone session ends idle, not failed");
    }

    /** A plugin's audio source (issue 11): synthesized speech, as a plugin would deliver it, at 16 kHz in real time. */
    static final class SpeechSourcePlugin implements dev.hark.core.audio.source.AudioSourceProvider {
        static final String LABEL = "Synthesized speech (a test plugin)";
        private final float[] samples;

        SpeechSourcePlugin(float[] samples) {
            this.samples = samples;
        }

        @Override
        public String id() {
            return "test-speech";
        }

        @Override
        public String label() {
            return LABEL;
        }

        @Override
        public int order() {
            return 500;
        }

        @Override
        public dev.hark.core.audio.source.PcmSource open(Request request) {
            return new dev.hark.core.audio.source.PcmSource() {
                @Override
                public String description() {
                    return "test-speech: flite";
                }

                @Override
                public boolean live() {
                    return false;
                }

                @Override
                public void run(dev.hark.core.audio.source.PcmSink sink, java.util.function.BooleanSupplier stop) throws Exception {
                    long start = System.nanoTime();
                    for (int off = 0; off < samples.length && !stop.getAsBoolean(); off += 320) {
                        int len = Math.min(320, samples.length - off);
                        sink.accept(samples, off, len);
                        long due = start + (off + len) * 1_000_000_000L / SAMPLE_RATE;
                        long wait = due - System.nanoTime();
                        if (wait > 0) {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        }
                    }
                }
            };
        }
    }

    @Test
    @org.junit.jupiter.api.Order(7)
    void aPluginsAudioSourceIsListedInTheLiveViewAndTranscribed() throws Exception {
        var speech = dev.hark.testing.Speech.flite("please call me tomorrow morning", "slt");
        var resampler = new dev.hark.core.audio.Resampler(speech.sampleRate(), 16_000);
        float[] at16k = dev.hark.testing.Speech.concat(resampler.process(speech.samples()), resampler.flush(),
                dev.hark.testing.Speech.silence(1.0, 16_000));
        var live = Views.live();
        workbench.showPart(Views.LIVE);
        List<String> before = inputItems();
        var registration = RunningWorkbench.bundleContext().registerService(dev.hark.core.audio.source.AudioSourceProvider.class,
                new SpeechSourcePlugin(at16k), null);
        try {
            workbench.showPart(Views.LIVE);
            workbench.waitUntil(TIMEOUT, () -> call(() -> inputItems().contains(SpeechSourcePlugin.LABEL)), "the plugin's source in the Input list");
            workbench.sync(() -> {
                ((org.eclipse.swt.widgets.Button) workbench.findAll("live.clear").get(0)).notifyListeners(org.eclipse.swt.SWT.Selection,
                        new org.eclipse.swt.widgets.Event());
                var input = (org.eclipse.swt.widgets.Combo) workbench.findAll("live.input").get(0);
                List<String> items = List.of(input.getItems());
                int at = items.indexOf(SpeechSourcePlugin.LABEL);
                assertEquals(before.size() + 1, items.size(), "one entry more: " + items);
                assertEquals(dev.hark.ui.internal.Messages.Live_defaultMicrophone, items.get(0), "the microphones come first: " + items);
                assertEquals(dev.hark.ui.internal.Messages.Live_audioFile, items.get(items.size() - 1), "the file comes last: " + items);
                assertEquals(items.size() - 2, at, "a plugin's source (order 500) between the microphones (0) and the file (1000): " + items);
                input.select(at);
                ((org.eclipse.swt.widgets.Button) workbench.findAll("live.start").get(0)).notifyListeners(org.eclipse.swt.SWT.Selection,
                        new org.eclipse.swt.widgets.Event());
                return null;
            });
            workbench.waitUntil(TIMEOUT, () -> finals(live.snapshot()).contains("tomorrow"),
                    "the plugin's speech transcribed; so far: " + finals(live.snapshot()) + ", state " + live.state());
            workbench.screenshot("live-plugin-audio-source");
            workbench.waitUntil(TIMEOUT, () -> !live.state().isActive(), "the session to end with the plugin's audio");
            assertEquals(ConnectionState.IDLE, live.state(), "the source ended normally, so did the session");
            double wer = dev.hark.testing.WordErrorRate.of("please call me tomorrow morning", finals(live.snapshot()));
            assertTrue(wer <= MIC_MAX_WER, "WER " + wer + " for: " + finals(live.snapshot()));
        } finally {
            registration.unregister();
        }
        workbench.waitUntil(TIMEOUT, () -> call(() -> !inputItems().contains(SpeechSourcePlugin.LABEL)),
                "the plugin's source to leave the Input list when it goes");
        assertEquals(before, inputItems());
    }

    /** The entries of the Live view's Input list. */
    private static List<String> inputItems() throws Exception {
        return workbench.sync(() -> List.of(((org.eclipse.swt.widgets.Combo) workbench.findAll("live.input").get(0)).getItems()));
    }

    @Test
    @org.junit.jupiter.api.Order(8)
    void aFailedInputShowsItsReasonInTheLiveView() throws Exception {
        var live = Views.live();
        // a file that is not there
        java.nio.file.Path missing = dir.resolve("no-such-recording.wav");
        startReplay(missing);
        Label status = only("live.status");
        Label error = only("live.error");
        workbench.waitUntil(TIMEOUT, () -> call(() -> text(status).startsWith("Failed")), "the Live view to say Failed: " + call2(() -> text(status)));
        Thread.sleep(500); // whatever the ended session posts afterwards must not hide the reason
        assertTrue(text(status).startsWith("Failed ("), text(status));
        assertTrue(text(error).contains("no-such-recording.wav"), "the reason names the file: " + text(error));
        assertFalse(text(status).contains("session ended"), text(status));
        workbench.screenshot("live-failed-missing-file");

        // the microphone pulled out while streaming
        var mic = dev.hark.testing.VirtualMicrophone.require();
        try {
            workbench.sync(() -> {
                var input = (org.eclipse.swt.widgets.Combo) workbench.findAll("live.input").get(0);
                input.select(0);
                ((org.eclipse.swt.widgets.Button) workbench.findAll("live.start").get(0)).notifyListeners(org.eclipse.swt.SWT.Selection,
                        new org.eclipse.swt.widgets.Event());
                return null;
            });
            workbench.waitUntil(TIMEOUT, () -> live.state() == ConnectionState.STREAMING, "the microphone session to stream");
            workbench.waitUntil(TIMEOUT, () -> call(() -> !text(status).startsWith("Failed")), "the new session to clear the old failure");
            Thread.sleep(1000);
            mic.unplug();
            workbench.waitUntil(TIMEOUT, () -> call(() -> text(status).startsWith("Failed")),
                    "the Live view to report the unplugged microphone: " + call2(() -> text(status)));
            Thread.sleep(500);
            assertTrue(text(status).startsWith("Failed ("), text(status));
            assertFalse(text(error).isBlank(), "the reason under the status");
            assertEquals("", text(only("live.levelText")), "no level from a device that is gone");
            System.out.println("unplugged: " + text(status) + " / " + text(error));
            workbench.screenshot("live-failed-unplugged");
        } finally {
            mic.plug();
        }
    }

    // ---- issue 13: the Live view an ASR engineer wants, long work with progress, Preferences (LiveInsightChecks) ----

    @Test
    @org.junit.jupiter.api.Order(8)
    void theLiveViewShowsWordsConfidenceLatencyAndClipping() throws Exception {
        new LiveInsightChecks(workbench, dir).liveViewShowsWordsConfidenceLatencyAndClipping();
    }

    @Test
    @org.junit.jupiter.api.Order(8)
    void fileInferenceShowsProgressAndCancelStopsTheServer() throws Exception {
        new LiveInsightChecks(workbench, dir).fileInferenceShowsProgressAndCancelStopsTheServer();
    }

    @Test
    @org.junit.jupiter.api.Order(8)
    void preferencesShowDevicesEffectiveValuesAndTestTheConnection() throws Exception {
        new LiveInsightChecks(workbench, dir).preferencesShowDevicesEffectiveValuesAndTestTheConnection(server.server.httpUri().toString());
    }

    // issue 10 (ServerViewsChecks): the model pickers, and the views against the real asr-test backend of ./run-tests
    @Test
    @org.junit.jupiter.api.Order(9)
    void modelPickersListWhatTheServerOffers() throws Exception {
        new ServerViewsChecks(workbench).modelPickersListWhatTheServerOffers(server.server.httpUri().toString(), dir.resolve("embedded"));
    }

    @Test
    @org.junit.jupiter.api.Order(9)
    void stopStopsASessionThatCannotReachItsServer() throws Exception {
        new LiveInsightChecks(workbench, dir).stopStopsASessionThatCannotReachItsServer();
    }

    /** A run source as a plugin contributes one (MLflow, W&B, a cluster's scheduler): one finished run with a loss. */
    static final class PluginRuns implements dev.hark.core.runs.TrainingRunSource {
        final boolean broken;

        PluginRuns(boolean broken) {
            this.broken = broken;
        }

        @Override
        public String label() {
            return broken ? "Plugin: broken" : "Plugin: experiments";
        }

        @Override
        public List<dev.hark.protocol.runs.RunInfo> runs() throws java.io.IOException {
            if (broken) {
                throw new java.io.IOException("cannot reach the tracking server");
            }
            return List.of(new dev.hark.protocol.runs.RunInfo("exp-7", "exp-7", dev.hark.protocol.runs.RunState.FINISHED, "",
                    List.of("loss"), 3, 2, 1.7e9, java.util.Map.of("lr", "0.1", "batch_size", "16")));
        }

        @Override
        public dev.hark.protocol.runs.ScalarSeries series(String runId, String tag, int maxPoints) {
            return new dev.hark.protocol.runs.ScalarSeries(runId, tag, List.of(new dev.hark.protocol.runs.ScalarPoint(0, 1.7e9, 0.9),
                    new dev.hark.protocol.runs.ScalarPoint(1, 1.7e9 + 1, 0.5), new dev.hark.protocol.runs.ScalarPoint(2, 1.7e9 + 2, 0.25)), 3);
        }
    }

    @Test
    @org.junit.jupiter.api.Order(10)
    void aPluginsRunSourceIsListedAndABrokenOneSaysWhy() throws Exception {
        var context = org.osgi.framework.FrameworkUtil.getBundle(WorkbenchTest.class).getBundleContext();
        workbench.showPart(Views.RUNS);
        var good = context.registerService(dev.hark.core.runs.TrainingRunSource.class, new PluginRuns(false), null);
        var broken = context.registerService(dev.hark.core.runs.TrainingRunSource.class, new PluginRuns(true), null);
        try {
            workbench.waitUntil(TIMEOUT, () -> workbench.tableHas("runs.table", "exp-7"), "the plugin's run in the Runs view");
            workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> ((Label) workbench.findAll("runs.message").get(0)).getText()
                    .contains("Plugin: broken: cannot reach the tracking server"))), "the broken source's reason under the runs");
            assertTrue(workbench.sync(() -> java.util.Arrays.stream(hparamsTable().getItems()).anyMatch(i -> i.getText(0).equals("exp-7"))),
                    "its hyperparameters in the table");
            var series = Views.service(dev.hark.core.services.RunsService.class)
                    .series(new dev.hark.core.runs.RunKey("Plugin: experiments", "exp-7"), "loss", 100);
            assertEquals(3, series.points().size(), "the view's service reads the plugin's series");
            workbench.screenshot("view-runs-plugin-source");
        } finally {
            good.unregister();
            broken.unregister();
        }
        workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> java.util.Arrays.stream(runsTable().getItems())
                .noneMatch(i -> i.getText(0).equals("exp-7")))), "the run to go with its plugin");
    }

    @Test
    @org.junit.jupiter.api.Order(9)
    void theRunsViewOverlaysTensorBoardRunsAndFollowsOneBeingWritten() throws Exception {
        java.nio.file.Path logs = dir.resolve("tensorboard");
        dev.hark.testing.TensorBoardWriters.batch(logs);   // tbx (with a NaN), tb (TF2-style tensors), group/nested
        var service = Views.service(dev.hark.core.services.RunsService.class);
        try (var writer = new dev.hark.testing.TensorBoardWriters.Live(logs.resolve("live"))) {
            writer.write(10);
            service.addTensorBoardFolder(logs);
            workbench.showPart(Views.RUNS);
            workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> runsTable().getItemCount() == 4)),
                    "the Runs view to list the folder's four runs");
            workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> smoothedCurves().size() == 4)),
                    "the four runs to be checked and drawn");
            assertEquals("loss", workbench.sync(() -> ((org.eclipse.swt.widgets.Combo) workbench.findAll("runs.tag").get(0)).getText()));
            assertTrue(workbench.sync(() -> ((org.eclipse.swt.widgets.Label) workbench.findAll("runs.message").get(0)).getText())
                    .contains("tbx: 1 non-finite"), "the NaN of tbx is named");
            assertEquals(10, workbench.sync(() -> curve("live").getXSeries().length));
            // the NaN of tbx's loss raises an alert: a notification popup over the window, and the service keeps it
            workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> workbench.findInAnyShell("alert.message").stream()
                    .anyMatch(c -> ((org.eclipse.swt.widgets.Label) c).getText().contains("loss became NaN at step 7")))),
                    "a notification popup for tbx's NaN loss");
            workbench.screenshot(workbench.sync(() -> workbench.findInAnyShell("alert.message").get(0).getShell()), "runs-alert-popup");
            workbench.sync(() -> {   // the capture activated the popup: close it and give the keyboard back to the window
                workbench.findInAnyShell("alert.message").forEach(c -> c.getShell().close());
                workbench.mainShell().forceActive();
                return null;
            });
            var alerts = Views.service(dev.hark.core.services.RunAlertsService.class).recent();
            assertTrue(alerts.stream().anyMatch(a -> a.kind() == dev.hark.core.runs.RunAlert.Kind.NON_FINITE && a.runName().equals("tbx")
                    && a.step() == 7), alerts.toString());
            assertEquals(1, alerts.stream().filter(a -> a.kind() == dev.hark.core.runs.RunAlert.Kind.NON_FINITE).count(),
                    "one alert per run and tag, however often the runs are read: " + alerts);

            writer.write(20);   // the writer goes on: the view follows without being asked
            workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> curve("live").getXSeries().length == 30)),
                    "the run being written to grow to 30 points in the chart");
            workbench.screenshot("view-runs");
            new RunCheckpointsChecks(workbench, server, dir.resolve("data")).aTensorBoardRunHasNoCheckpointsAndIsNotDeleted("tbx");

            // runs sorted by a metric: the loss's lowest value of every run (as the whole series has it), a click on
            // the column's header sorts by it; the filter keeps the runs whose cells contain its text
            java.util.Map<String, String> lowest = new java.util.HashMap<>();
            for (String run : java.util.List.of("tbx", "tb", "group/nested", "live")) {
                String source = workbench.sync(() -> runsRow(run).getText(5));
                var whole = service.series(new dev.hark.core.runs.RunKey(source, run), "loss", 0);
                lowest.put(run, String.format(java.util.Locale.ROOT, "%.4g", dev.hark.core.runs.MetricSummary.of(whole).min()));
            }
            int lowestColumn = dev.hark.ui.internal.RunRow.METRIC_COLUMN + 1;
            workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> lowest.entrySet().stream()
                    .allMatch(e -> runsRow(e.getKey()).getText(lowestColumn).equals(e.getValue())))),
                    "every run's lowest loss in the table: " + lowest);
            assertEquals("loss lowest", workbench.sync(() -> runsTable().getColumn(lowestColumn).getText()));
            workbench.sync(() -> {
                runsTable().getColumn(lowestColumn).notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
                return null;
            });
            java.util.List<Double> order = workbench.sync(() -> java.util.Arrays.stream(runsTable().getItems())
                    .map(i -> Double.parseDouble(i.getText(lowestColumn))).toList());
            java.util.List<Double> sortedOrder = new java.util.ArrayList<>(order);
            sortedOrder.sort(null);
            assertEquals(sortedOrder, order, "runs sorted by their lowest loss");
            workbench.sync(() -> {
                runsTable().showColumn(runsTable().getColumn(lowestColumn)); // the metric's columns in sight
                return null;
            });
            workbench.screenshot("view-runs-sorted");
            var filter = workbench.sync(() -> (org.eclipse.swt.widgets.Text) workbench.findAll("runs.filter").get(0));
            workbench.sync(() -> {
                filter.setText("NEST"); // case is ignored
                return null;
            });
            assertEquals(java.util.List.of("group/nested"), workbench.sync(() -> java.util.Arrays.stream(runsTable().getItems())
                    .map(i -> i.getText(0)).toList()), "the filter keeps the matching run");
            workbench.sync(() -> {
                filter.setText("");
                return null;
            });
            assertEquals(4, (int) workbench.sync(() -> runsTable().getItemCount()), "all runs again without a filter");

            // smoothing off draws the raw values only; log scale is refused for tb's zero accuracy
            workbench.sync(() -> {
                var scale = (org.eclipse.swt.widgets.Scale) workbench.findAll("runs.smoothing").get(0);
                scale.setSelection(0);
                scale.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
                var tag = (org.eclipse.swt.widgets.Combo) workbench.findAll("runs.tag").get(0);
                tag.select(java.util.Arrays.asList(tag.getItems()).indexOf("accuracy"));
                tag.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
                var log = (org.eclipse.swt.widgets.Button) workbench.findAll("runs.log").get(0);
                log.setSelection(true);
                log.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
                return null;
            });
            workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> smoothedCurves().size() == 1
                    && ((org.eclipse.swt.widgets.Label) workbench.findAll("runs.message").get(0)).getText().contains("log scale"))),
                    "the accuracy of tb alone, with the log scale refused for its zero");
            double[] acc = workbench.sync(() -> curve("tb").getYSeries());
            assertEquals(19 / 32.0, acc[acc.length - 1], 1e-6, "no smoothing: the raw last value");
            workbench.screenshot("view-runs-accuracy");
        } finally {
            service.removeTensorBoardFolder(logs);
        }
        workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> runsTable().getItemCount() == 0)),
                "the runs to go with their folder");

        // hyperparameters as Lightning and add_hparams log them: a table of the runs that have any, side by side
        java.nio.file.Path hp = dir.resolve("tensorboard-hparams");
        dev.hark.testing.TensorBoardWriters.hparams(hp);
        service.addTensorBoardFolder(hp);
        try {
            workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> hparamsTable().getItemCount() == 2)),
                    "the hyperparameters of lightning and tbx/add");
            List<String> columns = workbench.sync(() -> java.util.Arrays.stream(hparamsTable().getColumns())
                    .map(org.eclipse.swt.widgets.TableColumn::getText).toList());
            assertEquals(List.of("Run", "augment", "batch_size", "layers", "lr", "optimizer"), columns,
                    "every name once; all differ between the two runs");
            List<String> rows = workbench.sync(() -> java.util.Arrays.stream(hparamsTable().getItems())
                    .map(i -> i.getText(0) + ":" + i.getText(4)).toList());
            assertTrue(rows.contains("lightning:0.001") && rows.contains("tbx/add:0.01"), rows.toString());
            workbench.screenshot("view-runs-hparams");
        } finally {
            service.removeTensorBoardFolder(hp);
        }
    }

    private static org.eclipse.swt.widgets.Table hparamsTable() {
        return (org.eclipse.swt.widgets.Table) workbench.findAll("runs.hparams").get(0);
    }

    /**
     * Issue 12: the runs the connected Hark server keeps are listed by the Runs view beside the folders' (through
     * RunsService and the server's /v2/runs), drawn when checked, its checkpoints listed, used for live transcription and
     * deleted through the view ({@link RunCheckpointsChecks}), and gone from the view when deleted on the server. After
     * the other Runs test (order 10): the view checks the first runs it ever lists by itself, and that test counts on its
     * folder's runs being those.
     */
    @Test
    @org.junit.jupiter.api.Order(10)
    void theRunsViewListsAndDrawsTheConnectedServersRuns() throws Exception {
        Views.useServer(server.server.httpUri().toString(), dir.resolve("embedded"));
        com.google.gson.JsonObject dataset = new com.google.gson.JsonObject();
        dataset.addProperty("dataset_name", "digits-ui-runs");
        dataset.addProperty("kind", "digits");
        dataset.addProperty("count", 32);
        dataset.addProperty("seed", 9);
        assertEquals(200, post("/api/dataset/generate", dataset).statusCode());
        workbench.waitUntil(Duration.ofMinutes(3), () -> call(() -> server.get("/api/datasets/digits-ui-runs").body().contains("\"downloaded\"")),
                "the dataset to be generated");
        com.google.gson.JsonObject train = new com.google.gson.JsonObject();
        train.addProperty("model_name", "ctc");
        train.addProperty("dataset_name", "digits-ui-runs");
        train.addProperty("epochs", 4);
        train.addProperty("batch_size", 4);
        train.addProperty("validation_split", 0.2);
        var started = post("/api/train/start", train);
        assertEquals(200, started.statusCode(), started.body());
        String runId = dev.hark.testing.RunningServer.json(started.body()).get("run_id").getAsString();
        String secondRun = null;
        try {
            workbench.showPart(Views.RUNS);
            workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> runsRow(runId) != null)),
                    "the Runs view to list the server's run while it trains");
            workbench.waitUntil(Duration.ofMinutes(5), () -> call(() -> server.get("/api/status").body().contains("\"is_training\":false")),
                    "the run to end");
            workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> {
                var row = runsRow(runId);
                return row != null && row.getText(1).equals(dev.hark.ui.internal.Messages.Runs_stateFinished);
            })), "the run to be shown finished");
            String source = workbench.sync(() -> runsRow(runId).getText(5));
            assertTrue(source.startsWith("Hark server: http://") && source.contains(":" + server.server.httpUri().getPort()), source);
            assertTrue(workbench.sync(() -> runsRow(runId).getText(4)).contains("val_loss"), "its tags");
            // check it (as a click on its box does) and see its loss curve, smoothed as the view starts (not as the other
            // Runs test left it)
            workbench.sync(() -> {
                var scale = (org.eclipse.swt.widgets.Scale) workbench.findAll("runs.smoothing").get(0);
                scale.setSelection(60);
                scale.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
                var log = (org.eclipse.swt.widgets.Button) workbench.findAll("runs.log").get(0);
                log.setSelection(false);
                log.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
                var tag = (org.eclipse.swt.widgets.Combo) workbench.findAll("runs.tag").get(0);
                tag.select(java.util.Arrays.asList(tag.getItems()).indexOf("loss"));
                tag.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event());
                return null;
            });
            checkRun(runId);
            workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> smoothedCurves().stream()
                    .anyMatch(c -> runId.equals(c.getDescription()) && c.getXSeries().length > 3))),
                    "the server run's loss curve");
            workbench.screenshot("view-runs-server");
            // a second run of the same model and dataset: both keep their checkpoints, and both curves are drawn together
            train.addProperty("epochs", 3);
            train.addProperty("resume_from_checkpoint", false);
            var again = post("/api/train/start", train);
            assertEquals(200, again.statusCode(), again.body());
            secondRun = dev.hark.testing.RunningServer.json(again.body()).get("run_id").getAsString();
            String second = secondRun;
            workbench.waitUntil(Duration.ofMinutes(5), () -> call(() -> server.get("/api/status").body().contains("\"is_training\":false")),
                    "the second run to end");
            for (String id : java.util.List.of(runId, second)) {
                var checkpointList = dev.hark.testing.RunningServer.json(server.get("/v2/runs/" + id).body()).getAsJsonArray("checkpoints");
                assertTrue(checkpointList.size() >= 2, id + " keeps its checkpoints: " + checkpointList);
                checkpointList.forEach(c -> assertTrue(java.nio.file.Files.isDirectory(dir.resolve("data").resolve("checkpoints")
                        .resolve(c.getAsJsonObject().get("folder").getAsString())), id + "'s checkpoint on disk: " + c));
            }
            workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> {
                var row = runsRow(second);
                return row != null && row.getText(1).equals(dev.hark.ui.internal.Messages.Runs_stateFinished);
            })), "the second run to be shown finished");
            checkRun(second);
            workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> java.util.List.of(runId, second).stream().allMatch(id ->
                    smoothedCurves().stream().anyMatch(c -> id.equals(c.getDescription()) && c.getXSeries().length >= 3)))),
                    "both runs' loss curves overlaid");
            workbench.screenshot("view-runs-overlay");
            // its checkpoints: the table, use for live, delete (refused while another run trains, then done)
            var checkpoints = new RunCheckpointsChecks(workbench, server, dir.resolve("data"));
            checkpoints.checkpointsOfAServerRun(runId);
            checkpoints.deletingARunInProgressIsRefused("digits-ui-runs");
            checkpoints.deletingAFinishedRunThroughTheDialog(runId);
        } finally {
            server.send(java.net.http.HttpRequest.newBuilder(server.http("/v2/runs/" + runId)).DELETE());
            if (secondRun != null) {
                server.send(java.net.http.HttpRequest.newBuilder(server.http("/v2/runs/" + secondRun)).DELETE());
            }
            Views.service(dev.hark.core.services.ModelService.class).useForLive(null); // later tests use the server's default
        }
        workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> runsRow(runId) == null)),
                "the run to go from the view once deleted on the server");
    }

    private static java.net.http.HttpResponse<String> post(String path, com.google.gson.JsonObject body) throws Exception {
        return server.send(java.net.http.HttpRequest.newBuilder(server.http(path)).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body.toString())));
    }

    /** Checks a run's box in the Runs view, as a click on it does. */
    private static void checkRun(String runId) throws Exception {
        workbench.sync(() -> {
            var item = runsRow(runId);
            item.setChecked(true);
            var e = new org.eclipse.swt.widgets.Event();
            e.detail = org.eclipse.swt.SWT.CHECK;
            e.item = item;
            runsTable().notifyListeners(org.eclipse.swt.SWT.Selection, e);
            return null;
        });
    }

    private static org.eclipse.swt.widgets.TableItem runsRow(String runId) {
        return java.util.Arrays.stream(runsTable().getItems()).filter(i -> i.getText(0).equals(runId)).findFirst().orElse(null);
    }

    private static org.eclipse.swt.widgets.Table runsTable() {
        return (org.eclipse.swt.widgets.Table) workbench.findAll("runs.table").get(0);
    }

    private static java.util.List<org.eclipse.swtchart.ISeries<?>> smoothedCurves() {
        var chart = (org.eclipse.swtchart.Chart) workbench.findAll("runs.chart").get(0);
        return java.util.Arrays.stream(chart.getSeriesSet().getSeries()).filter(s -> s.getId().startsWith("smooth:")).toList();
    }

    private static org.eclipse.swtchart.ISeries<?> curve(String run) {
        return smoothedCurves().stream().filter(s -> run.equals(s.getDescription())).findFirst()
                .orElseThrow(() -> new AssertionError("no curve of " + run));
    }

    @Test
    @org.junit.jupiter.api.Order(9)
    void trainingModelsAndDatasetsViewsShowTheAsrTestBackend() throws Exception {
        new ServerViewsChecks(workbench).asrTestBackendViews(ServerViewsChecks.asrTestUrl(), dir.resolve("embedded"),
                server.server.httpUri().toString());
    }

    @Test
    @org.junit.jupiter.api.Order(9)
    void ctrlCommaOpensPreferencesAndMenusShowTheKeys() throws Exception {
        List<String> items = workbench.sync(workbench::menuItems);
        System.out.println("menu: " + items);
        assertTrue(items.stream().anyMatch(i -> i.startsWith("File/Quit\t") && i.endsWith("Ctrl+Q")), "Quit shows Ctrl+Q: " + items);
        assertTrue(items.stream().anyMatch(i -> i.startsWith("Window/Preferences...\t") && i.endsWith("Ctrl+,")),
                "Preferences shows Ctrl+,: " + items);
        workbench.pressKey(org.eclipse.swt.SWT.CTRL, ',');
        String title = dev.hark.ui.internal.Messages.Prefs_title;
        workbench.waitUntil(Duration.ofSeconds(10), () -> workbench.shellTitled(title) != null, "Ctrl+, to open \"" + title + "\"");
        Shell prefs = workbench.shellTitled(title);
        workbench.sync(() -> {
            prefs.close(); // Cancel
            return null;
        });
        workbench.waitUntil(Duration.ofSeconds(10), () -> workbench.shellTitled(title) == null, "the dialog to close");
    }

    /** A plugin's page as a plugin writes one: a JFace PreferencePage with one field, saved on OK. */
    static final class SamplePage extends org.eclipse.jface.preference.PreferencePage {
        final java.util.concurrent.atomic.AtomicReference<String> saved;
        final java.util.concurrent.atomic.AtomicBoolean disposed;
        private org.eclipse.swt.widgets.Text field;

        SamplePage(java.util.concurrent.atomic.AtomicReference<String> saved, java.util.concurrent.atomic.AtomicBoolean disposed) {
            this.saved = saved;
            this.disposed = disposed;
            noDefaultAndApplyButton();
        }

        @Override
        protected Control createContents(org.eclipse.swt.widgets.Composite parent) {
            org.eclipse.swt.widgets.Composite c = new org.eclipse.swt.widgets.Composite(parent, org.eclipse.swt.SWT.NONE);
            c.setLayout(new org.eclipse.swt.layout.GridLayout(2, false));
            new Label(c, org.eclipse.swt.SWT.NONE).setText("Tier name:");
            field = new org.eclipse.swt.widgets.Text(c, org.eclipse.swt.SWT.BORDER);
            field.setData(dev.hark.core.WidgetIds.KEY, "sample.tier");
            field.setText("words");
            return c;
        }

        @Override
        public boolean performOk() {
            saved.set(field.getText());
            return true;
        }

        @Override
        public void dispose() {
            disposed.set(true);
            super.dispose();
        }
    }

    @Test
    @org.junit.jupiter.api.Order(9)
    void pluginPreferencePagesAreTabsOfPreferencesAndABrokenOneIsNamed() throws Exception {
        var context = org.osgi.framework.FrameworkUtil.getBundle(WorkbenchTest.class).getBundleContext();
        var saved = new java.util.concurrent.atomic.AtomicReference<String>();
        var disposed = new java.util.concurrent.atomic.AtomicBoolean();
        var good = context.registerService(dev.hark.ui.preferences.PreferencePageContribution.class,
                new dev.hark.ui.preferences.PreferencePageContribution() {
                    @Override
                    public String label() {
                        return "TextGrid";
                    }

                    @Override
                    public org.eclipse.jface.preference.IPreferencePage createPage() {
                        return new SamplePage(saved, disposed);
                    }
                }, null);
        var broken = context.registerService(dev.hark.ui.preferences.PreferencePageContribution.class,
                new dev.hark.ui.preferences.PreferencePageContribution() {
                    @Override
                    public String label() {
                        return "Broken";
                    }

                    @Override
                    public org.eclipse.jface.preference.IPreferencePage createPage() {
                        throw new IllegalStateException("no settings file");
                    }
                }, null);
        String title = dev.hark.ui.internal.Messages.Prefs_title;
        try {
            workbench.pressKey(org.eclipse.swt.SWT.CTRL, ',');
            workbench.waitUntil(Duration.ofSeconds(10), () -> workbench.shellTitled(title) != null, "Ctrl+, to open \"" + title + "\"");
            Shell prefs = workbench.shellTitled(title);
            List<String> tabs = workbench.sync(() -> {
                var folder = (org.eclipse.swt.widgets.TabFolder) workbench.findInAnyShell("prefs.tabs").get(0);
                List<String> names = java.util.Arrays.stream(folder.getItems()).map(org.eclipse.swt.widgets.TabItem::getText).toList();
                folder.setSelection(1);
                return names;
            });
            assertEquals(List.of("Hark", "TextGrid", "Broken"), tabs, "Hark's own settings first, then each plugin's page");
            String failure = workbench.sync(() -> ((Label) workbench.findInAnyShell("prefs.pageFailed").get(0)).getText());
            assertTrue(failure.contains("dev.hark.app") && failure.contains("no settings file"), failure);
            workbench.screenshot(prefs, "preferences-plugin-page");
            workbench.sync(() -> {
                ((org.eclipse.swt.widgets.Text) workbench.findInAnyShell("sample.tier").get(0)).setText("phones");
                for (Control c : workbench.allControls(prefs)) {
                    if (c instanceof org.eclipse.swt.widgets.Button b && b.getText().replace("&", "")
                            .equals(dev.hark.ui.internal.Messages.Common_ok.replace("&", ""))) {
                        b.getDisplay().asyncExec(() -> b.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event()));
                    }
                }
                return null;
            });
            workbench.waitUntil(Duration.ofSeconds(10), () -> workbench.shellTitled(title) == null, "OK to close the dialog");
            assertEquals("phones", saved.get(), "OK saved the plugin's page");
            assertTrue(disposed.get(), "the page was disposed with the dialog");
        } finally {
            good.unregister();
            broken.unregister();
        }
    }

    @Test
    @org.junit.jupiter.api.Order(9)
    void aPartDescriptorFromAModelFragmentIsListedInTheWindowMenuAndOpens() throws Exception {
        var application = workbench.workbench().getApplication();
        String id = "dev.hark.app.tests.descriptorView";
        workbench.sync(() -> { // what a plugin's fragment.e4xmi adds to the application's descriptors
            var models = application.getContext().get(org.eclipse.e4.ui.workbench.modeling.EModelService.class);
            var d = models.createModelElement(org.eclipse.e4.ui.model.application.descriptor.basic.MPartDescriptor.class);
            d.setElementId(id);
            d.setLabel("Descriptor View");
            d.setCloseable(true);
            d.setContributionURI("bundleclass://dev.hark.app/dev.hark.app.tests.DescriptorView");
            application.getDescriptors().add(d);
            return null;
        });
        try {
            List<String> items = workbench.sync(workbench::menuItems);
            assertTrue(items.contains("Window/Descriptor View"), "the descriptor in the Window menu: " + items);
            assertTrue(items.indexOf("Window/Descriptor View") > items.indexOf("Window/Connection"), "after Hark's own views: " + items);
            workbench.sync(() -> {
                for (org.eclipse.swt.widgets.MenuItem top : workbench.mainShell().getMenuBar().getItems()) {
                    if (top.getText().replace("&", "").equals("Window")) {
                        top.getMenu().notifyListeners(org.eclipse.swt.SWT.Show, new org.eclipse.swt.widgets.Event());
                        for (org.eclipse.swt.widgets.MenuItem item : top.getMenu().getItems()) {
                            if (item.getText().replace("&", "").equals("Descriptor View")) {
                                item.getDisplay().asyncExec(() -> item.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event()));
                            }
                        }
                    }
                }
                return null;
            });
            workbench.waitUntil(TIMEOUT, () -> call(() -> workbench.sync(() -> workbench.findAll("test.descriptorView").size() == 1)),
                    "Window > Descriptor View to open the view");
            workbench.screenshot("window-menu-descriptor-view");
        } finally {
            workbench.sync(() -> {
                var parts = application.getChildren().get(0).getContext().get(org.eclipse.e4.ui.workbench.modeling.EPartService.class);
                var part = parts.findPart(id);
                if (part != null) {
                    parts.hidePart(part, true);
                }
                application.getDescriptors().removeIf(x -> id.equals(x.getElementId()));
                return null;
            });
        }
        List<String> after = workbench.sync(workbench::menuItems);
        assertFalse(after.contains("Window/Descriptor View"), "gone with its descriptor: " + after);
    }

    @Test
    @org.junit.jupiter.api.Order(9)
    void helpPluginsOpensTheInstalledPluginsTable() throws Exception {
        List<String> items = workbench.sync(workbench::menuItems);
        assertTrue(items.contains("Help/Plugins..."), "Help > Plugins...: " + items);
        workbench.sync(() -> {
            for (org.eclipse.swt.widgets.MenuItem top : workbench.mainShell().getMenuBar().getItems()) {
                if (top.getText().replace("&", "").equals("Help")) {
                    top.getMenu().notifyListeners(org.eclipse.swt.SWT.Show, new org.eclipse.swt.widgets.Event());
                    for (org.eclipse.swt.widgets.MenuItem item : top.getMenu().getItems()) {
                        if (item.getText().replace("&", "").startsWith("Plugins")) {
                            // as a click: the dialog's event loop must not run inside this sync call
                            item.getDisplay().asyncExec(() -> item.notifyListeners(org.eclipse.swt.SWT.Selection, new org.eclipse.swt.widgets.Event()));
                        }
                    }
                }
            }
            return null;
        });
        String title = dev.hark.ui.internal.Messages.Plugins_title;
        workbench.waitUntil(Duration.ofSeconds(10), () -> workbench.shellTitled(title) != null, "Help > Plugins to open \"" + title + "\"");
        Shell dialog = workbench.shellTitled(title);
        List<String> found = workbench.sync(() -> {
            List<String> ids = new java.util.ArrayList<>();
            java.util.ArrayDeque<Control> todo = new java.util.ArrayDeque<>(List.of(dialog.getChildren()));
            while (!todo.isEmpty()) {
                Control c = todo.poll();
                if (c.getData(dev.hark.core.WidgetIds.KEY) != null) {
                    ids.add(c.getData(dev.hark.core.WidgetIds.KEY) + "=" + (c instanceof Label l ? l.getText()
                            : c instanceof org.eclipse.swt.widgets.Table t ? t.getColumnCount() + " columns, " + t.getItemCount() + " rows" : ""));
                }
                if (c instanceof org.eclipse.swt.widgets.Composite comp) {
                    todo.addAll(List.of(comp.getChildren()));
                }
            }
            return ids;
        });
        assertTrue(found.stream().anyMatch(i -> i.startsWith("plugins.table=5 columns")), "a table of name, version, state, problem, file: " + found);
        assertTrue(found.stream().anyMatch(i -> i.startsWith("plugins.folders=") && i.length() > "plugins.folders=".length()),
                "the dialog says where plugins go, or why it cannot: " + found);
        workbench.screenshot(dialog, "help-plugins");
        workbench.sync(() -> {
            dialog.close();
            return null;
        });
        workbench.waitUntil(Duration.ofSeconds(10), () -> workbench.shellTitled(title) == null, "the dialog to close");
    }

    /** Issue 12, item 6 (EvaluationChecks): a server run's checkpoint evaluated through the Runs view and the result shown. */
    @Test
    @org.junit.jupiter.api.Order(11)
    void aCheckpointIsEvaluatedThroughTheDialogAndItsResultShown() throws Exception {
        new EvaluationChecks(workbench, server).evaluateACheckpointThroughTheDialog(dir.resolve("embedded"));
    }

    @Test
    @org.junit.jupiter.api.Order(12)
    void ctrlQQuitsAndTheWindowBoundsAreRemembered() throws Exception {
        // KNOWN BUG (closing note): while a run-alert popup is on screen (and, seen before, after it closed itself), Ctrl+Q
        // does not quit. Traced in the fifth session: the key events then reach no SWT widget at all (a display filter
        // sees no KeyDown), while e4's context chain is the window's (its active leaf a part of the window): the X
        // keyboard focus is lost under Xvfb, which has no window manager to give it back, so this may be the test
        // display's rather than the product's. The server-runs test leaves a "finished" popup: dismissed first.
        workbench.sync(() -> {
            java.util.Arrays.stream(workbench.mainShell().getDisplay().getShells())
                    .filter(sh -> sh.isVisible() && sh != workbench.mainShell()).forEach(Shell::close);
            return null;
        });
        workbench.sync(() -> {
            workbench.mainShell().setBounds(50, 60, 1200, 760); // the user moves and resizes the window
            return null;
        });
        Thread.sleep(300);
        workbench.pressKey(org.eclipse.swt.SWT.CTRL, 'q');
        workbench.waitUntil(Duration.ofSeconds(30), workbench::ended, "Ctrl+Q to quit the workbench");
        assertTrue(workbench.mainShell() == null, "the main window is gone");
        var remembered = dev.hark.app.WindowSizeAddon.remembered();
        assertEquals(new org.eclipse.swt.graphics.Rectangle(50, 60, 1200, 760), remembered, "bounds kept for the next start");
        assertEquals(remembered, dev.hark.app.WindowBounds.restorable(remembered, new org.eclipse.swt.graphics.Rectangle(0, 0, 1600, 1000)),
                "and restored on this screen");
    }

    interface Check {
        boolean get() throws Exception;
    }

    interface TextCheck {
        String get() throws Exception;
    }

    static String call2(TextCheck t) {
        try {
            return t.get();
        } catch (Exception e) {
            return e.toString();
        }
    }

    static boolean call(Check check) {
        try {
            return check.get();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
