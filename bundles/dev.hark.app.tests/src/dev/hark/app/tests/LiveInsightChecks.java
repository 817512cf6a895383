package dev.hark.app.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import org.eclipse.swt.SWT;
import org.eclipse.swt.custom.StyleRange;
import org.eclipse.swt.custom.StyledText;
import org.eclipse.swt.graphics.Point;
import org.eclipse.swt.graphics.Rectangle;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Event;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.ProgressBar;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;

import dev.hark.app.parts.ConnectionPart;
import dev.hark.core.ConnectionState;
import dev.hark.core.HarkPreferences;
import dev.hark.core.services.DeviceService;
import dev.hark.core.transcript.Segment;
import dev.hark.testing.Speech;
import dev.hark.ui.internal.LevelMeter;
import dev.hark.ui.internal.Messages;
import dev.hark.ui.internal.WordTranscriptView;

/**
 * Issue 13's Live view, file inference and Preferences, driven through the real widgets of the running workbench
 * against its embedded server (a child process): words with confidence and times, per-utterance latency, the level
 * meter's clip light, inference progress and a Cancel that stops the server's work, the Preferences dialog's
 * devices, effective values and "Test connection", and Stop while the server cannot be reached.
 */
final class LiveInsightChecks {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private final RunningWorkbench workbench;
    private final Path dir;

    LiveInsightChecks(RunningWorkbench workbench, Path dir) {
        this.workbench = workbench;
        this.dir = dir;
    }

    private <T extends Control> T only(String id, Class<T> type) throws Exception {
        List<Control> found = workbench.sync(() -> workbench.findAll(id));
        assertEquals(1, found.size(), "widgets tagged " + id + ": " + found);
        return type.cast(found.get(0));
    }

    private void click(Button b) throws Exception {
        workbench.sync(() -> {
            b.notifyListeners(SWT.Selection, new Event());
            return null;
        });
    }

    /** 16 kHz speech: two sentences, then a burst at full scale (clipping), then a pause. */
    private Path speechThenClipping() throws Exception {
        var a = Speech.flite("the weather is nice today", "slt");
        var b = Speech.flite("please call me tomorrow morning", "slt");
        int rate = a.sampleRate();
        float[] burst = new float[(int) (0.6 * rate)];
        for (int i = 0; i < burst.length; i++) {
            burst[i] = (float) Math.max(-1, Math.min(1, 1.4 * Math.sin(2 * Math.PI * 440 * i / rate)));
        }
        return Speech.writeWav(dir.resolve("speech-then-clipping.wav"), Speech.concat(Speech.silence(0.5, rate), a.samples(),
                Speech.silence(0.8, rate), b.samples(), Speech.silence(0.8, rate), burst, Speech.silence(2.5, rate)), rate);
    }

    void liveViewShowsWordsConfidenceLatencyAndClipping() throws Exception {
        var live = Views.live();
        workbench.showPart(Views.LIVE);
        click(only("live.clear", Button.class));
        WorkbenchTest.startReplay(speechThenClipping());
        LevelMeter meter = only("live.level", LevelMeter.class);
        Label levelText = only("live.levelText", Label.class);
        workbench.waitUntil(TIMEOUT, () -> WorkbenchTest.call(() -> workbench.sync(meter::clipping)), "the clip light for the full-scale burst");
        String clipText = workbench.sync(levelText::getText);
        assertTrue(fits(levelText), "the level text shows all of: " + clipText);
        File clipShot = workbench.screenshot("live-words-latency-clipping");
        assertTrue(clipText.contains(Messages.Live_clipping.substring(0, 5)), "the level text says it clips: " + clipText);
        workbench.waitUntil(TIMEOUT, () -> !live.state().isActive(), "the file to end");
        Thread.sleep(300);

        StyledText transcript = only("live.transcript", StyledText.class);
        WordTranscriptView view = workbench.sync(() -> WordTranscriptView.of(transcript));
        assertNotNull(view);
        String text = workbench.sync(transcript::getText);
        System.out.println("Live transcript:\n" + text);
        List<Segment> finals = live.snapshot().stream().filter(s -> s.kind() == Segment.Kind.FINAL && !s.text().isBlank()).toList();
        assertTrue(finals.size() >= 2, "finals: " + finals);
        // every final line carries its latencies, measured here
        String latencyStart = Messages.Live_latency.substring(0, Messages.Live_latency.indexOf('{'));
        long timedLines = text.lines().filter(l -> l.contains(latencyStart) && l.matches(".*\\d+ ms\\)?\\s*$")).count();
        assertTrue(timedLines >= finals.size(), timedLines + " of " + finals.size() + " lines show their latency:\n" + text);
        // the words are indexed with their times and confidence; low and medium confidence are shaded
        List<Integer> offsets = workbench.sync(() -> new ArrayList<>(view.wordOffsets()));
        int words = finals.stream().mapToInt(s -> s.words().size()).sum();
        assertTrue(words > 0, "the server sent word times");
        assertEquals(words, offsets.size(), "every word of every final is on screen: " + finals);
        int shaded = 0;
        int expectedShaded = 0;
        for (int offset : offsets) {
            Segment.Word w = workbench.sync(() -> view.wordAtOffset(offset));
            StyleRange r = workbench.sync(() -> transcript.getStyleRangeAtOffset(offset));
            if (WordTranscriptView.shade(w.confidence()) != WordTranscriptView.Shade.NONE) {
                expectedShaded++;
                assertTrue(r != null && r.background != null, "\"" + w.text() + "\" (confidence " + w.confidence() + ") is shaded");
                shaded++;
            } else {
                assertTrue(r == null || r.background == null, "\"" + w.text() + "\" (confidence " + w.confidence() + ") is not shaded");
            }
        }
        System.out.printf("words %d, shaded for low/medium confidence %d of %d%n", words, shaded, expectedShaded);
        // hovering a word shows its times and confidence
        int first = offsets.get(0);
        String tip = workbench.sync(() -> {
            Point p = transcript.getLocationAtOffset(first);
            Event hover = new Event();
            hover.x = p.x + 2;
            hover.y = p.y + transcript.getLineHeight() / 2;
            transcript.notifyListeners(SWT.MouseHover, hover);
            return transcript.getToolTipText();
        });
        Segment.Word firstWord = workbench.sync(() -> view.wordAtOffset(first));
        assertEquals(WordTranscriptView.describe(firstWord), tip, "the hover text of the first word");
        assertTrue(tip.contains(" s,"), tip);
        // the status line is not cut at this window size: it wraps within the view
        Label status = only("live.status", Label.class);
        assertTrue(fits(status), "the status line shows all of: " + workbench.sync(status::getText));
        assertTrue(clipShot.isFile());
        workbench.screenshot("live-words-latency");
    }

    /** True when the label shows all its text: inside its parent, and as tall as its wrapped text needs. */
    private boolean fits(Label label) throws Exception {
        return workbench.sync(() -> {
            Point size = label.getSize();
            Point needed = label.computeSize(size.x, SWT.DEFAULT);
            Rectangle parent = label.getParent().getClientArea();
            return label.getLocation().x + size.x <= parent.width && needed.y <= size.y + 1 && needed.x <= size.x + 1;
        });
    }

    /** CPU seconds the process has used (Linux /proc), or -1. */
    private static double cpuSeconds(long pid) {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // utime + stime, in clock ticks
        } catch (Exception e) {
            return -1;
        }
    }

    void fileInferenceShowsProgressAndCancelStopsTheServer() throws Exception {
        Path longFile = dir.resolve("long-inference.wav");
        WorkbenchTest.recording(longFile, 150);
        Path shortFile = dir.resolve("short-inference.wav");
        String shortText = WorkbenchTest.recording(shortFile, 4);
        long pid = Views.supervisor().embeddedPid().orElseThrow(() -> new AssertionError("the embedded server runs"));
        workbench.showPart(Views.INFERENCE);
        Text file = only("inference.file", Text.class);
        Button run = only("inference.run", Button.class);
        Button cancel = only("inference.cancel", Button.class);
        ProgressBar bar = only("inference.progress", ProgressBar.class);
        Label progress = only("inference.progressText", Label.class);
        Label timings = only("inference.timings", Label.class);
        Text result = only("inference.result", Text.class);

        // a short file first: its timings are on screen
        workbench.sync(() -> {
            file.setText(shortFile.toString());
            return null;
        });
        click(run);
        workbench.waitUntil(TIMEOUT, () -> WorkbenchTest.call(() -> !workbench.sync(timings::getText).isBlank()), "the short file's timings");
        System.out.println("short: " + workbench.sync(result::getText) + " / " + workbench.sync(timings::getText) + " (" + shortText + ")");
        assertEquals(Messages.Inference_done, workbench.sync(progress::getText));

        // the long one: progress moves, the old timings are gone, Cancel ends it and the server's work
        workbench.sync(() -> {
            file.setText(longFile.toString());
            return null;
        });
        click(run);
        assertEquals("", workbench.sync(timings::getText), "the last run's timings are cleared when a new one starts");
        assertTrue(workbench.sync(cancel::isEnabled), "Cancel is enabled while running");
        workbench.waitUntil(TIMEOUT, () -> WorkbenchTest.call(() -> workbench.sync(bar::getSelection) > 0), "the progress bar to move");
        int firstSeen = workbench.sync(bar::getSelection);
        workbench.waitUntil(TIMEOUT, () -> WorkbenchTest.call(() -> workbench.sync(bar::getSelection) > firstSeen), "the progress bar to move on");
        String moving = workbench.sync(progress::getText);
        System.out.println("inference progress: " + moving + " (bar " + workbench.sync(bar::getSelection) + "/1000)");
        assertTrue(moving.matches(".*\\d+.*\\d+.*%.*"), moving);
        workbench.screenshot("inference-progress");
        double cpuBefore = cpuSeconds(pid);
        long t0 = System.nanoTime();
        click(cancel);
        workbench.waitUntil(Duration.ofSeconds(10), () -> WorkbenchTest.call(() -> workbench.sync(result::getText).equals(Messages.Inference_cancelled)),
                "the view to say cancelled");
        double cancelSeconds = (System.nanoTime() - t0) / 1e9;
        assertTrue(workbench.sync(run::isEnabled) && !workbench.sync(cancel::isEnabled), "Run again, Cancel off");
        assertEquals("", workbench.sync(timings::getText));
        Thread.sleep(1_500); // the server notices at its next progress line (every 250 ms)
        double cpuAfterStop = cpuSeconds(pid);
        Thread.sleep(3_000);
        double idleCpu = cpuSeconds(pid) - cpuAfterStop;
        System.out.printf("cancel: view ended in %.2f s; server CPU %.2f s during the stop, %.2f s in the 3 s after%n", cancelSeconds,
                cpuAfterStop - cpuBefore, idleCpu);
        if (cpuBefore >= 0) {
            assertTrue(idleCpu < 1.0, "the embedded server keeps decoding for a client that is gone: " + idleCpu + " s CPU in 3 s");
        }
        workbench.screenshot("inference-cancelled");

        // a missing file: the error, and no timings of earlier runs
        workbench.sync(() -> {
            file.setText(dir.resolve("no-such-file.wav").toString());
            return null;
        });
        click(run);
        workbench.waitUntil(TIMEOUT, () -> WorkbenchTest.call(() -> workbench.sync(result::getText).startsWith(Messages.Common_error)),
                "the error for a missing file");
        assertEquals(Messages.Inference_failed, workbench.sync(progress::getText));
        assertEquals("", workbench.sync(timings::getText));
    }

    private static List<Control> collect(Control c, String id, List<Control> out) {
        if (id.equals(c.getData(ConnectionPart.WIDGET_ID))) {
            out.add(c);
        }
        if (c instanceof Composite comp) {
            for (Control child : comp.getChildren()) {
                collect(child, id, out);
            }
        }
        return out;
    }

    private <T extends Control> T inDialog(Shell shell, String id, Class<T> type) throws Exception {
        List<Control> found = workbench.sync(() -> collect(shell, id, new ArrayList<>()));
        assertEquals(1, found.size(), id + ": " + found);
        return type.cast(found.get(0));
    }

    /** A message's text before its first argument. */
    private static String prefix(String message) {
        return message.substring(0, message.indexOf('{'));
    }

    private String textOf(Label l) throws Exception {
        return workbench.sync(l::getText);
    }

    void preferencesShowDevicesEffectiveValuesAndTestTheConnection(String testServerUrl) throws Exception {
        String property = HarkPreferences.systemProperty(HarkPreferences.END_WAIT_SECONDS);
        var prefs = org.eclipse.core.runtime.preferences.InstanceScope.INSTANCE.getNode(HarkPreferences.NODE);
        prefs.remove(HarkPreferences.END_WAIT_SECONDS);
        prefs.flush();
        System.setProperty(property, "45");
        String title = Messages.Prefs_title;
        try {
            workbench.pressKey(SWT.CTRL, ',');
            workbench.waitUntil(Duration.ofSeconds(10), () -> workbench.shellTitled(title) != null, "the Preferences dialog");
            Shell shell = workbench.shellTitled(title);
            // effective values and where they come from
            assertEquals(45, (int) workbench.sync(inDialog(shell, "prefs.endWait", Spinner.class)::getSelection), "-Dhark... applies");
            assertEquals("from -D" + property, textOf(inDialog(shell, "prefs.source." + HarkPreferences.END_WAIT_SECONDS, Label.class)));
            assertEquals(Messages.Prefs_fromPreference, textOf(inDialog(shell, "prefs.source." + HarkPreferences.SERVER_MODE, Label.class)));
            assertEquals(Messages.Prefs_fromDefault, textOf(inDialog(shell, "prefs.source." + HarkPreferences.PROTOCOL, Label.class)));
            // the devices of this machine
            Combo device = inDialog(shell, "prefs.device", Combo.class);
            List<String> expected = new ArrayList<>();
            expected.add(Messages.Prefs_deviceDefault);
            expected.addAll(Views.service(DeviceService.class).inputDevices());
            assertEquals(expected, workbench.sync(() -> List.of(device.getItems())));
            assertTrue(expected.size() >= 2, "the virtual microphone is listed: " + expected);
            // fields follow the mode
            Button embedded = inDialog(shell, "prefs.embedded", Button.class);
            Button remote = inDialog(shell, "prefs.remote", Button.class);
            Text url = inDialog(shell, "prefs.url", Text.class);
            Text data = inDialog(shell, "prefs.data", Text.class);
            assertTrue(workbench.sync(embedded::getSelection), "the workbench runs its embedded server now");
            assertFalse(workbench.sync(url::isEnabled));
            assertTrue(workbench.sync(data::isEnabled));
            Button test = inDialog(shell, "prefs.test", Button.class);
            Label answer = inDialog(shell, "prefs.testResult", Label.class);
            click(test);
            workbench.waitUntil(TIMEOUT, () -> WorkbenchTest.call(() -> textOf(answer).startsWith(prefix(Messages.Prefs_testOk))), "the embedded server's health");
            System.out.println("test connection (embedded): " + textOf(answer));
            workbench.sync(() -> {
                remote.setSelection(true);
                embedded.setSelection(false);
                remote.notifyListeners(SWT.Selection, new Event());
                url.setText(testServerUrl);
                return null;
            });
            assertTrue(workbench.sync(url::isEnabled));
            assertFalse(workbench.sync(data::isEnabled));
            click(test);
            workbench.waitUntil(TIMEOUT, () -> WorkbenchTest.call(() -> textOf(answer).startsWith(prefix(Messages.Prefs_testOk) + testServerUrl)),
                    "the typed server's health: " + WorkbenchTest.call2(() -> textOf(answer)));
            workbench.sync(() -> {
                url.setText("http://127.0.0.1:9");
                return null;
            });
            click(test);
            workbench.waitUntil(TIMEOUT, () -> WorkbenchTest.call(() -> textOf(answer).startsWith(prefix(Messages.Prefs_testFailed))),
                    "the reason nothing answers: " + WorkbenchTest.call2(() -> textOf(answer)));
            System.out.println("test connection (nothing there): " + textOf(answer));
            assertFalse(textOf(answer).contains("null"), "a reason people can read: " + textOf(answer));
            workbench.screenshot(shell, "preferences-test-connection");
            workbench.sync(() -> {
                shell.close(); // Cancel: nothing saved
                return null;
            });
            workbench.waitUntil(Duration.ofSeconds(10), () -> workbench.shellTitled(title) == null, "the dialog to close");
            assertEquals(HarkPreferences.MODE_EMBEDDED, prefs.get(HarkPreferences.SERVER_MODE, ""), "Cancel saves nothing");
        } finally {
            System.clearProperty(property);
        }
    }

    /** Issue 13: "Stop does not stop a session that cannot reach its server". */
    void stopStopsASessionThatCannotReachItsServer() throws Exception {
        Views.useServer("http://127.0.0.1:9", dir.resolve("embedded-unused"));
        var live = Views.live();
        WorkbenchTest.startReplay(speechThenClipping());
        workbench.waitUntil(TIMEOUT, () -> live.state().isActive(), "the session to start trying");
        Thread.sleep(2_000); // a few refused attempts
        AtomicReference<ConnectionState> before = new AtomicReference<>(live.state());
        assertTrue(before.get().isActive(), "still trying: " + before.get());
        long t0 = System.nanoTime();
        click(only("live.stop", Button.class));
        workbench.waitUntil(Duration.ofSeconds(5), () -> !live.state().isActive(), "Stop to end the session; state " + live.state());
        System.out.printf("Stop ended a session that could not connect (%s) in %.2f s%n", before.get(), (System.nanoTime() - t0) / 1e9);
        Thread.sleep(2_000);
        assertFalse(live.state().isActive(), "no retrying after Stop: " + live.state());
        workbench.screenshot("live-stopped-unreachable");
    }
}
