package dev.hark.engine.ctc.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.google.gson.JsonElement;
import com.google.gson.JsonObject;

import dev.hark.engine.EngineException;
import dev.hark.engine.ModelInfo;
import dev.hark.engine.RecognitionModel;
import dev.hark.engine.RecognitionStream;
import dev.hark.engine.SpeechEngine;
import dev.hark.engine.Transcript;
import dev.hark.engine.ctc.model.AcousticModel;
import dev.hark.engine.ctc.model.Checkpoint;
import dev.hark.training.run.CheckpointLayout;
import dev.hark.training.run.CheckpointNames;

/**
 * The {@code ctc} engine over one checkpoints folder: every trained checkpoint folder is a model named after it (the
 * newest run's under their v1 names, {@link CheckpointNames}; a v1 name follows the newest run's checkpoint of its
 * epoch), and each {@code {model}-{dataset}-latest} pointer is a model that follows the newest checkpoint (streams opened
 * after a new epoch was saved use the new weights). The model named {@code ctc} itself (the trainable model's name, as
 * v1 clients pass it) follows the highest epoch of the dataset trained last; it is listed before the first checkpoint exists,
 * and opening it then says so.
 */
final class CtcEngine implements SpeechEngine {

    static final String ID = "ctc";

    private final Path checkpoints;

    CtcEngine(Path checkpoints) {
        this.checkpoints = checkpoints;
    }

    @Override
    public String id() {
        return ID;
    }

    @Override
    public List<ModelInfo> models() {
        if (!Files.isDirectory(checkpoints)) {
            return List.of(untrained());
        }
        List<ModelInfo> out = new ArrayList<>();
        CheckpointNames names = CheckpointNames.of(checkpoints);
        out.add(newestCheckpoint().map(dir -> info(ID, dir, true, names)).orElseGet(CtcEngine::untrained));
        try (Stream<Path> list = Files.list(checkpoints)) {
            for (Path p : list.sorted().toList()) {
                String name = p.getFileName().toString();
                if (name.startsWith(".")) {
                    continue;
                }
                if (Files.isDirectory(p) && Checkpoint.isCtc(p)) {
                    out.add(info(names.shown(name), p, false, names));
                } else if (CheckpointLayout.isLatestPointer(name) && Files.isRegularFile(p)) {
                    resolveLatest(name).ifPresent(target -> out.add(info(name, target, true, names)));
                }
            }
        } catch (IOException e) {
            return out;
        }
        return out;
    }

    /** The {@code ctc} model before any checkpoint exists. */
    private static ModelInfo untrained() {
        return new ModelInfo(ID, ID, "the newest trained checkpoint (none yet: train " + ID + " first)", 16000, false,
                Map.of("follows_latest", true));
    }

    /**
     * The checkpoint the name {@code ctc} stands for, as v1 chose a trainable model's latest checkpoint: the highest
     * epoch of a dataset; of the dataset trained last (its newest checkpoint folder), where v1 tried its configured
     * datasets in order; of the run that wrote that newest folder.
     */
    private Optional<Path> newestCheckpoint() {
        if (!Files.isDirectory(checkpoints)) {
            return Optional.empty();
        }
        List<Path> all;
        try (Stream<Path> list = Files.list(checkpoints)) {
            all = list.filter(p -> !p.getFileName().toString().startsWith(".") && name(p).filter(n -> n.model().equals(ID)).isPresent()
                    && Files.isDirectory(p) && Checkpoint.isCtc(p)).toList();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
        Optional<String> series = all.stream().max(Comparator.comparing(CtcEngine::modified)).flatMap(p -> name(p))
                .map(CheckpointLayout.Name::series);
        return series.flatMap(d -> all.stream().filter(p -> name(p).map(n -> n.series().equals(d)).orElse(false))
                .max(Comparator.comparing((Path p) -> name(p).map(CheckpointLayout.Name::epoch).orElse(0))
                        .thenComparing(CtcEngine::modified)));
    }

    private static Optional<CheckpointLayout.Name> name(Path p) {
        return CheckpointLayout.parse(p.getFileName().toString());
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return Long.MIN_VALUE;
        }
    }

    /** What a latest-following model's name resolves to now: the pointer's target, or for {@code ctc} the newest checkpoint. */
    private Optional<Path> follow(String name) {
        if (name.equals(ID)) {
            return newestCheckpoint();
        }
        if (CheckpointLayout.isLatestPointer(name)) {
            return resolveLatest(name);
        }
        return CheckpointNames.of(checkpoints).resolve(name).map(checkpoints::resolve).filter(d -> Files.isDirectory(d) && Checkpoint.isCtc(d));
    }

    private Optional<Path> resolveLatest(String pointer) {
        try {
            String target = Files.readString(checkpoints.resolve(pointer)).strip();
            Path dir = checkpoints.resolve(target).normalize();
            if (dir.getParent().equals(checkpoints.normalize()) && Files.isDirectory(dir) && Checkpoint.isCtc(dir)) {
                return Optional.of(dir);
            }
        } catch (IOException | RuntimeException e) {
            // no target
        }
        return Optional.empty();
    }

    private ModelInfo info(String name, Path dir, boolean latest, CheckpointNames names) {
        JsonObject m = Checkpoint.metadata(dir);
        Map<String, Object> details = new LinkedHashMap<>();
        String shown = names.shown(dir.getFileName().toString());
        details.put("checkpoint", shown);
        if (!shown.equals(dir.getFileName().toString())) {
            details.put("folder", dir.getFileName().toString());
        }
        put(details, m, "dataset_name");
        put(details, m, "current_epoch");
        put(details, m, "global_step");
        put(details, m, "cer");
        put(details, m, "val_loss");
        put(details, m, "training_status");
        details.put("follows_latest", latest);
        String description = (latest ? "newest checkpoint (now " + shown + ")" : "trained checkpoint")
                + (m.has("dataset_name") ? " on " + m.get("dataset_name").getAsString() : "")
                + (m.has("current_epoch") ? ", epoch " + m.get("current_epoch").getAsString() : "")
                + (m.has("cer") && !m.get("cer").isJsonNull() ? String.format(java.util.Locale.ROOT, ", validation CER %.1f %%",
                        100 * m.get("cer").getAsDouble()) : "");
        return new ModelInfo(name, ID, description, 16000, false, details);
    }

    private static void put(Map<String, Object> details, JsonObject m, String key) {
        JsonElement e = m.get(key);
        if (e != null && e.isJsonPrimitive()) {
            var p = e.getAsJsonPrimitive();
            details.put(key, p.isNumber() ? (Object) p.getAsDouble() : p.isBoolean() ? (Object) p.getAsBoolean() : p.getAsString());
        }
    }

    @Override
    public RecognitionModel open(String modelName) throws EngineException {
        if (modelName == null || modelName.contains("/") || modelName.contains("\\") || modelName.startsWith(".")) {
            throw new EngineException(EngineException.Kind.UNKNOWN_MODEL, "no ctc model named '" + modelName + "'");
        }
        if (modelName.equals(ID)) {
            Path first = newestCheckpoint().orElseThrow(() -> new EngineException(EngineException.Kind.UNAVAILABLE,
                    "model " + ID + " has no trained checkpoint yet: train it first (POST /api/train/start with model_name " + ID
                            + "), then it recognizes with the newest checkpoint"));
            return new LatestModel(modelName, first);
        }
        if (CheckpointLayout.isLatestPointer(modelName) && Files.isRegularFile(checkpoints.resolve(modelName))) {
            Path first = resolveLatest(modelName).orElseThrow(
                    () -> new EngineException(EngineException.Kind.UNAVAILABLE, modelName + " points at no readable checkpoint"));
            return new LatestModel(modelName, first);
        }
        Path dir = checkpoints.resolve(modelName);
        if (!Files.isDirectory(dir)) {
            // a v1 name: the newest run's checkpoint of that epoch, followed when a newer run writes one
            Optional<Path> now = follow(modelName);
            if (now.isPresent()) {
                return new LatestModel(modelName, now.get());
            }
        }
        if (!Files.isDirectory(dir) || !Checkpoint.isCtc(dir)) {
            throw new EngineException(EngineException.Kind.UNKNOWN_MODEL, "no ctc checkpoint named '" + modelName + "'");
        }
        return new CtcModel(info(modelName, dir, false, CheckpointNames.of(checkpoints)), load(dir));
    }

    private static AcousticModel load(Path dir) throws EngineException {
        try {
            return Checkpoint.load(dir);
        } catch (IOException | RuntimeException e) {
            throw new EngineException(EngineException.Kind.UNAVAILABLE, "cannot load checkpoint " + dir.getFileName() + ": " + e.getMessage(), e);
        }
    }

    /** A model that reloads when its pointer moves to a newer checkpoint. */
    private final class LatestModel implements RecognitionModel {
        private final String name;
        private Path loadedFrom;
        private AcousticModel model;

        LatestModel(String name, Path first) throws EngineException {
            this.name = name;
            this.loadedFrom = first;
            this.model = load(first);
        }

        private synchronized AcousticModel current() throws EngineException {
            Optional<Path> now = follow(name);
            if (now.isPresent() && !now.get().equals(loadedFrom)) {
                try {
                    model = load(now.get());
                    loadedFrom = now.get();
                } catch (EngineException e) {
                    // keep the weights we have (the new folder may be half-deleted by retention)
                }
            }
            return model;
        }

        @Override
        public ModelInfo info() {
            boolean followsLatest = name.equals(ID) || CheckpointLayout.isLatestPointer(name);
            return CtcEngine.this.info(name, loadedFrom, followsLatest, CheckpointNames.of(checkpoints));
        }

        @Override
        public RecognitionStream openStream() throws EngineException {
            return new CtcStream(current());
        }

        @Override
        public Transcript transcribe(float[] samples) throws EngineException {
            return CtcModel.transcribe(openStream(), samples, 16000);
        }

        @Override
        public void close() {
            // nothing to release
        }
    }

    static Comparator<Path> byName() {
        return Comparator.comparing(p -> p.getFileName().toString());
    }
}
