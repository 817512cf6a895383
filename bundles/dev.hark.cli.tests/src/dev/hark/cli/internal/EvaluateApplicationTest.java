package dev.hark.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.hark.testing.RunningServer;
import dev.hark.testing.Speech;

/**
 * {@code hark evaluate} against a real server over real sockets: a dataset folder of flite speech in LJSpeech's
 * layout, one clip whose transcript does not match what is said, one clip that is not audio.
 */
class EvaluateApplicationTest {

    @TempDir
    static Path dir;
    static Path dataset;
    static RunningServer server;

    @BeforeAll
    static void setUp() throws Exception {
        dataset = Files.createDirectories(dir.resolve("ds"));
        Path wavs = Files.createDirectories(dataset.resolve("wavs"));
        write(wavs.resolve("a.wav"), "the weather is nice today");
        write(wavs.resolve("b.wav"), "please call me tomorrow morning");
        write(wavs.resolve("c.wav"), "turn on the kitchen lights");
        Files.writeString(dataset.resolve("metadata.csv"), String.join("\n",
                "a|The weather is nice today.|The weather is nice today.",
                "b|Please call me tomorrow morning.|Please call me tomorrow morning.",
                "c|Open the garage door now.|Open the garage door now.") + "\n");
        server = RunningServer.start(dir.resolve("data"));
    }

    private static void write(Path wav, String text) throws Exception {
        var speech = Speech.flite(text, "slt");
        Speech.writeWav(wav, Speech.concat(Speech.silence(0.3, speech.sampleRate()), speech.samples(), Speech.silence(0.8, speech.sampleRate())),
                speech.sampleRate());
    }

    @AfterAll
    static void tearDown() throws Exception {
        if (server != null) {
            server.close();
        }
    }

    record Result(int code, String out, String err) {
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream();
        int code = EvaluateApplication.run(args, null, null, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void scoresEachClipAndTheSetWithLatencies() {
        Result r = run("--dataset", dataset.toString(), "--server", server.http("").toString(), "--model", "en-us", "--format", "json");
        assertEquals(0, r.code(), r.err());
        JsonObject root = JsonParser.parseString(r.out()).getAsJsonObject();
        JsonObject summary = root.getAsJsonObject("summary");
        assertEquals(3, summary.get("utterances").getAsInt());
        var utterances = root.getAsJsonArray("utterances");
        JsonObject a = utterances.get(0).getAsJsonObject(), c = utterances.get(2).getAsJsonObject();
        assertEquals("the weather is nice today", a.get("reference").getAsString(), "normalised reference");
        assertTrue(a.get("wer").getAsDouble() <= 0.4, a.toString());
        assertTrue(c.get("wer").getAsDouble() >= 0.6, "a transcript that does not match what is said scores badly: " + c);
        double wer = summary.get("wer").getAsDouble();
        assertTrue(wer > 0.2 && wer < 0.8, "the set's WER lies between its clips': " + summary);
        assertTrue(a.get("final_ms").getAsDouble() >= 0, "the client measured the final's latency: " + a);
        assertTrue(r.err().contains("3/3 c:"), "progress per clip on stderr: " + r.err());
    }

    @Test
    void aTableAndCsvForPeople() {
        Result t = run("--dataset", dataset.toString(), "--server", server.http("").toString(), "--limit", "1");
        assertEquals(0, t.code(), t.err());
        assertTrue(t.out().contains("1 utterances") && t.out().contains("WER"), t.out());
        Result c = run("--dataset", dataset.toString(), "--server", server.http("").toString(), "--limit", "1", "--format", "csv");
        assertTrue(c.out().startsWith("utterance,wer,cer,"), c.out());
        assertEquals(2, c.out().strip().lines().count(), c.out());
    }

    @Test
    void badInputIsOneClearLine() throws Exception {
        assertEquals(EvaluateApplication.BAD_DATASET, run("--dataset", dir.resolve("nope").toString()).code());
        Path empty = Files.createDirectories(dir.resolve("empty"));
        Result e = run("--dataset", empty.toString());
        assertEquals(EvaluateApplication.BAD_DATASET, e.code(), e.err());
        assertEquals(EvaluateApplication.USAGE, run("--dataset", dataset.toString(), "--format", "xml").code());
        Result unreachable = run("--dataset", dataset.toString(), "--server", "http://127.0.0.1:9", "--limit", "1");
        assertEquals(EvaluateApplication.UNREACHABLE, unreachable.code(), unreachable.err());
        Result unknown = run("--dataset", dataset.toString(), "--server", server.http("").toString(), "--model", "no-such-model", "--limit", "1");
        assertEquals(EvaluateApplication.FAILED, unknown.code(), unknown.err() + unknown.out());
        assertTrue(unknown.out().contains("FAILED"), "the clip's failure is in the report: " + unknown.out());
    }
}
