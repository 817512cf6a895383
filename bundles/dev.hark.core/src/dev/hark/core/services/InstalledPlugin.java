package dev.hark.core.services;

import java.nio.file.Path;
import java.util.Locale;

/**
 * One jar of a plugin folder as Hark sees it.
 *
 * @param file          the jar
 * @param symbolicName  its Bundle-SymbolicName, or "" when it has none
 * @param name          its Bundle-Name, else the symbolic name, else the file name
 * @param version       its Bundle-Version, or "" when unknown
 * @param state         what became of it
 * @param problem       why it does not work (one line), or "" when it works
 */
public record InstalledPlugin(Path file, String symbolicName, String name, String version, State state, String problem) {

    /** What became of a plugin jar. */
    public enum State {
        /** started (its services are registered) */
        ACTIVE,
        /** started with a lazy activation policy: activates on first class load */
        LAZY,
        /** a fragment, attached to its host */
        FRAGMENT,
        /** installed but a requirement is missing (see problem) */
        UNRESOLVED,
        /** resolved, but its activator threw (see problem) */
        FAILED,
        /** the jar is not a bundle or its manifest is invalid (see problem) */
        NOT_INSTALLED,
        /** installed, not started yet */
        INSTALLED;

        /** lower-case words, e.g. "not installed" */
        public String label() {
            return name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }

    public InstalledPlugin {
        symbolicName = symbolicName == null ? "" : symbolicName;
        version = version == null ? "" : version;
        problem = problem == null ? "" : problem;
        name = name == null || name.isBlank() ? (symbolicName.isEmpty() ? String.valueOf(file.getFileName()) : symbolicName) : name;
    }

    /** true unless the plugin is broken */
    public boolean works() {
        return problem.isEmpty();
    }
}
