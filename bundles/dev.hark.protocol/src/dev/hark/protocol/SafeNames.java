package dev.hark.protocol;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.regex.Pattern;

/**
 * Names that come from clients (checkpoints, datasets) and the paths they may name. A name is one path
 * segment of safe characters; the resolved path must stay inside its folder even through symlinks. The protocol's
 * rule (docs/protocol.md), shared by the server's routes and its dataset store.
 */
public final class SafeNames {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    private SafeNames() {
    }

    /** Whether {@code name} is acceptable as a checkpoint or dataset name. */
    public static boolean isValid(String name) {
        return name != null && NAME.matcher(name).matches() && !name.contains("..");
    }

    /**
     * {@code folder/name}, or an exception with a message for the client when the name is not safe or
     * the path would leave {@code folder}.
     */
    public static Path resolve(Path folder, String name) throws IllegalArgumentException {
        if (!isValid(name)) {
            throw new IllegalArgumentException("invalid name \"" + printable(name)
                    + "\": use 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit");
        }
        Path resolved = folder.resolve(name).normalize();
        if (!resolved.getParent().equals(folder.normalize())) {
            throw new IllegalArgumentException("invalid name \"" + printable(name) + "\"");
        }
        try {
            if (Files.exists(resolved, LinkOption.NOFOLLOW_LINKS) && Files.isSymbolicLink(resolved)) {
                Path real = resolved.toRealPath();
                if (!real.startsWith(folder.toRealPath())) {
                    throw new IllegalArgumentException("\"" + printable(name) + "\" points outside the data folder");
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read \"" + printable(name) + "\": " + e.getMessage());
        }
        return resolved;
    }

    /** The name cut short and stripped of control characters, safe to echo in a message. */
    public static String printable(String name) {
        if (name == null) {
            return "null";
        }
        String cleaned = name.codePoints().filter(c -> !Character.isISOControl(c))
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        return cleaned.length() > 80 ? cleaned.substring(0, 80) + "..." : cleaned;
    }
}
