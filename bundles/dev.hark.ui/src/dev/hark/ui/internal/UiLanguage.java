package dev.hark.ui.internal;

import java.util.List;
import java.util.Locale;

import org.eclipse.core.runtime.preferences.InstanceScope;

import dev.hark.core.HarkPreferences;

/**
 * The workbench's language: {@code -nl} on the command line wins; else the language preference (Window &gt;
 * Preferences, applied at the next start: the text of views already open does not change); else the operating
 * system's locale. Hark speaks English and Japanese whatever locales the system has installed: its text is its own.
 */
public final class UiLanguage {

    /** The preference (in {@link HarkPreferences#NODE}): "" for the system's language, else a language tag. */
    public static final String KEY = "ui.language";
    /** The languages the workbench speaks; the preference offers these. */
    public static final List<String> LANGUAGES = List.of("en", "ja");

    private UiLanguage() {
    }

    /** The stored preference, "" when none. */
    public static String preference() {
        return InstanceScope.INSTANCE.getNode(HarkPreferences.NODE).get(KEY, "").strip();
    }

    /**
     * The locale to switch to at startup, or null to keep the JVM's: {@code userNl} is what {@code -nl} said (Equinox's
     * {@code osgi.nl.user}, null when not given), {@code preference} the stored language.
     */
    public static Locale chosen(String userNl, String preference) {
        if (userNl != null && !userNl.isBlank()) {
            return null; // Equinox has applied -nl already
        }
        if (preference == null || preference.isBlank()) {
            return null;
        }
        return Locale.forLanguageTag(preference.strip().replace('_', '-'));
    }
}
