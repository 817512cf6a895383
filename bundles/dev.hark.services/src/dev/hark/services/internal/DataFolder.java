package dev.hark.services.internal;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Where the embedded server keeps its data when the preferences do not say: the platform's place for
 * application data, never Java's {@code user.home} alone (which ignores {@code $HOME}).
 * <ul>
 * <li>Linux and other Unix: {@code $XDG_DATA_HOME/hark/server}, by default {@code $HOME/.local/share/hark/server};</li>
 * <li>macOS: {@code ~/Library/Application Support/Hark/server};</li>
 * <li>Windows: {@code %APPDATA%\Hark\server} (by default {@code %USERPROFILE%\AppData\Roaming}).</li>
 * </ul>
 * A folder of an earlier version, {@code ~/.hark/server}, is kept when it exists: no data is left behind.
 * A pure function of the OS name, the environment, {@code user.home} and what exists (paths as the target
 * platform writes them), so one test covers every platform.
 */
final class DataFolder {

    private DataFolder() {
    }

    /** For this process. */
    static Path serverData() {
        return Path.of(serverData(System.getProperty("os.name", ""), System.getenv(), System.getProperty("user.home", "."),
                p -> Path.of(p).toFile().isDirectory()));
    }

    /**
     * Where the workbench keeps the runs it observed on asr-test backends (which keep no history): beside the server's
     * data, {@code .../hark/observed-runs}; the system property {@code hark.runs.observedFolder} overrides it (tests).
     */
    static Path observedRuns() {
        String set = System.getProperty("hark.runs.observedFolder");
        return set != null && !set.isBlank() ? Path.of(set) : serverData().resolveSibling("observed-runs");
    }

    static String serverData(String osName, Map<String, String> env, String userHome, Predicate<String> isFolder) {
        String os = osName.toLowerCase(Locale.ROOT);
        boolean windows = os.startsWith("windows");
        String sep = windows ? "\\" : "/";
        String home = strip(windows ? firstSet(env.get("USERPROFILE"), userHome) : firstSet(env.get("HOME"), userHome), sep);
        String legacy = String.join(sep, home, ".hark", "server");
        if (isFolder.test(legacy)) {
            return legacy;
        }
        if (windows) {
            String appData = env.get("APPDATA");
            String base = set(appData) ? strip(appData, sep) : String.join(sep, home, "AppData", "Roaming");
            return String.join(sep, base, "Hark", "server");
        }
        if (os.startsWith("mac") || os.startsWith("darwin")) {
            return String.join(sep, home, "Library", "Application Support", "Hark", "server");
        }
        String xdg = env.get("XDG_DATA_HOME");
        // the XDG base directory specification: a relative path is invalid and is ignored
        String base = set(xdg) && xdg.startsWith("/") ? strip(xdg, sep) : String.join(sep, home, ".local", "share");
        return String.join(sep, base, "hark", "server");
    }

    private static boolean set(String v) {
        return v != null && !v.isBlank();
    }

    private static String firstSet(String a, String b) {
        return set(a) ? a : b;
    }

    /** Without trailing separators ("/" becomes "", so that joining gives "/.hark"). */
    private static String strip(String path, String sep) {
        String p = path.strip();
        while (p.endsWith(sep)) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }
}
