package dev.hark.ui.internal;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.osgi.util.NLS;

import dev.hark.core.HarkPreferences;

/** The Preferences dialog's wording and choices, apart from its widgets (tested without a display). */
public final class PreferenceText {

    private PreferenceText() {
    }

    /** The device list: the system default first, then the devices, then a saved device that is not plugged in. */
    public static List<String> deviceChoices(List<String> devices, String saved) {
        List<String> items = new ArrayList<>();
        items.add(Messages.Prefs_deviceDefault);
        items.addAll(devices);
        if (saved != null && !saved.isBlank() && !devices.contains(saved)) {
            items.add(saved);
        }
        return items;
    }

    /** "saved", "from -Dhark.stream.endWaitSeconds", "default": where a value comes from, in the UI language. */
    public static String source(HarkPreferences.Effective e) {
        return switch (e.source()) {
            case PREFERENCE -> Messages.Prefs_fromPreference;
            case SYSTEM_PROPERTY -> NLS.bind(Messages.Prefs_fromProperty, HarkPreferences.systemProperty(e.key()));
            case DEFAULT -> Messages.Prefs_fromDefault;
        };
    }
}
