package dev.hark.examples.forward;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import dev.hark.engine.EngineException;
import dev.hark.engine.Hypothesis;
import dev.hark.engine.ModelInfo;
import dev.hark.engine.RecognitionModel;
import dev.hark.engine.RecognitionStream;
import dev.hark.engine.Transcript;

/**
 * A model of the other server. Streams keep the audio (at most 10 minutes) and send it when the utterance ends
 * ({@code finish()}): the other server's REST API transcribes recordings, not streams, so there are no partials.
 */
final class ForwardModel implements RecognitionModel {

    static final int MAX_SAMPLES = RemoteServer.RATE * 600;

    private final ModelInfo info;
    private final RemoteServer remote;
    private final String remoteModel;

    ForwardModel(ModelInfo info, RemoteServer remote, String remoteModel) {
        this.info = info;
        this.remote = remote;
        this.remoteModel = remoteModel;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public Transcript transcribe(float[] samples) throws EngineException {
        return remote.transcribe(remoteModel, samples);
    }

    @Override
    public RecognitionStream openStream() {
        return new RecognitionStream() {
            private float[] audio = new float[RemoteServer.RATE * 10];
            private int length;
            private long accepted;
            private double offset; // seconds before this utterance's first sample

            @Override
            public List<Hypothesis> accept(float[] samples, int from, int count) throws EngineException {
                if (length + count > MAX_SAMPLES) {
                    throw new EngineException(EngineException.Kind.BAD_AUDIO, "an utterance over 10 minutes cannot be forwarded");
                }
                if (length + count > audio.length) {
                    audio = Arrays.copyOf(audio, Math.min(MAX_SAMPLES, Math.max(audio.length * 2, length + count)));
                }
                System.arraycopy(samples, from, audio, length, count);
                length += count;
                accepted += count;
                return List.of();
            }

            @Override
            public List<Hypothesis> finish() throws EngineException {
                if (length == 0) {
                    return List.of();
                }
                Transcript t = remote.transcribe(remoteModel, Arrays.copyOf(audio, length));
                List<Hypothesis> out = new ArrayList<>();
                for (Hypothesis h : t.segments()) {
                    out.add(new Hypothesis(true, h.text(), offset + h.start(), offset + h.end(), h.words()));
                }
                offset += length / (double) RemoteServer.RATE;
                length = 0;
                return out;
            }

            @Override
            public long samplesAccepted() {
                return accepted;
            }

            @Override
            public void close() {
                audio = new float[0];
            }
        };
    }

    @Override
    public void close() {
        // nothing held: each request is its own
    }
}
