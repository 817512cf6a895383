package dev.hark.engine.pocketsphinx.internal;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

import dev.hark.engine.EngineException;

/**
 * Grammars shipped in this bundle's {@code grammars/} folder. Pocketsphinx reads a grammar only from a file
 * path and a bundle's entries are not files, so each model gets its own temporary copy.
 */
final class BundledGrammar {

    private BundledGrammar() {
    }

    /** Copies {@code grammars/<name>} to a new temporary file; the caller deletes it with {@link #delete}. */
    static Path extract(String name) throws EngineException {
        try (InputStream in = BundledGrammar.class.getResourceAsStream("/grammars/" + name)) {
            if (in == null) {
                throw new EngineException(EngineException.Kind.UNAVAILABLE, "grammar " + name + " is missing from the bundle");
            }
            Path file = Files.createTempFile("hark-pocketsphinx-", "-" + name);
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (IOException e) {
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "cannot write grammar " + name + ": " + e, e);
        }
    }

    static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a leftover temporary file is harmless; nothing to report to the caller closing a model
        }
    }
}
