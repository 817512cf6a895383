package dev.hark.server;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import dev.hark.protocol.V1;
import dev.hark.engine.DataFolderEngine;
import dev.hark.engine.EngineException;
import dev.hark.engine.ModelInfo;
import dev.hark.engine.RecognitionModel;
import dev.hark.engine.SpeechEngine;
import dev.hark.training.run.CheckpointLayout;
import dev.hark.training.run.CheckpointNames;

/**
 * The models of every engine the server has, by name, and the loaded ones.
 *
 * <p>Loading runs on the catalog's own threads ("hark-model-loader-N"), so a slow model never blocks
 * a network thread or another session; each model is loaded once and shared by its sessions. A failed
 * load is forgotten so that the next request tries again.
 *
 * <p>v1 clients send {@code model_name: "conformer"} by default (their backend's model); it maps to
 * {@link #DEFAULT_MODEL}.
 */
public final class ModelCatalog implements AutoCloseable {

    /** The model v1's default name and an absent name resolve to. */
    public static final String DEFAULT_MODEL = "en-us";

    private final Supplier<List<SpeechEngine>> engines;
    private volatile java.nio.file.Path dataFolder;
    private final Map<SpeechEngine, SpeechEngine> bound = new ConcurrentHashMap<>();
    private final Map<String, CompletableFuture<RecognitionModel>> loaded = new ConcurrentHashMap<>();
    private final ExecutorService loader;

    public ModelCatalog(Supplier<List<SpeechEngine>> engines) {
        this.engines = engines;
        AtomicInteger n = new AtomicInteger();
        this.loader = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "hark-model-loader-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Binds engines whose models live in a data folder ({@link DataFolderEngine}, e.g. trained checkpoints) to
     * {@code folder}; {@link HarkServer#start} does it with the server's data folder.
     */
    public void bindDataFolder(java.nio.file.Path folder) {
        this.dataFolder = folder;
        bound.clear();
    }

    /** The engines, data-folder engines bound to the data folder. */
    private List<SpeechEngine> engines() {
        java.nio.file.Path folder = dataFolder;
        List<SpeechEngine> out = new ArrayList<>();
        for (SpeechEngine e : engines.get()) {
            if (e instanceof DataFolderEngine d) {
                if (folder != null) {
                    out.add(bound.computeIfAbsent(e, k -> d.inDataFolder(folder)));
                }
            } else {
                out.add(e);
            }
        }
        return out;
    }

    /** Every model of every engine, built-in first, then by name. */
    public List<ModelInfo> models() {
        List<ModelInfo> all = new ArrayList<>();
        for (SpeechEngine engine : engines()) {
            try {
                all.addAll(engine.models());
            } catch (RuntimeException e) {
                // one broken engine must not hide the others' models
            }
        }
        all.sort(Comparator.comparing((ModelInfo m) -> !m.builtIn()).thenComparing(ModelInfo::name));
        return all;
    }

    /** The name a client's model name stands for (v1's alias and an empty name become the default). */
    public static String canonicalName(String requested) {
        if (requested == null || requested.isBlank() || requested.equals(V1.DEFAULT_MODEL_ALIAS)) {
            return DEFAULT_MODEL;
        }
        return requested.strip();
    }

    /**
     * The model a client's name stands for. The newest run's checkpoints are listed under their v1 names
     * ({@link CheckpointNames}); their own names (with the run tag) are found too, as the model of the v1 name renamed.
     */
    public Optional<ModelInfo> find(String requested) {
        String name = canonicalName(requested);
        List<ModelInfo> all = models();
        Optional<ModelInfo> direct = all.stream().filter(m -> m.name().equals(name)).findFirst();
        if (direct.isPresent()) {
            return direct;
        }
        return shownAs(name).flatMap(v1 -> all.stream().filter(m -> m.name().equals(v1)).findFirst())
                .map(m -> new ModelInfo(name, m.engine(), m.description(), m.sampleRate(), m.builtIn(), m.details()));
    }

    /** The v1 name a checkpoint of the newest run is listed under, for its own name (with the run tag); else empty. */
    private Optional<String> shownAs(String name) {
        java.nio.file.Path folder = dataFolder;
        if (folder == null || CheckpointLayout.parse(name).map(n -> n.tag() == null).orElse(true)) {
            return Optional.empty();
        }
        String shown = CheckpointNames.of(folder.resolve("checkpoints")).shown(name);
        return shown.equals(name) ? Optional.empty() : Optional.of(shown);
    }

    /** The engine serving {@code name} (or the v1 name it is listed under), if any. */
    private Optional<SpeechEngine> engineOf(String name) {
        Optional<String> v1 = shownAs(name);
        for (SpeechEngine engine : engines()) {
            try {
                if (engine.models().stream().anyMatch(m -> m.name().equals(name) || v1.filter(m.name()::equals).isPresent())) {
                    return Optional.of(engine);
                }
            } catch (RuntimeException e) {
                // skip a broken engine
            }
        }
        return Optional.empty();
    }

    /**
     * The loaded model, loading it in the background on first use. Completes exceptionally with an
     * {@link EngineException} (kind {@code UNKNOWN_MODEL} when no engine has it).
     */
    public CompletableFuture<RecognitionModel> load(String requested) {
        String name = canonicalName(requested);
        CompletableFuture<RecognitionModel> future = loaded.computeIfAbsent(name, n -> CompletableFuture.supplyAsync(() -> {
            SpeechEngine engine = engineOf(n).orElseThrow(() -> new java.util.concurrent.CompletionException(
                    new EngineException(EngineException.Kind.UNKNOWN_MODEL, unknownModelMessage(n))));
            try {
                return engine.open(n);
            } catch (EngineException e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        }, loader));
        future.whenComplete((m, e) -> {
            if (e != null) {
                loaded.remove(name, future);
            }
        });
        return future;
    }

    /**
     * The loader threads, for work that follows a load (opening a session's decoder), so that it never
     * runs on a network thread.
     */
    public java.util.concurrent.Executor executor() {
        return loader;
    }

    /** Closes and forgets a loaded model (e.g. its checkpoint was deleted). */
    public void unload(String name) {
        CompletableFuture<RecognitionModel> f = loaded.remove(name);
        if (f != null) {
            f.thenAccept(RecognitionModel::close);
        }
    }

    public String unknownModelMessage(String name) {
        List<String> names = models().stream().map(ModelInfo::name).toList();
        return "unknown model \"" + name + "\"; available: " + (names.isEmpty() ? "none (no engine is installed)" : String.join(", ", names));
    }

    @Override
    public void close() {
        loader.shutdownNow();
        for (CompletableFuture<RecognitionModel> f : loaded.values()) {
            f.thenAccept(RecognitionModel::close);
        }
        loaded.clear();
    }
}
