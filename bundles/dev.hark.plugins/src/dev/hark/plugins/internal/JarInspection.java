package dev.hark.plugins.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

import org.osgi.framework.Constants;

import dev.hark.core.services.InstalledPlugin;

/** A jar of a plugin folder that is not installed: what its manifest says, and why it is not a plugin. */
final class JarInspection {

    private JarInspection() {
    }

    /**
     * @param reported FileInstall's reason when it logged one, else null (the manifest is then read here)
     */
    static InstalledPlugin notInstalled(Path jar, String reported) {
        String sn = "";
        String name = null;
        String version = "";
        String why;
        try (JarFile f = new JarFile(jar.toFile())) {
            Manifest m = f.getManifest();
            if (m == null) {
                why = "not a plugin: the jar has no META-INF/MANIFEST.MF";
            } else {
                Attributes a = m.getMainAttributes();
                sn = a.getValue(Constants.BUNDLE_SYMBOLICNAME) == null ? "" : a.getValue(Constants.BUNDLE_SYMBOLICNAME).split(";")[0].strip();
                name = a.getValue(Constants.BUNDLE_NAME);
                version = a.getValue(Constants.BUNDLE_VERSION) == null ? "" : a.getValue(Constants.BUNDLE_VERSION).strip();
                why = sn.isEmpty() ? "not a plugin: its manifest has no Bundle-SymbolicName (not an OSGi bundle)"
                        : "not installed yet (plugin folders are read every 2 s)";
            }
        } catch (IOException e) {
            why = "not a readable jar: " + e.getMessage();
        }
        return new InstalledPlugin(jar, sn, name, version, InstalledPlugin.State.NOT_INSTALLED, reported != null ? reported : why);
    }
}
