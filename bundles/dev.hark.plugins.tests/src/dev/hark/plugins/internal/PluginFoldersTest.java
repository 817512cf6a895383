package dev.hark.plugins.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleException;

import dev.hark.core.services.InstalledPlugin;

class PluginFoldersTest {

    @Test
    void theProductsDropinsFolderThenTheUsersOwn() {
        Map<String, String> props = Map.of("osgi.install.area", "file:/opt/hark-workbench/", "user.home", "/home/ann");
        assertEquals(List.of(Path.of("/opt/hark-workbench/plugins-dropins"), Path.of("/home/ann/.hark/plugins")),
                PluginFolders.of(props::get, Map.of()));
    }

    @Test
    void theUsersFolderCanBeMovedOrTurnedOff() {
        Map<String, String> props = Map.of("osgi.install.area", "file:/opt/hark%20x/", "user.home", "/home/ann");
        assertEquals(List.of(Path.of("/opt/hark x/plugins-dropins"), Path.of("/srv/plugins")),
                PluginFolders.of(props::get, Map.of("HARK_USER_PLUGINS", "/srv/plugins")));
        assertEquals(List.of(Path.of("/opt/hark x/plugins-dropins")), PluginFolders.of(props::get, Map.of("HARK_USER_PLUGINS", "none")));
    }

    @Test
    void anExplicitFileInstallDirReplacesBoth() {
        Map<String, String> props = Map.of("felix.fileinstall.dir", "/a, /b", "osgi.install.area", "file:/opt/h/", "user.home", "/home/ann");
        assertEquals(List.of(Path.of("/a"), Path.of("/b")), PluginFolders.of(props::get, Map.of()));
    }

    @Test
    void onlyJarsDirectlyInAFolderArePlugins() {
        List<Path> folders = List.of(Path.of("/opt/h/plugins-dropins"));
        assertEquals(Path.of("/opt/h/plugins-dropins/x.jar"), PluginFolders.jarOf("file:/opt/h/plugins-dropins/x.jar", folders));
        assertNull(PluginFolders.jarOf("file:/opt/h/plugins/x.jar", folders));
        assertNull(PluginFolders.jarOf("reference:file:plugins/dev.hark.core.jar", folders));
        assertNull(PluginFolders.jarOf(null, folders));
    }

    @Test
    void theFoldersOfTheLaunchBeforeAreKeptAndPluginsOfAFolderTurnedOffAreLeftBehind(@TempDir Path dir) throws IOException {
        Path record = dir.resolve("folders.txt");
        List<Path> both = List.of(Path.of("/opt/h/plugins-dropins"), Path.of("/home/ann/.hark/plugins"));
        assertEquals(List.of(), PluginFolders.swapRecorded(record, both), "a first launch watched nothing before");
        List<Path> dropinsOnly = List.of(Path.of("/opt/h/plugins-dropins"));
        assertEquals(both, PluginFolders.swapRecorded(record, dropinsOnly));
        assertEquals(dropinsOnly, PluginFolders.swapRecorded(record, dropinsOnly));

        assertTrue(PluginFolders.leftBehind("file:/home/ann/.hark/plugins/x.jar", both, dropinsOnly));
        assertTrue(!PluginFolders.leftBehind("file:/opt/h/plugins-dropins/x.jar", both, dropinsOnly), "still watched");
        assertTrue(!PluginFolders.leftBehind("reference:file:plugins/dev.hark.core.jar", both, dropinsOnly), "Hark's own");
        assertTrue(!PluginFolders.leftBehind("file:/srv/other/x.jar", both, dropinsOnly), "never one of ours");

        Files.write(record, new byte[] { 0, (byte) 0xff, '\n' });
        assertEquals(List.of(), PluginFolders.swapRecorded(record, dropinsOnly), "an unreadable record is a first launch");
    }

    /** FileInstall gives plugins the products' start level (else the framework's initial one, 1, under the start level's feet). */
    @Test
    void fileInstallWatchesTheFoldersAndInstallsAtThePluginsStartLevel(@TempDir Path dir) {
        List<String> keys = List.of("felix.fileinstall.dir", "felix.fileinstall.poll", "felix.fileinstall.noInitialDelay",
                "felix.fileinstall.filter", "felix.fileinstall.bundles.new.start", "felix.fileinstall.start.level",
                "felix.fileinstall.log.level", "felix.fileinstall.log.default", "felix.fileinstall.disableNio2");
        keys.forEach(System::clearProperty);
        try {
            PluginFolders.configureFileInstall(List.of(dir.resolve("a"), dir.resolve("b")));
            assertEquals(dir.resolve("a") + "," + dir.resolve("b"), System.getProperty("felix.fileinstall.dir"));
            assertTrue(Files.isDirectory(dir.resolve("b")));
            assertEquals("4", System.getProperty("felix.fileinstall.start.level"));
            assertEquals(4, PluginFolders.START_LEVEL);
            assertEquals("false", System.getProperty("felix.fileinstall.bundles.new.start"), "the registry starts them");
            assertEquals("true", System.getProperty("felix.fileinstall.noInitialDelay"));
            assertEquals("true", System.getProperty("felix.fileinstall.disableNio2"), "the NIO2 scanner misses jars gone while Hark was off");
        } finally {
            keys.forEach(System::clearProperty);
        }
    }

    @Test
    void anActivatorsExceptionIsTheReason() {
        var e = new BundleException("Exception in x.Activator.start()", BundleException.ACTIVATOR_ERROR,
                new IllegalStateException("no licence key"));
        assertEquals("its activator threw java.lang.IllegalStateException: no licence key", PluginRegistry.reason(e));
        var resolve = new BundleException("Could not resolve module: x [12]\n  Unresolved requirement: Import-Package: foo\n",
                BundleException.RESOLVE_ERROR);
        assertEquals("Could not resolve module: x [12]; Unresolved requirement: Import-Package: foo", PluginRegistry.reason(resolve));
    }

    @Test
    void aJarWithoutASymbolicNameIsNotAPlugin(@TempDir Path dir) throws IOException {
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        Path jar = dir.resolve("plain.jar");
        try (OutputStream o = Files.newOutputStream(jar); JarOutputStream j = new JarOutputStream(o, m)) {
            // a manifest only
        }
        InstalledPlugin p = JarInspection.notInstalled(jar, null);
        assertEquals(InstalledPlugin.State.NOT_INSTALLED, p.state());
        assertTrue(p.problem().contains("no Bundle-SymbolicName"), p.problem());
        assertEquals("plain.jar", p.name());
        Files.writeString(dir.resolve("junk.jar"), "not a zip");
        assertTrue(JarInspection.notInstalled(dir.resolve("junk.jar"), null).problem().startsWith("not a readable jar"));
        assertEquals("bad header", JarInspection.notInstalled(jar, "bad header").problem());
    }
}
