package dev.hark.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hark.protocol.rest.DatasetInfo;
import dev.hark.protocol.rest.ModelEntry;

/** What the Models and Datasets tables show, filter and sort, without a display. */
class RecordTablesTest {

    static ModelEntry checkpoint(String name, String dataset, int epoch, double sizeMb, String created) {
        return new ModelEntry(name, null, null, null, null, null, "/data/checkpoints/" + name, epoch, "ctc", dataset, sizeMb, 3, created,
                List.of("model.pt", "vocab.json", "training_metadata.json"), Map.of("val_loss", 1.25, "cer", 0.5), null, null, null,
                "completed");
    }

    static final ModelEntry DIGITS = ModelEntry.engineModel("en-us-digits", "pocketsphinx", true, "digits", 16_000, Map.of("language", "en-US"));
    static final ModelEntry A = checkpoint("ctc_digits_epoch_2", "digits", 2, 12.5, "2026-01-02T10:00:00");
    static final ModelEntry B = checkpoint("ctc_digits_epoch_10", "digits", 10, 3.25, "2026-01-03T10:00:00");
    static final ModelEntry C = checkpoint("ctc_ljspeech_epoch_1", "ljspeech", 1, 120.0, "2026-01-01T10:00:00");

    private static List<String> names(List<ModelEntry> rows) {
        return rows.stream().map(ModelEntry::name).toList();
    }

    @Test
    void anOlderServersCheckpointShowsEpochSecondsAndNamesItsModelAndDataset() {
        // asr-test's /api/checkpoints after its migration (compat/fixtures): created_at in epoch seconds, no engine
        ModelEntry old = new ModelEntry("realtime-ljspeech-epoch-3", null, null, null, null, null, "/app/checkpoints/realtime-ljspeech-epoch-3",
                null, null, null, 12.0, 2, "1764235398.5", List.of(), null, null, null, null, null);
        List<Column<ModelEntry>> cols = RecordColumns.models();
        assertEquals("realtime", cols.get(1).cell(old));
        assertEquals("ljspeech", cols.get(2).cell(old));
        assertEquals("2025-11-27T09:23:18", CreatedAt.display("1764235398.5", java.time.ZoneOffset.UTC));
        assertEquals("2026-01-02T10:00:00", CreatedAt.display("2026-01-02T10:00:00"), "ISO stays as it came");
        assertEquals("", CreatedAt.display(null));
        String details = RecordColumns.details(old);
        assertTrue(details.contains("created_at: " + CreatedAt.display("1764235398.5") + "\n"), "a time, not raw epoch seconds: " + details);
    }

    @Test
    void cellsOfAnEngineModelAndACheckpoint() {
        List<Column<ModelEntry>> cols = RecordColumns.models();
        assertEquals(List.of("en-us-digits", "pocketsphinx (" + Messages.Models_builtIn + ")", "", "", "", "", ""),
                cols.stream().map(c -> c.cell(DIGITS)).toList());
        assertEquals(List.of("ctc_digits_epoch_2", "ctc", "digits", "2", "12.5", "3", "2026-01-02T10:00:00"),
                cols.stream().map(c -> c.cell(A)).toList());
        assertEquals(Messages.Models_name, cols.get(0).header());
    }

    @Test
    void numbersSortAsNumbersAndAgainReverses() {
        RowView<ModelEntry> view = new RowView<>(RecordColumns.models());
        List<ModelEntry> rows = List.of(A, B, C, DIGITS);
        assertEquals(names(rows), names(view.apply(rows)), "unsorted: the server's order");
        view.sortBy(3); // epoch: 10 after 2, the engine model (no epoch) first
        assertEquals(List.of("en-us-digits", "ctc_ljspeech_epoch_1", "ctc_digits_epoch_2", "ctc_digits_epoch_10"), names(view.apply(rows)));
        view.sortBy(3);
        assertTrue(view.descending());
        assertEquals(List.of("ctc_digits_epoch_10", "ctc_digits_epoch_2", "ctc_ljspeech_epoch_1", "en-us-digits"), names(view.apply(rows)));
        view.sortBy(0); // another column: ascending again, by text without case
        assertFalse(view.descending());
        assertEquals(List.of("ctc_digits_epoch_10", "ctc_digits_epoch_2", "ctc_ljspeech_epoch_1", "en-us-digits"), names(view.apply(rows)));
        view.sortBy(4); // size
        assertEquals(List.of("en-us-digits", "ctc_digits_epoch_10", "ctc_digits_epoch_2", "ctc_ljspeech_epoch_1"), names(view.apply(rows)));
    }

    @Test
    void theFilterLooksAtEveryCellIgnoringCase() {
        RowView<ModelEntry> view = new RowView<>(RecordColumns.models());
        List<ModelEntry> rows = List.of(A, B, C, DIGITS);
        view.setFilter("  LJSPEECH ");
        assertEquals(List.of("ctc_ljspeech_epoch_1"), names(view.apply(rows)));
        view.setFilter("pocketsphinx");
        assertEquals(List.of("en-us-digits"), names(view.apply(rows)));
        view.setFilter("2026-01-0");
        assertEquals(3, view.apply(rows).size());
        view.setFilter("");
        assertEquals(4, view.apply(rows).size());
    }

    @Test
    void detailsListTheFieldsThatHaveValues() {
        String d = RecordColumns.details(A);
        assertTrue(d.startsWith("name: ctc_digits_epoch_2\n"), d);
        assertTrue(d.contains("training_metadata:\n  cer: 0.5\n  val_loss: 1.25\n"), d);
        assertTrue(d.contains("files:\n  model.pt\n"), d);
        assertFalse(d.contains("engine:"), d);
        String e = RecordColumns.details(DIGITS);
        assertTrue(e.contains("engine: pocketsphinx\n") && e.contains("details:\n  language: en-US\n"), e);
        assertFalse(e.contains("size_mb"), "an engine model has no folder: " + e);
        assertEquals("", RecordColumns.details((ModelEntry) null));
    }

    @Test
    void datasetColumnsAndDetails() {
        DatasetInfo d = new DatasetInfo("digits", DatasetInfo.STATUS_DOWNLOADED, "/data/datasets/digits", 200, 15.25, 0.123, null,
                List.of("clip 7: empty transcript"), new DatasetInfo.Config("manifest", 16_000, 0.05, null, "synthetic digits",
                        Map.of("kind", "digits")), null, null);
        assertEquals(List.of("digits", "downloaded", "200", "15.3", "0.12"), RecordColumns.datasets().stream().map(c -> c.cell(d)).toList());
        String text = RecordColumns.details(d);
        assertTrue(text.contains("layout: manifest\n") && text.contains("generator:\n  kind: digits\n")
                && text.contains("problems:\n  clip 7: empty transcript\n"), text);
    }
}
