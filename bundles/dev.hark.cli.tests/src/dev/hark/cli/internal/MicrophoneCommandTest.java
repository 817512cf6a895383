package dev.hark.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hark.core.audio.AudioFiles;
import dev.hark.testing.Await;
import dev.hark.testing.Speech;
import dev.hark.testing.VirtualMicrophone;
import dev.hark.testing.WordErrorRate;

/**
 * {@code hark transcribe --mic} and {@code hark devices} against a real capture device: the virtual microphone
 * of {@code scripts/virtual-mic.sh} (started by {@code ./run-tests}) with flite speech played into it.
 */
class MicrophoneCommandTest {

    static final String TEXT = "the weather is nice today";
    /** Word error rate the microphone path must reach on flite's slt voice (the file path reaches 0.3). */
    static final double MAX_WER = 0.35;

    @TempDir
    static Path dir;
    static VirtualMicrophone mic;
    static Path speech;
    static double speechSeconds;

    @BeforeAll
    static void audio() throws Exception {
        mic = VirtualMicrophone.require();
        AudioFiles.Mono s = Speech.flite(TEXT, "slt");
        speechSeconds = s.seconds();
        speech = Speech.writeWav(dir.resolve("weather.wav"), Speech.concat(s.samples(), Speech.silence(0.5, s.sampleRate())),
                s.sampleRate());
    }

    @AfterEach
    void plugBackIn() throws Exception {
        mic.plug();
    }

    record Result(int code, String out, String err) {
    }

    /** Runs {@code hark transcribe ARGS} on a thread; {@code err} can be read while it runs. */
    static final class Running {
        final ByteArrayOutputStream out = new ByteArrayOutputStream();
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final CompletableFuture<Integer> code;

        Running(String... args) {
            code = CompletableFuture.supplyAsync(() -> new TranscribeApplication().run(args,
                    new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8)));
        }

        String err() {
            return err.toString(StandardCharsets.UTF_8);
        }

        Result await(double seconds) throws Exception {
            int c = code.get((long) (seconds * 1000), TimeUnit.MILLISECONDS);
            return new Result(c, out.toString(StandardCharsets.UTF_8), err());
        }
    }

    @Test
    void transcribesSpeechFromTheMicrophone() throws Exception {
        double seconds = 7;
        Running run = new Running("transcribe", "--mic", "--seconds", Double.toString(seconds), "--embedded", "--data",
                dir.resolve("data").toString());
        Await.until(Duration.ofSeconds(60), "the microphone listening", () -> run.err().contains("listening") || run.code.isDone());
        assertTrue(run.err().contains("hark transcribe: microphone: default: listening for 7.0 s"), run.err());
        Thread.sleep(500);
        try (VirtualMicrophone.Playback p = mic.play(speech)) {
            p.await(speechSeconds + 10);
        }
        Result r = run.await(seconds + 60);
        assertEquals(TranscribeApplication.OK, r.code(), r.err());
        double wer = WordErrorRate.of(TEXT, r.out());
        assertTrue(wer <= MAX_WER, "WER " + wer + " for: " + r.out() + "\n" + r.err());
        assertTrue(r.err().contains("microphone: default: "), "summary on standard error: " + r.err());
        String summary = r.err().lines().filter(l -> l.startsWith("microphone: default: ") && l.contains(" s of audio")).findFirst()
                .orElseThrow();
        double captured = Double.parseDouble(summary.replaceAll("^microphone: default: ([0-9.]+) s of audio.*$", "$1"));
        assertTrue(Math.abs(captured - seconds) < 0.5, "--seconds " + seconds + " captured " + captured + " s: " + summary);
    }

    @Test
    void noMicrophoneIsOneClearErrorNotASilentEnd() throws Exception {
        mic.unplug();
        Running run = new Running("--mic", "--seconds", "5", "--embedded", "--data", dir.resolve("data").toString());
        Result r = run.await(60);
        assertEquals(TranscribeApplication.BAD_FILE, r.code(), r.err());
        String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("hark transcribe: microphone: default: "), r.err());
        assertEquals("", r.out(), "no transcript without audio");
    }

    @Test
    void anUnknownDeviceIsAUsageLevelErrorBeforeAnyServer() throws Exception {
        Result r = new Running("--mic", "--device", "no such microphone").await(20);
        assertEquals(TranscribeApplication.BAD_FILE, r.code(), r.err());
        assertTrue(r.err().contains("no capture device matches \"no such microphone\""), r.err());
        assertTrue(r.err().contains("hark devices"), r.err());
    }

    @Test
    void microphoneOptionsAreChecked() throws Exception {
        assertEquals(TranscribeApplication.USAGE, new Running("a.wav", "--mic").await(10).code());
        assertEquals(TranscribeApplication.USAGE, new Running("a.wav", "--seconds", "3").await(10).code());
        assertEquals(TranscribeApplication.USAGE, new Running("a.wav", "--device", "x").await(10).code());
        assertEquals(TranscribeApplication.USAGE, new Running("--mic", "--seconds", "-1").await(10).code());
        assertEquals(TranscribeApplication.USAGE, new Running("--mic", "--realtime").await(10).code());
        TranscribeArguments a = TranscribeArguments.parse(new String[] { "--mic", "--device", "USB", "--seconds", "2.5" }, null, null);
        assertTrue(a.mic());
        assertEquals("USB", a.device());
        assertEquals(2.5, a.seconds());
        Result help = new Running("--help").await(10);
        for (String option : new String[] { "--mic", "--device", "--seconds" }) {
            assertTrue(help.out().contains(option), option + " missing from:\n" + help.out());
        }
    }

    @Test
    void devicesListsTheMicrophoneWithItsFormats() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DevicesApplication.run(new String[] { "devices" }, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        String listed = out.toString(StandardCharsets.UTF_8);
        assertEquals(TranscribeApplication.OK, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(listed.startsWith("default"), listed);
        assertTrue(listed.contains("    any rate, 1-32 ch, 16-bit PCM_SIGNED"), listed);
        assertTrue(listed.lines().count() < 40, "folded, not one line per channel count:\n" + listed);
    }

    @Test
    void devicesRejectsBadArguments() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = DevicesApplication.run(new String[] { "--bogus" }, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertEquals(TranscribeApplication.USAGE, code);
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("hark devices: "), err.toString(StandardCharsets.UTF_8));
    }
}
