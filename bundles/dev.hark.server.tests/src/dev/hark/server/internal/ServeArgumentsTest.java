package dev.hark.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hark.server.ServerConfig;

/** {@code hark serve}'s command line: values, defaults, one-line errors, generated help. */
class ServeArgumentsTest {

    static String error(String envToken, String... args) {
        dev.hark.core.cli.UsageException e = assertThrows(dev.hark.core.cli.UsageException.class, () -> ServeArguments.parse(args, envToken));
        assertFalse(e.help(), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), "one line: " + e.getMessage());
        return e.getMessage();
    }

    @Test
    void defaults() throws Exception {
        ServerConfig c = ServeArguments.parse(new String[0], null);
        assertEquals(ServerConfig.DEFAULT_HOST, c.host());
        assertEquals(ServerConfig.DEFAULT_PORT, c.port());
        assertEquals(ServerConfig.defaultDataDir(), c.dataDir());
        assertNull(c.token());
    }

    @Test
    void everyOption() throws Exception {
        ServerConfig c = ServeArguments.parse(new String[] { "serve", "--host", "0.0.0.0", "--port", "0", "--data", "d", "--token", "t" },
                null);
        assertEquals("0.0.0.0", c.host());
        assertEquals(0, c.port());
        assertEquals(Path.of("d").toAbsolutePath(), c.dataDir());
        assertEquals("t", c.token());
        assertEquals("env", ServeArguments.parse(new String[0], "env").token(), "HARK_SERVER_TOKEN");
        assertEquals("opt", ServeArguments.parse(new String[] { "--token", "opt" }, "env").token(), "the option wins");
        assertNull(ServeArguments.parse(new String[0], " ").token(), "a blank token is none");
    }

    @Test
    void badArgumentsAreOneClearLine() {
        assertTrue(error(null, "--bogus").contains("--bogus"));
        assertTrue(error(null, "--port", "x").contains("--port"));
        assertTrue(error(null, "--port", "70000").contains("70000"));
        assertTrue(error(null, "--port").contains("--port"), "a value is missing");
        assertTrue(error(null, "--host", "--port", "1").contains("--host"), "an option is no value");
        assertEquals("binding 0.0.0.0 exposes the server beyond this machine: give a --token", error(null, "--host", "0.0.0.0"));
    }

    @Test
    void helpListsEveryOption() {
        for (String flag : List.of("--help", "-h")) {
            dev.hark.core.cli.UsageException e = assertThrows(dev.hark.core.cli.UsageException.class,
                    () -> ServeArguments.parse(new String[] { flag }, null));
            assertTrue(e.help());
            String help = e.getMessage();
            assertTrue(help.startsWith("Usage: hark serve"), help);
            for (String option : List.of("--host", "--port", "--data", "--token", "--help", "--version", "58081", "HARK_SERVER_TOKEN",
                    "Exit codes")) {
                assertTrue(help.contains(option), option + " missing from:\n" + help);
            }
        }
        dev.hark.core.cli.UsageException v = assertThrows(dev.hark.core.cli.UsageException.class,
                () -> ServeArguments.parse(new String[] { "--version" }, null));
        assertTrue(v.help() && v.getMessage().startsWith("hark serve 0."), v.getMessage());
    }
}
