package dev.hark.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hark.core.HarkPreferences;
import dev.hark.core.services.ServerCallException;
import dev.hark.protocol.training.DatasetProgress;
import dev.hark.protocol.training.DatasetStatus;
import dev.hark.protocol.training.TrainingProgress;

/** The words the views put on records, and when preferences need a server switch. */
class LabelsTest {

    @Test
    void trainingProgressLine() {
        TrainingProgress p = new TrainingProgress(2, 10, 41, 400, 1.23456, 0.00125, 650.4, null, null, null, 125.0, null);
        assertEquals("Epoch 2/10 | Step 41/400 | loss 1.2346 | lr 1.25e-03 | 650 audio s/s | ETA 2:05", TrainingText.progress(p));
        assertEquals(103, TrainingText.permille(p));
        TrainingProgress first = new TrainingProgress(1, 10, 0, 400, null, null, null, null, null, null, null, null);
        assertEquals("Epoch 1/10 | Step 0/400 | loss - | lr - | - audio s/s | ETA -", TrainingText.progress(first));
        assertEquals("-", TrainingText.eta(Double.NaN));
        assertEquals("61:01", TrainingText.eta(3661.0));
    }

    @Test
    void datasetJobLines() {
        DatasetProgress p = DatasetProgress.of("digits", "generate", 120, 200);
        assertEquals("digits: generate 120/200 (60 %)", DatasetText.progress(p));
        assertEquals(0.6, DatasetText.fraction(p), 1e-9);
        DatasetProgress unknown = new DatasetProgress("lj", "download", 5_000, 0, null);
        assertEquals("lj: download 5000", DatasetText.progress(unknown));
        assertEquals(-1, DatasetText.fraction(unknown));
        assertEquals("lj: failed - checksum mismatch", DatasetText.status(new DatasetStatus("lj", "failed", "checksum mismatch")));
        assertEquals("digits: downloaded", DatasetText.status(new DatasetStatus("digits", "downloaded", null)));
    }

    @Test
    void onlyServerKeysNeedAReconfigure() {
        Map<String, String> before = new HashMap<>(Map.of(HarkPreferences.SERVER_MODE, HarkPreferences.MODE_REMOTE,
                HarkPreferences.SERVER_URL, "http://127.0.0.1:58081", HarkPreferences.DEFAULT_MODEL, "a"));
        Map<String, String> after = new HashMap<>(before);
        after.put(HarkPreferences.DEFAULT_MODEL, "b");
        after.put(HarkPreferences.INPUT_DEVICE, "USB mic");
        assertFalse(ServerPreferences.changed(before, after), "model and device need no server switch");
        after.put(HarkPreferences.SERVER_URL, "http://127.0.0.1:58081 "); // the dialog strips: same address
        assertFalse(ServerPreferences.changed(before, after));
        after.put(HarkPreferences.SERVER_TOKEN, "secret");
        assertTrue(ServerPreferences.changed(before, after), "a new token");
        after.remove(HarkPreferences.SERVER_TOKEN);
        after.put(HarkPreferences.SERVER_MODE, HarkPreferences.MODE_EMBEDDED);
        assertTrue(ServerPreferences.changed(before, after), "another mode");
        after.put(HarkPreferences.SERVER_MODE, HarkPreferences.MODE_REMOTE);
        after.put(HarkPreferences.EMBEDDED_DATA, "/tmp/hark");
        assertTrue(ServerPreferences.changed(before, after), "the embedded server's data folder");
    }

    @Test
    void aServerThatIsNotReadySaysSoInTheUsersLanguage() {
        assertEquals(org.eclipse.osgi.util.NLS.bind(Messages.Common_serverNotReady, "starting"),
                ErrorText.message(new ServerCallException.NotReady("starting")));
        assertEquals("HTTP 500: boom", ErrorText.message(new ServerCallException(500, "HTTP 500: boom")));
    }
}
