package dev.hark.engine.ctc.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;

import dev.hark.engine.ctc.model.Checkpoint;
import dev.hark.training.run.RunSpec;
import dev.hark.training.run.WorkerProtocol;

class CheckpointWriterTest {

    @TempDir
    Path dir;

    final Lines lines = new Lines();

    CheckpointWriter writer(int keep) {
        RunSpec spec = Specs.of(dir.resolve("data"), dir.resolve("checkpoints"), 5, 2, keep);
        return new CheckpointWriter(spec, lines.protocol);
    }

    Path save(CheckpointWriter w, int number, String status) throws IOException {
        JsonObject state = CheckpointWriter.state(number, 0, 10L * number, 50, 10L * number, 0, 42, "run-1");
        JsonObject metadata = new JsonObject();
        metadata.addProperty("current_epoch", number);
        return w.save(folder -> Files.writeString(folder.resolve(Checkpoint.WEIGHTS), "weights of " + number), state, () -> metadata,
                number, 10L * number, status);
    }

    List<String> names() throws IOException {
        try (Stream<Path> s = Files.list(dir.resolve("checkpoints"))) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void numberIsTheEpochTheWeightsBelongTo() {
        assertEquals(1, CheckpointWriter.number(0, 0), "stopped before the first step");
        assertEquals(1, CheckpointWriter.number(0, 3), "stopped within the first epoch");
        assertEquals(2, CheckpointWriter.number(2, 0), "after the second epoch");
        assertEquals(3, CheckpointWriter.number(2, 7), "stopped within the third epoch");
    }

    @Test
    void writesTheFolderThePointerAndTellsTheSupervisor() throws IOException {
        Path target = save(writer(0), 1, "running");
        Path checkpoints = dir.resolve("checkpoints");
        assertEquals(checkpoints.resolve("ctc-ds-epoch-1"), target);
        assertEquals("weights of 1", Files.readString(target.resolve(Checkpoint.WEIGHTS)));
        JsonObject state = JsonParser.parseString(Files.readString(target.resolve(Checkpoint.STATE))).getAsJsonObject();
        assertEquals(1, state.get("epoch").getAsInt());
        assertEquals(0, state.get("step_in_epoch").getAsInt());
        assertEquals(10, state.get("global_step").getAsLong());
        assertEquals(50, state.get("total_steps").getAsLong());
        assertEquals("run-1", state.get("run_id").getAsString());
        JsonObject metadata = JsonParser.parseString(Files.readString(target.resolve(Checkpoint.METADATA))).getAsJsonObject();
        assertEquals(1, metadata.get("current_epoch").getAsInt());
        assertEquals("ctc-ds-epoch-1\n", Files.readString(checkpoints.resolve("ctc-ds-latest")));
        assertEquals(target, Checkpoint.latest(checkpoints, "ctc", "ds").orElseThrow());
        assertEquals(List.of("ctc-ds-epoch-1", "ctc-ds-latest"), names(), "no temporary left");

        List<JsonObject> sent = lines.messages();
        assertEquals(2, sent.size(), lines.text());
        assertEquals(WorkerProtocol.CHECKPOINT, sent.get(0).get("type").getAsString());
        JsonObject p = sent.get(0).getAsJsonObject("payload");
        assertEquals("ctc-ds-epoch-1", p.get("name").getAsString());
        assertEquals(1, p.get("epoch").getAsInt());
        assertEquals(10, p.get("global_step").getAsLong());
        assertEquals(target.toString(), p.get("path").getAsString());
        assertEquals("running", p.get("status").getAsString());
        assertEquals(List.of("saved checkpoint ctc-ds-epoch-1"), lines.logs());
    }

    @Test
    void prunesBeyondTheRetentionCountAndSaysSo() throws IOException {
        CheckpointWriter w = writer(2);
        for (int n = 1; n <= 4; n++) {
            save(w, n, n == 4 ? "completed" : "running");
        }
        assertEquals(List.of("ctc-ds-epoch-3", "ctc-ds-epoch-4", "ctc-ds-latest"), names());
        assertEquals("ctc-ds-epoch-4\n", Files.readString(dir.resolve("checkpoints").resolve("ctc-ds-latest")));
        assertEquals(List.of("saved checkpoint ctc-ds-epoch-1", "saved checkpoint ctc-ds-epoch-2",
                "removed old checkpoint ctc-ds-epoch-1 (keeping the last 2)", "saved checkpoint ctc-ds-epoch-3",
                "removed old checkpoint ctc-ds-epoch-2 (keeping the last 2)", "saved checkpoint ctc-ds-epoch-4"), lines.logs());
    }

    @Test
    void savingTheSameEpochAgainReplacesIt() throws IOException {
        CheckpointWriter w = writer(0);
        Path first = save(w, 2, "stopped");
        Files.writeString(first.resolve("stale.txt"), "from the first save");
        save(w, 2, "running");
        assertFalse(Files.exists(first.resolve("stale.txt")));
        assertEquals("weights of 2", Files.readString(first.resolve(Checkpoint.WEIGHTS)));
    }

    @Test
    void aFailedWriteLeavesTheLastCheckpointAndItsTemporaryIsCleanedOnTheNextStart() throws IOException {
        CheckpointWriter w = writer(0);
        save(w, 1, "running");
        lines.clear();
        assertThrows(IOException.class, () -> w.save(folder -> {
            Files.writeString(folder.resolve("half"), "x");
            throw new IOException("disk full");
        }, new JsonObject(), JsonObject::new, 2, 20, "running"));
        assertEquals("ctc-ds-epoch-1\n", Files.readString(dir.resolve("checkpoints").resolve("ctc-ds-latest")));
        assertTrue(lines.messages().isEmpty(), lines.text());
        assertEquals(3, names().size(), names().toString());

        writer(0).removeStaleTemporaries();
        assertEquals(List.of("ctc-ds-epoch-1", "ctc-ds-latest"), names());
        assertEquals(1, lines.logs().size());
        assertTrue(lines.logs().get(0).startsWith("removed a half-written checkpoint folder .ctc-ds-epoch-2.tmp-"), lines.logs().toString());
    }

    @Test
    void aTaggedRunWritesItsOwnNamesAndLeavesAnotherRunsCheckpoints() throws IOException {
        RunSpec first = Specs.tagged(Specs.of(dir.resolve("data"), dir.resolve("checkpoints"), 5, 2, 1), "r261127100000");
        RunSpec second = Specs.tagged(first, "r261127110000");
        save(new CheckpointWriter(first, lines.protocol), 1, "running");
        save(new CheckpointWriter(first, lines.protocol), 2, "completed");
        Path target = save(new CheckpointWriter(second, lines.protocol), 1, "running");
        save(new CheckpointWriter(second, lines.protocol), 2, "running");
        assertEquals(dir.resolve("checkpoints").resolve("ctc-ds-r261127110000-epoch-1"), target);
        assertEquals(List.of("ctc-ds-latest", "ctc-ds-r261127100000-epoch-2", "ctc-ds-r261127110000-epoch-2"), names(),
                "each run keeps its last one (keep 1); neither removes the other's");
        assertEquals("ctc-ds-r261127110000-epoch-2\n", Files.readString(dir.resolve("checkpoints").resolve("ctc-ds-latest")));
    }
}
