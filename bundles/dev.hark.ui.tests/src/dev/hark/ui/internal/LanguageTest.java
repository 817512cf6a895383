package dev.hark.ui.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.Locale;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.api.Test;

import dev.hark.core.ConnectionState;

/** Issue 13: both languages complete, the language chosen without an OS locale, the services' phrases said again. */
class LanguageTest {

    private static Properties load(String name) throws Exception {
        Properties p = new Properties();
        try (InputStream in = Messages.class.getResourceAsStream(name)) {
            p.load(in);
        }
        return p;
    }

    @Test
    void everyMessageHasAnEnglishAndAJapaneseText() throws Exception {
        Properties en = load("messages.properties");
        Properties ja = load("messages_ja.properties");
        Set<String> fields = new TreeSet<>();
        for (Field f : Messages.class.getDeclaredFields()) {
            if (Modifier.isPublic(f.getModifiers()) && f.getType() == String.class) {
                fields.add(f.getName());
            }
        }
        assertEquals(fields, new TreeSet<>(en.stringPropertyNames()), "English keys = the fields of Messages");
        assertEquals(fields, new TreeSet<>(ja.stringPropertyNames()), "Japanese keys = the fields of Messages");
        for (String key : fields) {
            assertTrue(!ja.getProperty(key).isBlank(), key);
        }
    }

    /** A messages class of the test's own, filled like {@link Messages}. */
    public static final class Sample {
        public static String Live_title;
        public static String Common_cancel;
        public static String No_such_key;
    }

    @Test
    void translationsFollowTheDefaultLocaleWhenLoadedWithoutAnInstalledOsLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.JAPANESE); // what -nl ja or the language preference do at startup
            Translations.load("dev.hark.ui.internal.messages", Sample.class);
            assertEquals("\u30e9\u30a4\u30d6", Sample.Live_title);
            assertEquals("\u30ad\u30e3\u30f3\u30bb\u30eb", Sample.Common_cancel);
            assertEquals("!No_such_key!", Sample.No_such_key);
            Locale.setDefault(Locale.ENGLISH);
            Translations.load("dev.hark.ui.internal.messages", Sample.class);
            assertEquals("Live", Sample.Live_title);
            Locale.setDefault(Locale.FRENCH); // a language Hark does not speak: English
            Translations.load("dev.hark.ui.internal.messages", Sample.class);
            assertEquals("Cancel", Sample.Common_cancel);
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void minusNlWinsOverThePreferenceWhichWinsOverTheSystem() {
        assertNull(UiLanguage.chosen(null, ""), "no preference: the system's locale stays");
        assertNull(UiLanguage.chosen("en_US", "ja"), "-nl given: Equinox applied it, the preference waits");
        assertEquals(Locale.JAPANESE, UiLanguage.chosen(null, "ja"));
        assertEquals(Locale.ENGLISH, UiLanguage.chosen(null, " en "));
    }

    @Test
    void theServicesPhrasesAreRecognised() {
        for (String d : new String[] { "no session", "session ended", "waiting for the server to start", "waiting for the last result",
                "starting session over protocol v2", "resuming session over protocol v2", "protocol v2, session 3f2a", "protocol v1",
                "connection closed (1006); retrying in 500 ms", "cannot reach ws://127.0.0.1:9/ws: Connection refused" }) {
            assertTrue(StateText.known(d), d);
        }
        assertEquals("Reconnecting (connection closed (1006); retrying in 500 ms)",
                StateText.withDetail(ConnectionState.RECONNECTING, "connection closed (1006); retrying in 500 ms"));
        assertEquals("Idle", StateText.withDetail(ConnectionState.IDLE, ""));
        assertEquals("disk full", StateText.detail("disk full"), "anything else as it came");
    }
}
