package dev.hark.server.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import dev.hark.protocol.ProtocolJson;
import dev.hark.protocol.rest.TrainingDefaults;
import dev.hark.training.TestHooks;
import dev.hark.training.TrainRequest;
import dev.hark.training.TrainingException;

/** Training request bodies: defaults from {@link TrainingDefaults}, ranges checked once, test hooks only when enabled. */
class TrainRequestTest {

    private static TrainRequest from(String json) throws Exception {
        return TrainRequest.from(ProtocolJson.fromJson(json, dev.hark.protocol.rest.TrainRequest.class),
                ProtocolJson.fromJson(json, TestHooks.class));
    }

    @Test
    void anEmptyBodyTakesTheDefaults() throws Exception {
        TrainRequest r = from("{}");
        assertEquals(TrainingDefaults.DEFAULT_MODEL, r.modelName());
        assertEquals(TrainingDefaults.EPOCHS, r.epochs());
        assertEquals(TrainingDefaults.BATCH_SIZE, r.batchSize());
        assertEquals(TrainingDefaults.LEARNING_RATE, r.learningRate());
        assertEquals(TrainingDefaults.VALIDATION_SPLIT, r.validationSplit());
        assertEquals(TrainingDefaults.KEEP_CHECKPOINTS, r.keepCheckpoints());
        assertEquals(TrainingDefaults.THREADS, r.threads());
        assertEquals(TrainingDefaults.WARMUP_STEPS, r.warmupSteps());
        assertEquals(TrainingDefaults.SEED, r.seed());
        assertTrue(r.resumeFromCheckpoint());
        assertEquals(TestHooks.NONE, r.hooks());
        assertEquals(10, from("{\"lightweight\": true}").sampleLimit());
    }

    @Test
    void outOfRangeValuesAreInvalid() {
        for (String body : new String[] { "{\"epochs\": 0}", "{\"batch_size\": 5000}", "{\"learning_rate\": 2}",
                "{\"validation_split\": 0.95}", "{\"threads\": 0}", "{\"warmup_steps\": -2}", "{\"keep_checkpoints\": -1}",
                "{\"limit_samples\": -5}" }) {
            TrainingException e = assertThrows(TrainingException.class, () -> from(body), body);
            assertEquals(TrainingException.Reason.INVALID, e.reason(), body);
        }
    }

    @Test
    void testHooksNeedTheSystemProperty() throws Exception {
        String old = System.getProperty(TestHooks.PROPERTY);
        try {
            System.clearProperty(TestHooks.PROPERTY);
            for (String body : new String[] { "{\"exhaust_memory\": true}", "{\"fail_after_steps\": 3}", "{\"worker_heap_mb\": 160}" }) {
                TrainingException e = assertThrows(TrainingException.class, () -> from(body), body);
                assertEquals(TrainingException.Reason.INVALID, e.reason());
                assertTrue(e.getMessage().contains(TestHooks.PROPERTY), e.getMessage());
            }
            assertEquals(TestHooks.NONE, from("{\"exhaust_memory\": false, \"fail_after_steps\": 0}").hooks(), "unset hooks are fine");
            System.setProperty(TestHooks.PROPERTY, "true");
            TrainRequest r = from("{\"exhaust_memory\": true, \"worker_heap_mb\": 160}");
            assertEquals(Boolean.TRUE, r.hooks().exhaustMemory());
            assertEquals(160, r.hooks().workerHeapMb());
            assertThrows(TrainingException.class, () -> from("{\"worker_heap_mb\": -1}"));
        } finally {
            if (old == null) {
                System.clearProperty(TestHooks.PROPERTY);
            } else {
                System.setProperty(TestHooks.PROPERTY, old);
            }
        }
    }
}
