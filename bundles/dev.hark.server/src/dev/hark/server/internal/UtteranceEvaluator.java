package dev.hark.server.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

import dev.hark.core.audio.AudioFiles;
import dev.hark.core.audio.BadAudioException;
import dev.hark.core.audio.PcmFormat;
import dev.hark.core.eval.UtteranceScore;
import dev.hark.engine.EngineException;
import dev.hark.engine.Hypothesis;
import dev.hark.engine.RecognitionModel;
import dev.hark.training.dataset.DatasetEntry;

/**
 * Recognizes one dataset utterance through the same streaming path a v2 session uses ({@link RecognitionSession}:
 * PCM frames decoded, resampled with state carried across frames, fed to the engine, the utterance finished at the
 * end), in process and as fast as the engine goes, and scores it. Latencies are measured on the way: from the first
 * frame fed to the first hypothesis with text, and from the end of the audio (all frames fed) to the end of the
 * finish, which gives the utterance's final (an utterance in which nothing was heard has a final without words). Each utterance holds one stream admission permit, as a v2 session does; when none is free it waits.
 */
final class UtteranceEvaluator {

    /** Audio files larger than this are not read (a failed utterance, not an exhausted heap). */
    static final long MAX_FILE_BYTES = 200L << 20;
    static final int FRAMES_PER_SECOND = 10;

    private final String modelName;
    private final RecognitionModel model;
    private final StreamAdmission admission;

    UtteranceEvaluator(String modelName, RecognitionModel model, StreamAdmission admission) {
        this.modelName = modelName;
        this.model = model;
        this.admission = admission;
    }

    /** The score of one utterance; a file that cannot be read or recognized is a failed utterance, not an exception. */
    UtteranceScore score(DatasetEntry e, BooleanSupplier cancelled) throws InterruptedException {
        AudioFiles.Mono audio;
        try {
            if (Files.size(e.audio()) > MAX_FILE_BYTES) {
                return UtteranceScore.failed(e.id(), e.text(), 0, "audio file larger than " + (MAX_FILE_BYTES >> 20) + " MiB");
            }
            audio = AudioFiles.read(e.audio());
        } catch (IOException | BadAudioException ex) {
            return UtteranceScore.failed(e.id(), e.text(), 0, "unreadable audio: " + ex.getMessage());
        }
        StreamAdmission.Permit permit;
        while ((permit = admission.tryAcquire(modelName)) == null) {
            if (cancelled.getAsBoolean()) {
                return UtteranceScore.failed(e.id(), e.text(), audio.seconds(), "cancelled");
            }
            Thread.sleep(100); // every stream of the model is busy with live sessions: wait for one
        }
        try (RecognitionSession session = new RecognitionSession(modelName, model, audio.sampleRate(), PcmFormat.F32, 0, permit,
                new float[0])) {
            return stream(e, audio, session, cancelled);
        } catch (EngineException | BadAudioException | RuntimeException ex) {
            return UtteranceScore.failed(e.id(), e.text(), audio.seconds(), "recognition failed: " + ex.getMessage());
        }
    }

    private static UtteranceScore stream(DatasetEntry e, AudioFiles.Mono audio, RecognitionSession session, BooleanSupplier cancelled)
            throws EngineException, BadAudioException {
        float[] samples = audio.samples();
        int frame = Math.max(1, audio.sampleRate() / FRAMES_PER_SECOND);
        ByteBuffer buffer = ByteBuffer.allocate(frame * 4).order(ByteOrder.LITTLE_ENDIAN);
        List<String> finals = new ArrayList<>();
        long start = System.nanoTime();
        long firstPartial = -1;
        for (int off = 0; off < samples.length; off += frame) {
            if (cancelled.getAsBoolean()) {
                return UtteranceScore.failed(e.id(), e.text(), audio.seconds(), "cancelled");
            }
            int n = Math.min(frame, samples.length - off);
            buffer.clear();
            for (int i = 0; i < n; i++) {
                buffer.putFloat(samples[off + i]);
            }
            buffer.flip();
            for (Hypothesis h : session.feed(buffer)) {
                if (firstPartial < 0 && !h.text().isBlank()) {
                    firstPartial = millisSince(start);
                }
                if (h.isFinal()) {
                    finals.add(h.text());
                }
            }
        }
        long end = System.nanoTime();
        List<Hypothesis> last = session.finish();
        long finalMillis = millisSince(end); // the utterance's final is known now, whether or not it has words
        for (Hypothesis h : last) {
            if (firstPartial < 0 && !h.text().isBlank()) {
                firstPartial = finalMillis + millisBetween(start, end);
            }
            if (h.isFinal()) {
                finals.add(h.text());
            }
        }
        String hypothesis = String.join(" ", finals.stream().filter(t -> !t.isBlank()).toList());
        return UtteranceScore.of(e.id(), e.text(), hypothesis, firstPartial, finalMillis, audio.seconds());
    }

    private static long millisBetween(long from, long to) {
        return Math.round((to - from) / 1e6);
    }

    private static long millisSince(long nanos) {
        return Math.round((System.nanoTime() - nanos) / 1e6);
    }
}
