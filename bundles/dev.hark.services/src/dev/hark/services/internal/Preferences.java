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

    static int getInt(String key, int fallback) {
        try {
            return Integer.parseInt(get(key, Integer.toString(fallback)));
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
