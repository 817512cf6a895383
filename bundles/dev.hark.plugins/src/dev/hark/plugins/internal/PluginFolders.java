package dev.hark.plugins.internal;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Hark's plugin folders and the Apache Felix FileInstall settings that watch them.
 * <ul>
 * <li>{@code <product>/plugins-dropins}: plugins for everyone who runs this installation,</li>
 * <li>{@code ~/.hark/plugins} (or {@code $HARK_USER_PLUGINS}; "none" turns it off): the user's own.</li>
 * </ul>
 * An explicit {@code -Dfelix.fileinstall.dir=...} (comma-separated) replaces both.
 */
public final class PluginFolders {

    static final String DIR = "felix.fileinstall.dir";
    static final String DROPINS = "plugins-dropins";
    /** the start level FileInstall gives the plugins: that of the products' own bundles (osgi.bundles.defaultStartLevel) */
    static final int START_LEVEL = 4;

    private PluginFolders() {
    }

    /**
     * The folders for a framework whose properties {@code property} reads and whose environment {@code env} gives.
     *
     * @param property a framework/system property lookup (osgi.install.area, user.home, felix.fileinstall.dir)
     */
    static List<Path> of(UnaryOperator<String> property, Map<String, String> env) {
        List<Path> out = new ArrayList<>();
        String explicit = property.apply(DIR);
        if (explicit != null && !explicit.isBlank()) {
            for (String d : explicit.split(",")) {
                if (!d.isBlank()) {
                    out.add(Path.of(d.strip()).toAbsolutePath().normalize());
                }
            }
            return out;
        }
        Path install = installArea(property.apply("osgi.install.area"));
        if (install != null) {
            out.add(install.resolve(DROPINS));
        }
        String user = env.get("HARK_USER_PLUGINS");
        if (user == null || user.isBlank()) {
            out.add(Path.of(property.apply("user.home"), ".hark", "plugins"));
        } else if (!user.strip().equals("none")) {
            out.add(Path.of(user.strip()).toAbsolutePath().normalize());
        }
        return out;
    }

    /** osgi.install.area is a URL (file:/opt/hark/); null when absent or not a file URL. */
    static Path installArea(String url) {
        if (url == null || !url.startsWith("file:")) {
            return null;
        }
        try {
            String u = url.replace(" ", "%20");
            return Path.of(URI.create(u.startsWith("file://") || u.startsWith("file:/") ? u : "file:/" + u.substring(5)))
                    .toAbsolutePath().normalize();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /**
     * Sets FileInstall's properties (unless given on the command line): these folders, polled every two
     * seconds (a jar dropped in while Hark runs is installed live), the initial scan done before the
     * application starts, jars only, plugins at {@link #START_LEVEL}, and bundles left for
     * {@link PluginRegistry} to start (so that it records why one fails). FileInstall reads them when it
     * starts (start level 3, after this bundle).
     */
    static void configureFileInstall(List<Path> folders) {
        for (Path f : folders) {
            try {
                Files.createDirectories(f);
            } catch (Exception e) {
                // a read-only installation: FileInstall watches what exists; the registry lists what it finds
            }
        }
        setIfAbsent(DIR, String.join(",", folders.stream().map(Path::toString).toList()));
        setIfAbsent("felix.fileinstall.poll", "2000");
        setIfAbsent("felix.fileinstall.noInitialDelay", "true");
        setIfAbsent("felix.fileinstall.filter", ".*\\.jar");
        setIfAbsent("felix.fileinstall.bundles.new.start", "false");
        setIfAbsent("felix.fileinstall.start.level", Integer.toString(START_LEVEL)); // else the framework's initial one: 1
        // the polling scanner: FileInstall's NIO2 one (3.7.4) reports nothing at a launch when a folder holds no jar,
        // so a plugin whose jar went while Hark was not running stayed installed (and started)
        setIfAbsent("felix.fileinstall.disableNio2", "true");
        setIfAbsent("felix.fileinstall.log.level", "2");
        setIfAbsent("felix.fileinstall.log.default", "jul");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /**
     * The folders the launch before watched, read from {@code record} (a path a line; none when it is missing or
     * unreadable), which then holds {@code now}.
     */
    static List<Path> swapRecorded(Path record, List<Path> now) {
        List<Path> before = new ArrayList<>();
        try {
            if (Files.isRegularFile(record)) {
                for (String line : Files.readAllLines(record, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        before.add(Path.of(line.strip()));
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            before.clear(); // unreadable: as on a first launch
        }
        if (before.equals(now)) {
            return before; // the usual launch: nothing to write
        }
        try {
            Files.write(record, now.stream().map(Path::toString).toList(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            // a read-only configuration area: next launch compares against an older record, which is still right
        }
        return before;
    }

    /**
     * true for a bundle FileInstall installed from a folder watched {@code before} but not {@code now}
     * ({@code HARK_USER_PLUGINS} changed or turned off): FileInstall no longer sees it to uninstall it, and the
     * framework would start it again.
     */
    static boolean leftBehind(String location, List<Path> before, List<Path> now) {
        return jarOf(location, before) != null && jarOf(location, now) == null;
    }

    /** true if {@code location} (a bundle location FileInstall gave, a file: URI) is a jar directly in one of the folders */
    static Path jarOf(String location, List<Path> folders) {
        if (location == null || !location.startsWith("file:")) {
            return null;
        }
        try {
            Path p = Path.of(URI.create(location)).toAbsolutePath().normalize();
            return p.getParent() != null && folders.contains(p.getParent()) ? p : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
