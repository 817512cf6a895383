package dev.hark.tensorboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.hark.protocol.runs.RunInfo;
import dev.hark.protocol.runs.RunState;
import dev.hark.protocol.runs.ScalarPoint;
import dev.hark.protocol.runs.ScalarSeries;
import dev.hark.testing.TensorBoardWriters;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs written by tensorboardX and by the tensorboard package's own writer, read back. */
class TensorBoardLogDirTest {

    @TempDir
    Path dir;

    private static double loss(long step) {
        return 1.0 / Math.pow(2, step % 16);
    }

    private static Map<String, RunInfo> byId(List<RunInfo> runs) {
        return runs.stream().collect(Collectors.toMap(RunInfo::id, Function.identity()));
    }

    @Test
    void readsRunsOfBothWriterStyles() throws Exception {
        TensorBoardWriters.batch(dir);
        TensorBoardLogDir logs = new TensorBoardLogDir(dir);
        Map<String, RunInfo> runs = byId(logs.runs());
        assertEquals(List.of("group/nested", "tb", "tbx"), runs.keySet().stream().sorted().toList());

        RunInfo tbx = runs.get("tbx");
        assertEquals(List.of("loss", "lr"), tbx.tags(), "histogram and text summaries are not scalars");
        assertEquals(100, tbx.points());
        assertEquals(49, tbx.lastStep());
        assertEquals(1_700_000_049, tbx.lastWallTime(), 1e-3);
        assertEquals("", tbx.detail());
        assertTrue(tbx.state() == RunState.ACTIVE || tbx.state() == RunState.IDLE);

        List<ScalarPoint> loss = logs.series("tbx", "loss", 0).points();
        assertEquals(50, loss.size());
        for (ScalarPoint p : loss) {
            if (p.step() == 7) {
                assertTrue(Double.isNaN(p.value()), "the NaN logged at step 7 stays NaN");
            } else {
                assertEquals(loss(p.step()), p.value(), 0, "tbx loss at step " + p.step());
            }
            assertEquals(1_700_000_000 + p.step(), p.wallTime(), 1e-2);
        }
        assertEquals(12.25, logs.series("tbx", "lr", 0).points().get(49).value(), 0);

        // tensorboard's Writer logs rank-0 DT_FLOAT tensors (TF2 style), not simple_value
        RunInfo tb = runs.get("tb");
        assertEquals(List.of("loss", "accuracy"), tb.tags());
        List<ScalarPoint> acc = logs.series("tb", "accuracy", 0).points();
        assertEquals(20, acc.size());
        for (ScalarPoint p : acc) {
            assertEquals(p.step() / 32.0, p.value(), 0, "tb accuracy at step " + p.step());
        }
        assertEquals(loss(13), logs.series("tb", "loss", 0).points().get(13).value(), 0);
        assertEquals(List.of(new ScalarPoint(1, runs.get("group/nested").lastWallTime(), 0.5)),
                logs.series("group/nested", "loss", 0).points());

        assertThrows(IllegalArgumentException.class, () -> logs.series("tbx", "no-such-tag", 0));
        assertThrows(IllegalArgumentException.class, () -> logs.series("../tbx", "loss", 0));
    }

    @Test
    void readsTheHyperparametersOfTheHParamsPlugin() throws Exception {
        TensorBoardWriters.hparams(dir);
        try (TensorBoardLogDir logs = new TensorBoardLogDir(dir)) {
            Map<String, RunInfo> runs = byId(logs.runs());
            RunInfo lightning = runs.get("lightning");
            assertEquals(Map.of("lr", "0.001", "batch_size", "32", "optimizer", "adam", "augment", "true"), lightning.hparams(),
                    "numbers as TensorBoard shows them, strings and booleans as written");
            assertEquals(List.of("loss"), lightning.tags(), "the hparams summaries are not scalar tags");
            assertEquals(5, lightning.points());
            assertEquals("", lightning.detail());
            RunInfo added = runs.get("tbx/add");
            assertEquals(Map.of("lr", "0.01", "layers", "3"), added.hparams(), "add_hparams' own run folder");
            assertEquals(List.of("hparam/accuracy"), added.tags());
            assertTrue(runs.get("tbx").hparams().isEmpty());
        }
    }

    @Test
    void downsampledSeriesKeepTheNaNAndTheEnds() throws Exception {
        TensorBoardWriters.batch(dir);
        TensorBoardLogDir logs = new TensorBoardLogDir(dir);
        logs.runs();
        ScalarSeries s = logs.series("tbx", "loss", 10);
        assertTrue(s.points().size() <= 10, s.points().size() + " points");
        assertEquals(50, s.totalPoints());
        assertTrue(s.downsampled());
        assertEquals(0, s.points().get(0).step());
        assertEquals(49, s.points().get(s.points().size() - 1).step());
        assertTrue(s.points().stream().anyMatch(p -> Double.isNaN(p.value())), "the NaN survives downsampling");
    }

    @Test
    void followsAFileThatIsStillBeingWritten() throws Exception {
        Path live = dir.resolve("live");
        TensorBoardLogDir logs = new TensorBoardLogDir(dir);
        try (TensorBoardWriters.Live writer = new TensorBoardWriters.Live(live)) {
            writer.write(10);
            RunInfo run = byId(logs.runs()).get("live");
            assertEquals(10, run.points());
            assertEquals(9, run.lastStep());
            assertEquals(RunState.ACTIVE, run.state());

            writer.write(25);
            run = byId(logs.runs()).get("live");
            assertEquals(35, run.points(), "only the new records are read, none twice");
            assertEquals(34, run.lastStep());
            List<ScalarPoint> points = logs.series("live", "loss", 0).points();
            for (int i = 0; i < points.size(); i++) {
                assertEquals(i, points.get(i).step());
                assertEquals(loss(i), points.get(i).value(), 0);
            }
        }
    }

    @Test
    void aRecordCutShortIsReadWhenItsRestArrives() throws Exception {
        TensorBoardWriters.batch(dir);
        Path written = eventFile(dir.resolve("tb"));   // its records are all scalars (tbx ends with a histogram)
        byte[] all = Files.readAllBytes(written);
        Path copy = dir.resolve("copy/" + written.getFileName());
        Files.createDirectories(copy.getParent());
        int cut = all.length - 7;   // inside the last record
        Files.write(copy, java.util.Arrays.copyOf(all, cut));

        TensorBoardLogDir logs = new TensorBoardLogDir(dir.resolve("copy"));
        RunInfo partial = logs.runs().get(0);
        assertEquals("", partial.detail(), "a cut-short last record is not an error: the writer is not done");
        long before = partial.points();
        assertEquals(39, before, "the cut-short 40th point is not read yet");

        Files.write(copy, java.util.Arrays.copyOfRange(all, cut, all.length), StandardOpenOption.APPEND);
        RunInfo whole = logs.runs().get(0);
        assertEquals(40, whole.points());
        assertEquals("", whole.detail());
    }

    @Test
    void corruptFilesAreReportedAndWhatCameBeforeIsKept() throws Exception {
        TensorBoardWriters.batch(dir);
        byte[] all = Files.readAllBytes(eventFile(dir.resolve("tb")));
        // flip one byte in the data of a record in the second half of the file
        byte[] flipped = all.clone();
        flipped[all.length * 3 / 4] ^= 0x40;
        Path bad = dir.resolve("bad");
        Files.createDirectories(bad);
        Files.write(bad.resolve("events.out.tfevents.1.flipped"), flipped);
        Path junk = dir.resolve("junk");
        Files.createDirectories(junk);
        Files.write(junk.resolve("events.out.tfevents.2.junk"), "this is not a record file at all".getBytes());
        Path empty = dir.resolve("empty");
        Files.createDirectories(empty);
        Files.write(empty.resolve("events.out.tfevents.3.empty"), new byte[0]);

        Map<String, RunInfo> runs = byId(new TensorBoardLogDir(dir).runs());
        RunInfo flippedRun = runs.get("bad");
        assertTrue(flippedRun.detail().contains("checksum") && flippedRun.detail().contains("at byte"),
                flippedRun.detail());
        assertTrue(flippedRun.points() > 20 && flippedRun.points() < 40, flippedRun.points() + " points kept");
        assertTrue(runs.get("junk").detail().contains("checksum"), runs.get("junk").detail());
        assertEquals(0, runs.get("junk").points());
        assertEquals(0, runs.get("empty").points());
        assertEquals("", runs.get("empty").detail());
        assertEquals(100, runs.get("tbx").points(), "a broken run does not affect the others");
    }

    @Test
    void aMissingFolderIsAClearError() {
        TensorBoardLogDir logs = new TensorBoardLogDir(dir.resolve("nope"));
        java.nio.file.NoSuchFileException e = assertThrows(java.nio.file.NoSuchFileException.class, logs::runs);
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
    }

    static Path eventFile(Path run) throws Exception {
        try (Stream<Path> s = Files.list(run)) {
            return s.filter(p -> p.getFileName().toString().contains("tfevents")).findFirst().orElseThrow();
        }
    }
}
