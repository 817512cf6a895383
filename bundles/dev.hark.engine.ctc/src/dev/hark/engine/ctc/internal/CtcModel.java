package dev.hark.engine.ctc.internal;

import java.util.ArrayList;
import java.util.List;

import dev.hark.engine.EngineException;
import dev.hark.engine.Hypothesis;
import dev.hark.engine.ModelInfo;
import dev.hark.engine.RecognitionModel;
import dev.hark.engine.RecognitionStream;
import dev.hark.engine.Transcript;
import dev.hark.engine.ctc.model.AcousticModel;

/** A trained checkpoint loaded for inference (plain Java, no PyTorch in the server). Immutable and shareable. */
final class CtcModel implements RecognitionModel {

    private static final int TRANSCRIBE_CHUNK_MILLIS = 100;

    private final ModelInfo info;
    private final AcousticModel model;

    CtcModel(ModelInfo info, AcousticModel model) {
        this.info = info;
        this.model = model;
    }

    @Override
    public ModelInfo info() {
        return info;
    }

    @Override
    public RecognitionStream openStream() {
        return new CtcStream(model);
    }

    @Override
    public Transcript transcribe(float[] samples) throws EngineException {
        return transcribe(openStream(), samples, info.sampleRate());
    }

    static Transcript transcribe(RecognitionStream stream, float[] samples, int rate) throws EngineException {
        if (samples.length == 0) {
            throw new EngineException(EngineException.Kind.BAD_AUDIO, "no samples to transcribe");
        }
        long started = System.nanoTime();
        double firstToken = -1;
        List<Hypothesis> finals = new ArrayList<>();
        try (stream) {
            int chunk = rate * TRANSCRIBE_CHUNK_MILLIS / 1000;
            for (int offset = 0; offset <= samples.length; offset += chunk) {
                boolean last = offset + chunk > samples.length;
                List<Hypothesis> hs = new ArrayList<>(stream.accept(samples, offset, Math.min(chunk, samples.length - offset)));
                if (last) {
                    hs.addAll(stream.finish());
                }
                for (Hypothesis h : hs) {
                    if (firstToken < 0 && !h.text().isEmpty()) {
                        firstToken = (System.nanoTime() - started) / 1e6;
                    }
                    if (h.isFinal()) {
                        finals.add(h);
                    }
                }
            }
        }
        return new Transcript(finals, firstToken);
    }

    @Override
    public void close() {
        // nothing native to release
    }
}
