package dev.hark.server.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.io.Content;

import com.google.gson.reflect.TypeToken;

import dev.hark.engine.ModelInfo;
import dev.hark.protocol.rest.BulkDeleteResult;
import dev.hark.protocol.rest.CheckpointList;
import dev.hark.protocol.rest.Message;
import dev.hark.protocol.rest.ModelEntry;
import dev.hark.protocol.rest.ModelList;
import dev.hark.server.ModelCatalog;
import dev.hark.server.rest.Exchange;
import dev.hark.server.rest.HttpError;
import dev.hark.server.rest.RouteContribution;
import dev.hark.server.rest.RouteTable;
import dev.hark.protocol.SafeNames;

/**
 * The models ({@code /api/models}: trained checkpoint folders, as v1 listed them, or with {@code ?include=engine} the
 * engine models too; delete one or many; zip some) and the checkpoints ({@code /api/checkpoints}).
 *
 * <p>v1 listed trained models only, and the asr-test frontend derives a model's model and dataset from
 * {@code name.split("-")} and passes {@code created_at} to {@code datetime.fromtimestamp}: an engine model
 * ({@code en-us}) in the default listing crashes its model page. Hark's own client asks for
 * {@code ?include=engine} (a server that does not know the parameter, such as asr-test's, ignores it).
 */
final class ModelRoutes implements RouteContribution {

    private final ModelCatalog catalog;
    private final CheckpointStore checkpoints;

    ModelRoutes(ModelCatalog catalog, CheckpointStore checkpoints) {
        this.catalog = catalog;
        this.checkpoints = checkpoints;
    }

    @Override
    public void contribute(RouteTable routes) {
        routes.resource("/api/models").get(x -> x.reply(new ModelList(models(includeEngine(x.queryValue(INCLUDE))))))
                .delete(this::bulkDelete);
        routes.resource("/api/models/bulk-download").get(this::bulkDownload);
        routes.resource("/api/models/{name}").delete(this::deleteOne);
        routes.resource("/api/checkpoints").get(x -> x.reply(new CheckpointList(
                checkpoints.list(x.queryValue("model_name"), x.queryValue("dataset_name")))));
    }

    /** The query parameter of {@code GET /api/models} that adds the engine models: {@code include=engine}. */
    static final String INCLUDE = "include";

    private static boolean includeEngine(String include) {
        if (include == null || include.isBlank() || include.equals("trained")) {
            return false;
        }
        if (include.equals("engine") || include.equals("all")) {
            return true;
        }
        throw HttpError.badRequest("include must be \"engine\" (engine models and checkpoints) or \"trained\" (checkpoints only, "
                + "the default), not \"" + SafeNames.printable(include) + "\"");
    }

    /**
     * Checkpoint folders (described as engine models where an engine serves them), in v1's shape; with
     * {@code includeEngine} first every engine model (built-in ones, {@code ctc}, the {@code -latest} pointers).
     */
    List<ModelEntry> models(boolean includeEngine) throws IOException {
        Map<String, ModelEntry> folders = new LinkedHashMap<>();
        for (ModelEntry c : checkpoints.list(null, null)) {
            folders.put(c.name(), c);
        }
        List<ModelEntry> out = new ArrayList<>();
        for (ModelInfo m : catalog.models()) {
            ModelEntry folder = folders.remove(m.name());
            out.add(folder != null ? folder.asEngineModel(m.engine(), m.builtIn(), m.description(), m.sampleRate(), m.details())
                    : ModelEntry.engineModel(m.name(), m.engine(), m.builtIn(), m.description(), m.sampleRate(), m.details()));
        }
        folders.values().forEach(c -> out.add(c.withBuiltIn(false)));
        return includeEngine ? out : out.stream().filter(m -> m.path() != null).toList();
    }

    private boolean isBuiltIn(String name) {
        return catalog.models().stream().anyMatch(m -> m.builtIn() && m.name().equals(name));
    }

    /** Deletes one checkpoint; the reason (400 or 404) when it cannot. */
    private void delete(String name) throws IOException {
        SafeNames.resolve(checkpoints.folder(), name); // 400 with a reason for hostile names
        if (isBuiltIn(name)) {
            throw HttpError.badRequest("\"" + SafeNames.printable(name) + "\" is a built-in model and cannot be deleted");
        }
        java.util.Optional<java.nio.file.Path> dir = checkpoints.find(name);
        String folder = dir.map(d -> d.getFileName().toString()).orElse(name);
        String shown = checkpoints.shown(folder);
        if (!checkpoints.delete(name)) {
            throw HttpError.notFound("no checkpoint named \"" + SafeNames.printable(name) + "\"");
        }
        catalog.unload(name);
        catalog.unload(folder);
        catalog.unload(shown);
    }

    private void deleteOne(Exchange x) throws IOException {
        String name = x.pathParam("name");
        delete(name);
        x.reply(new Message("deleted " + name));
    }

    private void bulkDelete(Exchange x) throws Exception {
        List<String> names = x.body(new TypeToken<List<String>>() {
        }.getType());
        List<String> deleted = new ArrayList<>();
        List<BulkDeleteResult.Failure> failed = new ArrayList<>();
        for (String name : names) {
            try {
                delete(name);
                deleted.add(name);
            } catch (IllegalArgumentException | HttpError e) {
                failed.add(new BulkDeleteResult.Failure(SafeNames.printable(name), e.getMessage()));
            }
        }
        x.reply(new BulkDeleteResult(deleted, failed, "deleted " + deleted.size() + " of " + names.size()));
    }

    private void bulkDownload(Exchange x) throws IOException {
        List<String> names = x.query().getValues("model_names");
        if (names == null || names.isEmpty()) {
            throw HttpError.badRequest("give one or more model_names");
        }
        for (String name : names) {
            if (isBuiltIn(name)) {
                throw HttpError.badRequest("\"" + SafeNames.printable(name) + "\" is a built-in model: nothing to download");
            }
            if (checkpoints.find(name).isEmpty()) {
                throw HttpError.notFound("no checkpoint named \"" + SafeNames.printable(name) + "\"");
            }
        }
        String file = "models_" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd_HHmmss")) + ".zip";
        x.response().setStatus(200);
        x.response().getHeaders().put(HttpHeader.CONTENT_TYPE, "application/zip");
        x.response().getHeaders().put(HttpHeader.CONTENT_DISPOSITION, "attachment; filename=\"" + file + "\"");
        try (OutputStream out = Content.Sink.asOutputStream(x.response())) {
            checkpoints.zip(names, out);
        }
        x.callback().succeeded();
    }
}
