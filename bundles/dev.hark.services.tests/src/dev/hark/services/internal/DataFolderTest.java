package dev.hark.services.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** The embedded server's default data folder follows each platform's convention and keeps an existing ~/.hark/server. */
class DataFolderTest {

    private static final Set<String> NOTHING = Set.of();

    @Test
    void linuxUsesXdgDataHomeElseHomeLocalShare() {
        assertEquals("/home/ann/.local/share/hark/server",
                DataFolder.serverData("Linux", Map.of("HOME", "/home/ann"), "/root", NOTHING::contains));
        assertEquals("/data/xdg/hark/server",
                DataFolder.serverData("Linux", Map.of("HOME", "/home/ann", "XDG_DATA_HOME", "/data/xdg/"), "/root", NOTHING::contains));
        // a relative XDG_DATA_HOME is invalid by the specification: ignored
        assertEquals("/home/ann/.local/share/hark/server",
                DataFolder.serverData("Linux", Map.of("HOME", "/home/ann", "XDG_DATA_HOME", "rel/xdg"), "/root", NOTHING::contains));
        assertEquals("/home/ann/.local/share/hark/server",
                DataFolder.serverData("FreeBSD", Map.of("HOME", "/home/ann/"), "/root", NOTHING::contains));
    }

    @Test
    void homeFromTheEnvironmentWinsOverJavasUserHome() {
        // the issue: Java's user.home (/root) while $HOME pointed elsewhere
        assertEquals("/tmp/fresh-home/.local/share/hark/server",
                DataFolder.serverData("Linux", Map.of("HOME", "/tmp/fresh-home"), "/root", NOTHING::contains));
        assertEquals("/root/.local/share/hark/server", DataFolder.serverData("Linux", Map.of(), "/root", NOTHING::contains));
    }

    @Test
    void macOsUsesApplicationSupport() {
        assertEquals("/Users/ann/Library/Application Support/Hark/server",
                DataFolder.serverData("Mac OS X", Map.of("HOME", "/Users/ann"), "/Users/other", NOTHING::contains));
    }

    @Test
    void windowsUsesAppData() {
        assertEquals("C:\\Users\\ann\\AppData\\Roaming\\Hark\\server", DataFolder.serverData("Windows 11",
                Map.of("APPDATA", "C:\\Users\\ann\\AppData\\Roaming", "USERPROFILE", "C:\\Users\\ann"), "C:\\Users\\x", NOTHING::contains));
        assertEquals("C:\\Users\\ann\\AppData\\Roaming\\Hark\\server",
                DataFolder.serverData("Windows 10", Map.of("USERPROFILE", "C:\\Users\\ann"), "C:\\Users\\x", NOTHING::contains));
        // HOME (set by Git Bash or Cygwin) does not move Windows data
        assertEquals("D:\\roam\\Hark\\server", DataFolder.serverData("Windows 10",
                Map.of("APPDATA", "D:\\roam\\", "HOME", "/c/Users/ann", "USERPROFILE", "C:\\Users\\ann"), "C:\\Users\\x", NOTHING::contains));
    }

    @Test
    void anExistingFolderOfAnEarlierVersionIsKept() {
        assertEquals("/home/ann/.hark/server", DataFolder.serverData("Linux", Map.of("HOME", "/home/ann", "XDG_DATA_HOME", "/xdg"),
                "/root", Set.of("/home/ann/.hark/server")::contains));
        assertEquals("/Users/ann/.hark/server",
                DataFolder.serverData("Mac OS X", Map.of("HOME", "/Users/ann"), "/x", Set.of("/Users/ann/.hark/server")::contains));
        assertEquals("C:\\Users\\ann\\.hark\\server", DataFolder.serverData("Windows 11",
                Map.of("APPDATA", "C:\\r", "USERPROFILE", "C:\\Users\\ann"), "C:\\x", Set.of("C:\\Users\\ann\\.hark\\server")::contains));
    }
}
