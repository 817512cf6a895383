package dev.hark.training.dataset;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import dev.hark.training.run.CheckpointLayout;

class CheckpointLayoutTest {

    @Test
    void namesRoundTripAndV1ClientsCanSplitThem() {
        String name = CheckpointLayout.folderName("ctc", "digits", 12);
        assertEquals("ctc-digits-epoch-12", name);
        assertEquals(Optional.of(new CheckpointLayout.Name("ctc", "digits", 12)), CheckpointLayout.parse(name));
        assertEquals("ctc", name.split("-")[0]); // what the asr-test frontend does with it
        assertEquals("ctc-digits-epoch-12", new CheckpointLayout.Name("ctc", "digits", 12).toString());
    }

    @Test
    void datasetsWithHyphensKeepTheirName() {
        assertEquals(Optional.of(new CheckpointLayout.Name("ctc", "my-digits", 3)), CheckpointLayout.parse("ctc-my-digits-epoch-3"));
        assertEquals(Optional.of(3), CheckpointLayout.epochOf("ctc-my-digits-epoch-3", "ctc", "my-digits"));
        assertEquals(Optional.empty(), CheckpointLayout.epochOf("ctc-my-digits-epoch-3", "ctc", "my"));
    }

    @Test
    void otherNamesAreNotCheckpoints() {
        assertTrue(CheckpointLayout.parse("ctc-digits-latest").isEmpty());
        assertTrue(CheckpointLayout.parse("notes.txt").isEmpty());
        assertTrue(CheckpointLayout.parse("ctc-digits-epoch-").isEmpty());
        assertTrue(CheckpointLayout.parse("ctc-digits-epoch-99999999999").isEmpty());
        assertEquals(Optional.empty(), CheckpointLayout.epochOf("ctc-digits-epoch-1x", "ctc", "digits"));
    }

    @Test
    void pointersAndTemporaries() {
        String pointer = CheckpointLayout.latestPointer("ctc", "digits");
        assertEquals("ctc-digits-latest", pointer);
        assertTrue(CheckpointLayout.isLatestPointer(pointer));
        assertEquals("ctc-digits", CheckpointLayout.pointerSeries(pointer));
        assertFalse(CheckpointLayout.isLatestPointer("-latest"));
        assertFalse(CheckpointLayout.isLatestPointer(".ctc-digits-latest.tmp"));
        String tmp = CheckpointLayout.temporaryPrefix("ctc-digits-epoch-1") + "-123";
        assertTrue(CheckpointLayout.isTemporary(tmp));
        assertFalse(CheckpointLayout.isTemporary("ctc-digits-epoch-1"));
        assertFalse(CheckpointLayout.isTemporary(CheckpointLayout.temporaryPrefix(pointer)));
    }

    @Test
    void runTagsKeepRunsApartAndV1ClientsCanStillSplitTheNames() {
        String tag = CheckpointLayout.runTag(java.time.LocalDateTime.of(2026, 11, 27, 14, 18, 30), 0);
        assertEquals("r261127141830", tag);
        assertEquals("r261127141830b", CheckpointLayout.runTag(java.time.LocalDateTime.of(2026, 11, 27, 14, 18, 30), 1));
        assertTrue(CheckpointLayout.isRunTag(tag));
        assertFalse(CheckpointLayout.isRunTag("digits"));
        String name = CheckpointLayout.folderName("ctc", "my-digits", tag, 3);
        assertEquals("ctc-my-digits-r261127141830-epoch-3", name);
        CheckpointLayout.Name parsed = CheckpointLayout.parse(name).orElseThrow();
        assertEquals(new CheckpointLayout.Name("ctc", "my-digits", tag, 3), parsed);
        assertEquals("ctc-my-digits-epoch-3", parsed.v1Name());
        assertEquals("ctc-my-digits-r261127141830", parsed.series());
        assertEquals(name, parsed.toString());
        assertEquals("ctc", name.split("-")[0]); // the asr-test frontend's model
        assertEquals("3", name.split("-epoch-")[1]); // ...and its epoch
        assertEquals(Optional.of(3), CheckpointLayout.epochOf(name, "ctc", "my-digits"), "any run of the model and dataset");
        assertEquals(Optional.of(3), CheckpointLayout.epochOfSeries(name, "ctc-my-digits-" + tag));
        assertEquals(Optional.empty(), CheckpointLayout.epochOfSeries(name, "ctc-my-digits"), "v1's series is another run");
        assertEquals(Optional.empty(), CheckpointLayout.epochOfSeries("ctc-my-digits-epoch-3", "ctc-my-digits-" + tag));
    }
}
