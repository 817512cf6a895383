package dev.hark.ui.internal;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Desktop notifications through freedesktop's {@code notify-send} (libnotify), where the desktop has one: the
 * command on the PATH and a session bus ({@code DBUS_SESSION_BUS_ADDRESS}). Each call runs the command on the
 * caller's thread (never the UI thread: {@link RunAlertPopups} uses a job) and waits at most 5 s for it.
 */
final class DesktopNotifier {

    private static final Logger LOG = Logger.getLogger(DesktopNotifier.class.getName());
    private final Path command;

    private DesktopNotifier(Path command) {
        this.command = command;
    }

    /** The desktop's notifier, or empty where there is none (no notify-send, no session bus, not Linux). */
    static java.util.Optional<DesktopNotifier> find() {
        String bus = System.getenv("DBUS_SESSION_BUS_ADDRESS");
        String path = System.getenv("PATH");
        if (bus == null || bus.isBlank() || path == null) {
            return java.util.Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path p = Path.of(dir, "notify-send");
            if (Files.isExecutable(p)) {
                return java.util.Optional.of(new DesktopNotifier(p));
            }
        }
        return java.util.Optional.empty();
    }

    void show(String title, String body, boolean urgent) {
        try {
            Process p = new ProcessBuilder(List.of(command.toString(), "--app-name=Hark", "--urgency=" + (urgent ? "critical" : "normal"),
                    "--", title, body)).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        } catch (java.io.IOException e) {
            LOG.log(Level.FINE, "Hark: notify-send failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
