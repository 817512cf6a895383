package dev.hark.core.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import dev.hark.core.HarkPreferences;
import dev.hark.core.HarkPreferences.Source;

/** Effective settings: a saved preference, else {@code -Dhark.<key>}, else the built-in default, each saying which. */
class HarkPreferencesTest {

    @Test
    void savedThenSystemPropertyThenDefault() {
        String key = HarkPreferences.END_WAIT_SECONDS;
        String property = HarkPreferences.systemProperty(key);
        assertEquals("hark.stream.endWaitSeconds", property);
        String before = System.getProperty(property);
        try {
            System.clearProperty(property);
            assertEquals(new HarkPreferences.Effective(key, "30", Source.DEFAULT), HarkPreferences.effective(key, null));
            System.setProperty(property, " 45 ");
            assertEquals(new HarkPreferences.Effective(key, "45", Source.SYSTEM_PROPERTY), HarkPreferences.effective(key, null));
            assertEquals(new HarkPreferences.Effective(key, "45", Source.SYSTEM_PROPERTY), HarkPreferences.effective(key, "  "),
                    "a blank preference does not hide the property");
            assertEquals(new HarkPreferences.Effective(key, "12", Source.PREFERENCE), HarkPreferences.effective(key, "12"));
        } finally {
            if (before == null) {
                System.clearProperty(property);
            } else {
                System.setProperty(property, before);
            }
        }
    }

    @Test
    void everyKeyHasADefault() {
        for (String key : new String[] { HarkPreferences.SERVER_MODE, HarkPreferences.SERVER_URL, HarkPreferences.SERVER_TOKEN,
                HarkPreferences.EMBEDDED_DATA, HarkPreferences.DEFAULT_MODEL, HarkPreferences.INPUT_DEVICE, HarkPreferences.PROTOCOL,
                HarkPreferences.RECONNECT_GIVE_UP_SECONDS, HarkPreferences.END_WAIT_SECONDS }) {
            assertEquals(true, HarkPreferences.DEFAULTS.containsKey(key), key);
        }
        assertEquals(HarkPreferences.MODE_EMBEDDED, HarkPreferences.DEFAULTS.get(HarkPreferences.SERVER_MODE));
    }
}
