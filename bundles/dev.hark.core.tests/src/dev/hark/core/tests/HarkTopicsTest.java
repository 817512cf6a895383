package dev.hark.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hark.core.HarkEvents;
import dev.hark.core.HarkTopics;

class HarkTopicsTest {

    private static List<String> topicConstants() throws IllegalAccessException {
        List<String> topics = new ArrayList<>();
        for (Field f : HarkTopics.class.getFields()) {
            if (Modifier.isStatic(f.getModifiers()) && f.getType() == String.class && !f.getName().equals("ROOT")) {
                topics.add((String) f.get(null));
            }
        }
        return topics;
    }

    @Test
    void everyTopicIsWellFormedAndUnique() throws Exception {
        List<String> topics = topicConstants();
        assertTrue(topics.size() >= 10, "expected the documented topics, got " + topics);
        assertEquals(topics.size(), new HashSet<>(topics).size(), "duplicate topic values: " + topics);
        for (String topic : topics) {
            if (topic.endsWith("/*")) {
                String family = topic.substring(0, topic.length() - 2);
                assertTrue(HarkEvents.isValidTopic(family + "/x"), "bad wildcard " + topic);
            } else {
                assertTrue(HarkEvents.isValidTopic(topic), "bad topic " + topic);
            }
        }
    }

    @Test
    void everyConcreteTopicFallsUnderAWildcard() throws Exception {
        List<String> topics = topicConstants();
        for (String topic : topics) {
            if (topic.endsWith("/*")) {
                continue;
            }
            String family = topic.substring(0, topic.lastIndexOf('/')) + "/*";
            assertTrue(topics.contains(family), topic + " has no wildcard constant " + family);
        }
    }

    @Test
    void topicValidationRejectsForeignAndMalformedTopics() {
        assertFalse(HarkEvents.isValidTopic(null));
        assertFalse(HarkEvents.isValidTopic("org/osgi/framework/BundleEvent"));
        assertFalse(HarkEvents.isValidTopic("hark"));
        assertFalse(HarkEvents.isValidTopic("hark//state"));
        assertFalse(HarkEvents.isValidTopic("hark/stream/*"));
        assertFalse(HarkEvents.isValidTopic("hark/stream/state/"));
        assertTrue(HarkEvents.isValidTopic(HarkTopics.STREAM_STATE));
    }
}
