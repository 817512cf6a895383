package dev.hark.engine.pocketsphinx.internal;

import com.sun.jna.Native;

import dev.hark.engine.EngineException;

/**
 * The two native libraries, loaded once per process. Loading is lazy so that a machine without them can
 * still start Hark: the failure becomes an {@link EngineException.Kind#UNAVAILABLE} when a model is opened.
 */
final class NativeSphinx {

    /** The Debian packages that provide the libraries (the -dev packages are not needed). */
    static final String LIBRARY_PACKAGES = "libpocketsphinx3 libsphinxbase3";

    private static NativeSphinx loaded;

    private final SphinxbaseLibrary sphinxbase;
    private final PocketsphinxLibrary pocketsphinx;

    private NativeSphinx(SphinxbaseLibrary sphinxbase, PocketsphinxLibrary pocketsphinx) {
        this.sphinxbase = sphinxbase;
        this.pocketsphinx = pocketsphinx;
    }

    /**
     * Returns the libraries, loading them on first use. A failure is not remembered, so installing the
     * packages later works without a restart.
     */
    static synchronized NativeSphinx load() throws EngineException {
        if (loaded == null) {
            loaded = load(SphinxbaseLibrary.FILE_NAME, PocketsphinxLibrary.FILE_NAME);
        }
        return loaded;
    }

    /** Loads the libraries from the given files (tests pass missing ones), never throwing a LinkageError. */
    static NativeSphinx load(String sphinxbaseFile, String pocketsphinxFile) throws EngineException {
        try {
            SphinxbaseLibrary sphinxbase = Native.load(sphinxbaseFile, SphinxbaseLibrary.class);
            PocketsphinxLibrary pocketsphinx = Native.load(pocketsphinxFile, PocketsphinxLibrary.class);
            // Logging is one global FILE* in sphinxbase. Passing "-logfn /dev/null" to each decoder would make
            // every ps_init fclose() the handle that decoders on other threads are writing to, so it is switched
            // off once, here, instead.
            sphinxbase.err_set_logfp(null);
            return new NativeSphinx(sphinxbase, pocketsphinx);
        } catch (LinkageError e) {
            // UnsatisfiedLinkError (library missing) or NoClassDefFoundError (JNA's own native part missing)
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "pocketsphinx native libraries cannot be loaded ("
                    + e.getMessage() + "); install the Debian packages " + LIBRARY_PACKAGES, e);
        }
    }

    SphinxbaseLibrary sphinxbase() {
        return sphinxbase;
    }

    PocketsphinxLibrary pocketsphinx() {
        return pocketsphinx;
    }
}
