package dev.hark.engine.ctc.internal;

import java.nio.file.Path;
import java.util.List;

import org.osgi.service.component.annotations.Component;

import dev.hark.engine.DataFolderEngine;
import dev.hark.engine.EngineException;
import dev.hark.engine.ModelInfo;
import dev.hark.engine.RecognitionModel;
import dev.hark.engine.SpeechEngine;

/**
 * The {@code ctc} engine as a service: trained checkpoints are models of the server whose data folder they are in
 * ({@link #inDataFolder}); the service itself has none.
 */
@Component(service = { SpeechEngine.class, DataFolderEngine.class })
public final class CtcEngineService implements DataFolderEngine {

    @Override
    public String id() {
        return CtcEngine.ID;
    }

    @Override
    public List<ModelInfo> models() {
        return List.of();
    }

    @Override
    public RecognitionModel open(String modelName) throws EngineException {
        throw new EngineException(EngineException.Kind.UNKNOWN_MODEL, "ctc models live in a server's data folder");
    }

    @Override
    public SpeechEngine inDataFolder(Path dataFolder) {
        return new CtcEngine(dataFolder.resolve("checkpoints"));
    }
}
