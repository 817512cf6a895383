package dev.hark.engine.pocketsphinx.internal;

import java.util.logging.Level;
import java.util.logging.Logger;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Platform;

/**
 * Gives memory freed by a decoder back to the operating system: glibc keeps freed blocks in its arenas, so without
 * {@code malloc_trim} a server that started and dropped many streams keeps their ~90 MB each in its RSS. On a C
 * library without {@code malloc_trim} (not glibc) it does nothing.
 */
final class MallocTrim {

    private static final Logger LOG = Logger.getLogger(MallocTrim.class.getName());

    interface LibC extends Library {
        /** Releases free memory at the top of the heap and in every arena; returns 1 if any was released. */
        int malloc_trim(com.sun.jna.NativeLong pad);
    }

    private static final LibC LIBC = load();

    private MallocTrim() {
    }

    private static LibC load() {
        if (!Platform.isLinux()) {
            return null;
        }
        try {
            LibC c = Native.load("c", LibC.class);
            c.malloc_trim(new com.sun.jna.NativeLong(0)); // resolves the symbol now, so a musl libc fails here
            return c;
        } catch (LinkageError e) {
            LOG.log(Level.FINE, "malloc_trim is not available", e);
            return null;
        }
    }

    /** Returns freed native memory to the system (a few ms); called after a decoder is freed. */
    static void trim() {
        if (LIBC != null) {
            LIBC.malloc_trim(new com.sun.jna.NativeLong(0));
        }
    }
}
