package dev.hark.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hark.core.audio.AudioFiles;
import dev.hark.core.audio.Resampler;
import dev.hark.testing.Speech;
import dev.hark.testing.WordErrorRate;

/** {@code hark transcribe} as a user runs it: arguments in, transcript and one-line errors out, exit codes. */
class TranscribeCommandTest {

    static final String TEXT = "the weather is nice today";

    @TempDir
    static Path dir;
    static Path wav;

    @BeforeAll
    static void audio() throws Exception {
        AudioFiles.Mono speech = Speech.flite(TEXT, "slt");
        Resampler r = new Resampler(speech.sampleRate(), 44_100);
        float[] at44k = Speech.concat(r.process(speech.samples()), r.flush());
        wav = Speech.writeWav(dir.resolve("weather.wav"),
                Speech.concat(Speech.silence(0.3, 44_100), at44k, Speech.silence(0.8, 44_100)), 44_100);
    }

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new TranscribeApplication().run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void transcribesAFileWithAnEmbeddedServer() {
        Result r = run("transcribe", wav.toString(), "--embedded", "--data", dir.resolve("data").toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(WordErrorRate.of(TEXT, r.out()) <= 0.3, r.out());
        assertTrue(r.err().contains("weather.wav:"), "progress and summary go to stderr: " + r.err());
    }

    @Test
    void writesSubtitlesToAFile() throws Exception {
        Path srt = dir.resolve("weather.srt");
        Result r = run(wav.toString(), "--embedded", "--data", dir.resolve("data").toString(), "--format", "srt", "--out", srt.toString());
        assertEquals(0, r.code(), r.err());
        String text = Files.readString(srt);
        assertTrue(text.startsWith("1\n00:00:0") && text.contains(" --> "), text);
        assertEquals("", r.out());
    }

    @Test
    void aFileThatIsNotAudioIsOneClearLine() throws Exception {
        Path notes = Files.writeString(dir.resolve("notes.wav"), "not audio at all");
        Result r = run(notes.toString(), "--embedded");
        assertEquals(TranscribeApplication.BAD_FILE, r.code());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("not an audio file"), r.err());
        Result missing = run(dir.resolve("nope.wav").toString());
        assertEquals(TranscribeApplication.BAD_FILE, missing.code());
        assertTrue(missing.err().contains("no such file"), missing.err());
    }

    @Test
    void anUnreachableServerIsOneClearLine() throws Exception {
        int port = dev.hark.testing.RunningServer.freePort();
        Result r = run(wav.toString(), "--server", "http://127.0.0.1:" + port);
        assertEquals(TranscribeApplication.UNREACHABLE, r.code(), r.err());
        String last = r.err().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("hark transcribe: weather.wav: cannot reach http://127.0.0.1:" + port), r.err());
    }

    @Test
    void badArgumentsGiveUsageErrors() {
        assertEquals(TranscribeApplication.USAGE, run().code());
        assertEquals(TranscribeApplication.USAGE, run(wav.toString(), "--format", "doc").code());
        assertEquals(TranscribeApplication.USAGE, run(wav.toString(), "--embedded", "--server", "http://x:1").code());
        assertEquals(TranscribeApplication.USAGE, run(wav.toString(), "--bogus").code());
        Result help = run("--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("Exit codes"), help.out());
    }
}
