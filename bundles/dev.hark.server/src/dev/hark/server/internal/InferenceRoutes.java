package dev.hark.server.internal;

import java.io.IOException;
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
import dev.hark.engine.TranscribeProgress;
import dev.hark.engine.Transcript;
import dev.hark.protocol.rest.InferenceResult;
import dev.hark.protocol.rest.TimedText;
import dev.hark.server.ModelCatalog;
import dev.hark.server.rest.Exchange;
import dev.hark.server.rest.HttpError;
import dev.hark.server.rest.RouteContribution;
import dev.hark.server.rest.RouteTable;
import dev.hark.protocol.SafeNames;
import dev.hark.protocol.V1;
import dev.hark.training.run.CheckpointLayout;

/**
 * v1's {@code POST /api/inference}: multipart {@code file}, query {@code model_name} (or a checkpoint's name). With
 * {@code progress=true} (Hark's extension) the reply is a stream of progress lines and the decoding stops when the
 * client goes away ({@link InferenceProgressReply}).
 *
 *
 * <p>Bounded: the upload goes to disk (not memory); a WAV's header is checked before its samples are decoded (a rate
 * outside {@value V1#MIN_SAMPLE_RATE}..{@value V1#MAX_SAMPLE_RATE} Hz is a 400, more than {@value #MAX_SECONDS} s of
 * audio a 413); WAV, AIFF and AU are decoded as they are read ({@link StreamingTranscription}: a few 100 ms chunks of
 * memory whatever their length), other formats (through ffmpeg) whole, within {@value #MAX_SECONDS} s; at most {@link #MAX_CONCURRENT} inferences decode
 * at once and each runs under a stream permit of its model, so past the capacity the answer is an immediate 503 with
 * {@code Retry-After}, never a queue.
 */
final class InferenceRoutes implements RouteContribution {

    /**
     * Longest audio one inference decodes: 10 min. A WAV is streamed (memory does not grow with its length), so this
     * bounds the time a request holds a slot; a format ffmpeg decodes is held whole (at 48 kHz ~110 MB of samples).
     */
    static final int MAX_SECONDS = 600;
    /** Inferences decoding at once, whatever the model: each may hold ~200 MB of samples. */
    static final int MAX_CONCURRENT = Math.max(1, Runtime.getRuntime().availableProcessors());

    private final java.util.concurrent.Semaphore decoding = new java.util.concurrent.Semaphore(MAX_CONCURRENT);
    private final StreamAdmission admission;

    private final ModelCatalog catalog;
    private final CheckpointStore checkpoints;
    private final Path uploads;
    private final long maxUploadBytes;

    InferenceRoutes(ModelCatalog catalog, CheckpointStore checkpoints, Path uploads, long maxUploadBytes,
            StreamAdmission admission) {
        this.catalog = catalog;
        this.admission = admission;
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
            if (!decoding.tryAcquire()) {
                throw busy("all " + MAX_CONCURRENT + " inference slots are in use");
            }
            StreamAdmission.Permit permit = null;
            try {
                permit = admission.tryAcquire(modelName);
                if (permit == null) {
                    throw busy(admission.busyMessage(modelName));
                }
                infer(x, part, fileName, modelName, started, wantsProgress(query));
            } finally {
                if (permit != null) {
                    permit.close();
                }
                decoding.release();
            }
        }
    }

    private static HttpError busy(String why) {
        return new HttpError(503, why + "; try again in " + StreamAdmission.RETRY_AFTER_MS / 1000 + " s",
                java.util.Map.of("Retry-After", String.valueOf(StreamAdmission.RETRY_AFTER_MS / 1000)));
    }

    /** Checks a WAV's rate and length from its header, before any sample is decoded; other formats pass. */
    static void checkHeader(java.io.BufferedInputStream in) throws IOException {
        in.mark(1 << 16);
        javax.sound.sampled.AudioFileFormat format;
        try {
            format = javax.sound.sampled.AudioSystem.getAudioFileFormat(in);
        } catch (javax.sound.sampled.UnsupportedAudioFileException | IOException e) {
            return; // not a container Java Sound reads (flac, ogg, mp3 go through ffmpeg): AudioFiles says what is wrong
        } finally {
            in.reset();
        }
        float rate = format.getFormat().getSampleRate();
        if (!(rate >= V1.MIN_SAMPLE_RATE && rate <= V1.MAX_SAMPLE_RATE)) {
            throw HttpError.badRequest("the file's sample rate " + rate + " Hz is outside " + V1.MIN_SAMPLE_RATE + ".."
                    + V1.MAX_SAMPLE_RATE);
        }
        long frames = format.getFrameLength();
        if (frames > (long) MAX_SECONDS * (long) rate) {
            throw new HttpError(413, "the file holds " + Math.round(frames / rate) + " s of audio; at most " + MAX_SECONDS
                    + " s are transcribed at once (stream longer audio over a WebSocket)");
        }
    }

    /** One way of decoding the upload through a model: streamed (WAV, AIFF, AU) or whole (what ffmpeg decodes). */
    private interface Decoding {
        Transcript run(RecognitionModel model, TranscribeProgress progress) throws IOException, BadAudioException, EngineException;
    }

    private void infer(Exchange x, MultiPart.Part part, String fileName, String modelName, long started, boolean withProgress)
            throws Exception {
        try (java.io.BufferedInputStream in = new java.io.BufferedInputStream(
                Content.Source.asInputStream(part.getContentSource()), 1 << 16)) {
            checkHeader(in);
            StreamingTranscription.Source source;
            try {
                source = StreamingTranscription.open(in, fileName);
            } catch (BadAudioException e) {
                throw new HttpError(415, e.getMessage());
            }
            if (source != null) {
                // decoded as it is read: memory stays a few chunks whatever the file's length
                try (source) {
                    checkRate(source.sampleRate());
                    transcribe(x, modelName, started, withProgress, source.seconds(),
                            (model, progress) -> StreamingTranscription.run(source, model, progress));
                }
                return;
            }
            AudioFiles.Mono audio;
            try {
                audio = AudioFiles.read(in, fileName);
            } catch (BadAudioException e) {
                throw new HttpError(415, e.getMessage());
            }
            checkRate(audio.sampleRate());
            if (audio.seconds() > MAX_SECONDS) {
                throw new HttpError(413, "the file holds " + Math.round(audio.seconds()) + " s of audio; at most "
                        + MAX_SECONDS + " s are transcribed at once");
            }
            transcribe(x, modelName, started, withProgress, audio.seconds(), (model, progress) -> {
                Resampler resampler = new Resampler(audio.sampleRate(), model.info().sampleRate());
                float[] head = resampler.process(audio.samples(), 0, audio.samples().length);
                float[] tail = resampler.flush();
                float[] samples = Arrays.copyOf(head, head.length + tail.length);
                System.arraycopy(tail, 0, samples, head.length, tail.length);
                return progress == TranscribeProgress.NONE ? model.transcribe(samples) : model.transcribe(samples, progress);
            });
        }
    }

    private static void checkRate(int rate) {
        if (rate < V1.MIN_SAMPLE_RATE || rate > V1.MAX_SAMPLE_RATE) {
            throw HttpError.badRequest("the file's sample rate " + rate + " Hz is outside " + V1.MIN_SAMPLE_RATE + ".."
                    + V1.MAX_SAMPLE_RATE);
        }
    }

    /** Loads the model, decodes the upload with {@code decoding} and replies (a JSON result, or progress lines then it). */
    private void transcribe(Exchange x, String modelName, long started, boolean withProgress, double seconds, Decoding decoding)
            throws Exception {
        RecognitionModel model = load(modelName);
        InferenceProgressReply progress = withProgress ? new InferenceProgressReply(x, model.info().sampleRate()) : null;
        long inferenceStart = System.nanoTime();
        Transcript transcript;
        InferenceProgressReply.DECODING.incrementAndGet();
        try {
            transcript = decoding.run(model, progress == null ? TranscribeProgress.NONE : progress);
        } catch (BadAudioException e) {
            if (progress == null) {
                throw new HttpError(415, e.getMessage());
            }
            progress.failure(415, e.getMessage());
            return;
        } catch (EngineException e) {
            int status = e.kind() == EngineException.Kind.BAD_AUDIO ? 422 : 500;
            if (progress == null) {
                throw new HttpError(status, e.getMessage());
            }
            if (e.kind() == EngineException.Kind.CANCELLED || progress.gone()) {
                progress.abandon(e.getMessage());
            } else {
                progress.failure(status, e.getMessage());
            }
            return;
        } finally {
            InferenceProgressReply.DECODING.decrementAndGet();
        }
        long done = System.nanoTime();
        double firstToken = transcript.firstTokenMillis() < 0 ? -1
                : (inferenceStart - started) / 1e6 + transcript.firstTokenMillis();
        InferenceResult result = new InferenceResult(transcript.text(), round1(firstToken), round1((done - inferenceStart) / 1e6),
                round1((done - started) / 1e6), modelName, round1(seconds * 1000) / 1000, segments(transcript),
                checkpointOf(model));
        if (progress == null) {
            x.reply(result);
        } else {
            progress.result(result);
        }
    }

    /** Hark's extension: {@code progress=true} (or 1) streams progress lines before the result. */
    private static boolean wantsProgress(Fields query) {
        String v = query.getValue("progress");
        return v != null && (v.equalsIgnoreCase("true") || v.equals("1"));
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
