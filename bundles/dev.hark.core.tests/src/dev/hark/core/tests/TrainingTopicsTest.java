package dev.hark.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.hark.core.HarkEvents;
import dev.hark.core.HarkTopics;
import dev.hark.protocol.training.CheckpointSaved;
import dev.hark.protocol.training.DatasetProgress;
import dev.hark.protocol.training.DatasetStatus;
import dev.hark.protocol.training.TrainingError;
import dev.hark.protocol.training.TrainingLog;
import dev.hark.protocol.training.TrainingMessage;
import dev.hark.protocol.training.TrainingProgress;
import dev.hark.protocol.training.TrainingStatus;
import dev.hark.protocol.training.ValidationResult;

/** Every training and dataset record has its topic, in the family its subscribers take. */
class TrainingTopicsTest {

    @Test
    void eachRecordTypeTravelsOnItsTopic() {
        Map<TrainingMessage, String> expected = Map.of(
                new TrainingProgress(1, 2, 3, 4, 1.0, 1e-3, null, null, null, null, null, null), HarkTopics.TRAINING_PROGRESS,
                new TrainingLog("INFO", "x"), HarkTopics.TRAINING_LOG,
                new ValidationResult(1, 1.0, 0.5, 0.7, 3, List.of()), HarkTopics.TRAINING_VALIDATION,
                new TrainingStatus(TrainingStatus.COMPLETED, "", "r", 0), HarkTopics.TRAINING_STATUS,
                new CheckpointSaved("c", 1, 10, "/p", "saved"), HarkTopics.TRAINING_STATUS,
                new TrainingError("boom", "trace"), HarkTopics.TRAINING_STATUS,
                DatasetProgress.of("d", "download", 1, 2), HarkTopics.DATASET_PROGRESS,
                new DatasetStatus("d", "downloaded", ""), HarkTopics.DATASET_STATUS);
        expected.forEach((message, topic) -> {
            assertEquals(topic, HarkTopics.topicOf(message), message.type());
            assertTrue(HarkEvents.isValidTopic(topic), topic);
        });
        // the run's history takes hark/training/*: dataset jobs stay out of it
        expected.forEach((message, topic) -> assertEquals(message.type().startsWith("dataset"),
                !topic.startsWith(HarkTopics.TRAINING_ALL.replace("*", "")), message.type()));
    }
}
