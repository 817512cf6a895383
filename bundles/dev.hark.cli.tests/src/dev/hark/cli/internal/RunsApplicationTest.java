package dev.hark.cli.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hark.testing.TensorBoardWriters;

/** {@code hark runs} over runs written by tensorboardX and tensorboard's own writer. */
class RunsApplicationTest {

    @TempDir
    static Path logs;

    record Result(int code, String out, String err) {
    }

    @BeforeAll
    static void writeRuns() throws Exception {
        TensorBoardWriters.batch(logs);
    }

    static Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = RunsApplication.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void listPrintsEveryRun() {
        Result r = run("runs", "list", "--tensorboard", logs.toString());
        assertEquals(0, r.code(), r.err());
        List<String> lines = r.out().lines().toList();
        assertTrue(lines.get(0).endsWith(": 3 runs"), lines.get(0));
        assertTrue(lines.get(1).startsWith("RUN"), lines.get(1));
        assertTrue(lines.stream().anyMatch(l -> l.matches("tbx\\s+(active|idle)\\s+100\\s+49\\s+2023-11-14 22:14:09\\s+loss,lr\\s+-")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.matches("tb\\s+(active|idle)\\s+40\\s+19\\s+.*loss,accuracy.*")), r.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("group/nested ")), r.out());
    }

    @Test
    void showSummarisesEachTag() {
        Result r = run("runs", "show", "tbx", "--tensorboard", logs.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("loss\\s+50\\s+0\\s+49\\s+3\\.05176e-05\\s+1\\.00000\\s+0\\.500000\\s+1")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.matches("lr\\s+50\\s+0\\s+49\\s+0\\.00000\\s+12\\.2500\\s+12\\.2500\\s+0")), r.out());
    }

    @Test
    void exportWritesCsvAndJson() {
        Result csv = run("runs", "export", "tbx", "--tag", "loss", "--tensorboard", logs.toString());
        assertEquals(0, csv.code(), csv.err());
        List<String> lines = csv.out().lines().toList();
        assertEquals("run,tag,step,wall_time,value", lines.get(0));
        assertEquals(51, lines.size());
        assertEquals("tbx,loss,0,1700000000.000,1.0", lines.get(1));
        assertEquals("tbx,loss,7,1700000007.000,nan", lines.get(8));

        Result json = run("runs", "export", "tb", "--format", "json", "--max-points", "8", "--tensorboard", logs.toString());
        assertEquals(0, json.code(), json.err());
        assertTrue(json.out().startsWith("[{\"run\":\"tb\",\"tag\":\"loss\",\"total_points\":20,\"points\":[{\"step\":0,"), json.out());
        assertTrue(json.out().contains("\"tag\":\"accuracy\""), json.out());
    }

    @Test
    void mistakesAreClearAndHaveTheirExitCodes() {
        Result noRun = run("runs", "show", "nope", "--tensorboard", logs.toString());
        assertEquals(3, noRun.code());
        assertTrue(noRun.err().contains("no run nope (runs: group/nested, tb, tbx)"), noRun.err());
        Result noTag = run("runs", "export", "tb", "--tag", "lr", "--tensorboard", logs.toString());
        assertEquals(3, noTag.code());
        assertTrue(noTag.err().contains("run tb has no tag lr (tags: loss, accuracy)"), noTag.err());
        Result badFormat = run("runs", "export", "tb", "--format", "xml", "--tensorboard", logs.toString());
        assertEquals(2, badFormat.code());
        Result noFolder = run("runs", "list", "--tensorboard", logs.resolve("missing").toString());
        assertEquals(4, noFolder.code());
        assertTrue(noFolder.err().contains("missing: no such folder"), noFolder.err());
        assertEquals(2, run("runs").code());
        assertEquals(2, run("runs", "list").code(), "--tensorboard is required");
        Result help = run("runs", "export", "--help");
        assertEquals(0, help.code());
        assertTrue(help.out().contains("--max-points"), help.out());
        assertTrue(Arrays.asList(run("runs", "--help").out().split("\\R")).stream().anyMatch(l -> l.contains("export")));
    }
}
