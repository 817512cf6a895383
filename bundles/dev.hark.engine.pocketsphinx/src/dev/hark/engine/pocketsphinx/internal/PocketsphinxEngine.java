package dev.hark.engine.pocketsphinx.internal;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.osgi.service.component.annotations.Component;

import dev.hark.engine.EngineException;
import dev.hark.engine.ModelInfo;
import dev.hark.engine.RecognitionModel;
import dev.hark.engine.SpeechEngine;

/**
 * The pocketsphinx engine, registered as a {@link SpeechEngine} service by Declarative Services. Immutable, so
 * any number of sessions may use it at once.
 *
 * <p>Its models are always listed, so that clients see what this engine offers; one whose native libraries or
 * files are missing has {@code available=false} and a {@code problem} in its details, and opening it fails with
 * {@link EngineException.Kind#UNAVAILABLE} and the same message.
 */
@Component(service = SpeechEngine.class)
public final class PocketsphinxEngine implements SpeechEngine {

    public static final String ID = "pocketsphinx";
    /** System property naming the model directory, for a model kept outside the Debian package's place. */
    public static final String MODEL_DIRECTORY_PROPERTY = "hark.pocketsphinx.model";
    /** Where Debian's {@code pocketsphinx-en-us} puts the model. */
    public static final String DEFAULT_MODEL_DIRECTORY = "/usr/share/pocketsphinx/model/en-us";

    private final Path modelDirectory;

    /** The service: the model directory comes from {@value #MODEL_DIRECTORY_PROPERTY}, read once. */
    public PocketsphinxEngine() {
        this(Path.of(System.getProperty(MODEL_DIRECTORY_PROPERTY, DEFAULT_MODEL_DIRECTORY)));
    }

    public PocketsphinxEngine(Path modelDirectory) {
        this.modelDirectory = Objects.requireNonNull(modelDirectory, "modelDirectory");
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<ModelInfo> models() {
        return Arrays.stream(BuiltInModel.values()).map(m -> m.info(modelDirectory, problem(m))).toList();
    }

    @Override
    public RecognitionModel open(String modelName) throws EngineException {
        BuiltInModel model = BuiltInModel.named(modelName)
                .orElseThrow(() -> new EngineException(EngineException.Kind.UNKNOWN_MODEL,
                        "pocketsphinx has no model named '" + modelName + "'; it has "
                                + Arrays.stream(BuiltInModel.values()).map(BuiltInModel::modelName).toList()));
        return model.open(modelDirectory, NativeSphinx.load());
    }

    /** Why the model cannot be opened now, if it cannot. */
    private Optional<String> problem(BuiltInModel model) {
        try {
            NativeSphinx.load();
            model.requireFiles(modelDirectory);
            return Optional.empty();
        } catch (EngineException e) {
            return Optional.of(e.getMessage());
        }
    }
}
