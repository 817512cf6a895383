package dev.hark.ui.internal;

import java.util.List;
import java.util.Map;
import java.util.Objects;

import dev.hark.core.HarkPreferences;

/** Which preferences decide the server the workbench uses: changing one of them needs a reconfigure. */
public final class ServerPreferences {

    /** Mode, address, token and the embedded server's data folder. */
    public static final List<String> KEYS = List.of(HarkPreferences.SERVER_MODE, HarkPreferences.SERVER_URL, HarkPreferences.SERVER_TOKEN,
            HarkPreferences.EMBEDDED_DATA);

    private ServerPreferences() {
    }

    /** True when a server key has another value {@code after} than {@code before} (a missing key counts as ""). */
    public static boolean changed(Map<String, String> before, Map<String, String> after) {
        for (String key : KEYS) {
            if (!Objects.equals(value(before, key), value(after, key))) {
                return true;
            }
        }
        return false;
    }

    private static String value(Map<String, String> map, String key) {
        String v = map.get(key);
        return v == null ? "" : v.strip();
    }
}
