package dev.hark.server.internal;

import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.MultiPart;
import org.eclipse.jetty.http.MultiPartConfig;
import org.eclipse.jetty.http.MultiPartFormData;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.util.Fields;

import dev.hark.core.audio.AudioFiles;
import dev.hark.core.audio.BadAudioException;
import dev.hark.core.audio.Resampler;
import dev.hark.engine.EngineException;
import dev.hark.engine.RecognitionModel;
import dev.hark.engine.Transcript;
import dev.hark.protocol.rest.InferenceResult;
import dev.hark.protocol.rest.TimedText;
import dev.hark.server.ModelCatalog;
import dev.hark.server.rest.Exchange;
import dev.hark.server.rest.HttpError;
import dev.hark.server.rest.RouteContribution;
import dev.hark.server.rest.RouteTable;
import dev.hark.protocol.SafeNames;
import dev.hark.training.run.CheckpointLayout;

/** v1's {@code POST /api/inference}: multipart {@code file}, query {@code model_name} (or a checkpoint's name). */
final class InferenceRoutes implements RouteContribution {

    private final ModelCatalog catalog;
    private final CheckpointStore checkpoints;
    private final Path uploads;
    private final long maxUploadBytes;

    InferenceRoutes(ModelCatalog catalog, CheckpointStore checkpoints, Path uploads, long maxUploadBytes) {
        this.catalog = catalog;
        this.checkpoints = checkpoints;
        this.uploads = uploads;
        this.maxUploadBytes = maxUploadBytes;
    }

    @Override
    public void contribute(RouteTable routes) {
        routes.resource("/api/inference").post(this::inference);
    }

    private void inference(Exchange x) throws Exception {
        long started = System.nanoTime();
        Request request = x.request();
        Fields query = x.query();
        String modelName = ModelCatalog.canonicalName(query.getValue("model_name"));
        String checkpoint = query.getValue("checkpoint_path");
        if (checkpoint != null && !checkpoint.isBlank()) {
            // v1 accepted any server path here; Hark takes a checkpoint's name, or its path inside the checkpoints folder
            // (the "path" /api/models gives, which the asr-test frontend sends back), never a path outside it
            modelName = checkpoints.nameOf(checkpoint.strip());
        } else if (query.getValue("dataset_name") != null && !query.getValue("dataset_name").isBlank()) {
            // v1: a trainable model's name with a dataset means that dataset's latest checkpoint
            String series = CheckpointLayout.latestPointer(modelName, query.getValue("dataset_name").strip());
            if (SafeNames.isValid(series) && catalog.find(series).isPresent()) {
                modelName = series;
            }
        }
        if (catalog.find(modelName).isEmpty()) {
            throw HttpError.notFound(catalog.unknownModelMessage(modelName));
        }
        String contentType = request.getHeaders().get(HttpHeader.CONTENT_TYPE);
        if (contentType == null || !contentType.toLowerCase().startsWith("multipart/form-data")) {
            throw HttpError.badRequest("send the audio as multipart/form-data with a \"file\" field");
        }
        Files.createDirectories(uploads);
        MultiPartConfig config = new MultiPartConfig.Builder().location(uploads).maxParts(8).maxSize(maxUploadBytes)
                .maxPartSize(maxUploadBytes).maxMemoryPartSize(1 << 20).build();
        MultiPartFormData.Parts parts;
        try {
            parts = MultiPartFormData.getParts(request, request, contentType, config);
        } catch (RuntimeException e) {
            throw HttpError.badRequest("unreadable multipart body: " + e.getMessage());
        }
        try (parts) {
            MultiPart.Part part = parts.getFirst("file");
            if (part == null) {
                throw HttpError.badRequest("no \"file\" part in the upload");
            }
            String fileName = part.getFileName() == null ? "upload" : SafeNames.printable(part.getFileName());
            AudioFiles.Mono audio;
            try (InputStream in = Content.Source.asInputStream(part.getContentSource())) {
                audio = AudioFiles.read(in, fileName);
            } catch (BadAudioException e) {
                throw new HttpError(415, e.getMessage());
            }
            RecognitionModel model = load(modelName);
            Resampler resampler = new Resampler(audio.sampleRate(), model.info().sampleRate());
            float[] head = resampler.process(audio.samples(), 0, audio.samples().length);
            float[] tail = resampler.flush();
            float[] samples = Arrays.copyOf(head, head.length + tail.length);
            System.arraycopy(tail, 0, samples, head.length, tail.length);
            long inferenceStart = System.nanoTime();
            Transcript transcript;
            try {
                transcript = model.transcribe(samples);
            } catch (EngineException e) {
                throw new HttpError(e.kind() == EngineException.Kind.BAD_AUDIO ? 422 : 500, e.getMessage());
            }
            long done = System.nanoTime();
            double firstToken = transcript.firstTokenMillis() < 0 ? -1
                    : (inferenceStart - started) / 1e6 + transcript.firstTokenMillis();
            x.reply(new InferenceResult(transcript.text(), round1(firstToken), round1((done - inferenceStart) / 1e6),
                    round1((done - started) / 1e6), modelName, round1(audio.seconds() * 1000) / 1000, segments(transcript),
                    checkpointOf(model)));
        }
    }

    private RecognitionModel load(String modelName) throws InterruptedException {
        try {
            return catalog.load(modelName).get(5, TimeUnit.MINUTES);
        } catch (ExecutionException e) {
            throw HttpError.unavailable(StreamEndpointSupport.describe(e.getCause()));
        } catch (TimeoutException e) {
            throw HttpError.unavailable("model " + modelName + " is still loading; try again");
        }
    }

    /** The checkpoint folder a trained model recognized with (after the call: a latest-following model may have moved on). */
    private static String checkpointOf(RecognitionModel model) {
        Object c = model.info().details() == null ? null : model.info().details().get("checkpoint");
        return c == null ? null : c.toString();
    }

    private static List<TimedText> segments(Transcript t) {
        return t.segments().stream().map(h -> new TimedText(h.text(), Math.round(h.start() * 1000) / 1000.0,
                Math.round(h.end() * 1000) / 1000.0)).toList();
    }

    private static double round1(double v) {
        return Math.round(v * 10.0) / 10.0;
    }
}
