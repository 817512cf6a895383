package dev.hark.engine;

import java.nio.file.Path;

/**
 * An engine whose models are files in a server's data folder (e.g. trained checkpoints under
 * {@code checkpoints/}). The registered service itself has no models; a server asks it for the engine of its own
 * data folder, so that several servers in one runtime (tests) each see their own checkpoints.
 */
public interface DataFolderEngine extends SpeechEngine {

    /** This engine over the models in {@code dataFolder}. Cheap; the result may be cached by the caller. */
    SpeechEngine inDataFolder(Path dataFolder);
}
