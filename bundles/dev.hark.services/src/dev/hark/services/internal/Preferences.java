package dev.hark.services.internal;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;

import dev.hark.core.HarkPreferences;

/** Reading the workbench's preferences with their defaults. */
final class Preferences {

    private Preferences() {
    }

    static IEclipsePreferences node() {
        return InstanceScope.INSTANCE.getNode(HarkPreferences.NODE);
    }

    /** The preference, else a system property {@code hark.<key>} (tests, kiosk setups), else {@code fallback}. */
    static String get(String key, String fallback) {
        String v = HarkPreferences.effective(key, node().get(key, null), fallback).value();
        return v == null || v.isBlank() ? fallback : v;
    }

    /** As {@link #get(String, String)} with Hark's built-in default ({@link HarkPreferences#DEFAULTS}, what Preferences shows). */
    static String get(String key) {
        return get(key, HarkPreferences.DEFAULTS.get(key));
    }

    /** An integer setting with its built-in default. */
    static int getInt(String key) {
        return getInt(key, Integer.parseInt(HarkPreferences.DEFAULTS.get(key)));
    }

    static int getInt(String key, int fallback) {
        try {
            return Integer.parseInt(get(key, Integer.toString(fallback)));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
