package dev.hark.engine.pocketsphinx.tests;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

import dev.hark.engine.EngineException;
import dev.hark.engine.Hypothesis;
import dev.hark.engine.RecognitionStream;

/** Feeds audio to a stream the way a live client does, and reads what came back. */
final class Feed {

    /** 100 ms at 16 kHz. */
    static final int CHUNK = Speech.SAMPLE_RATE / 10;

    private Feed() {
    }

    /** Everything the stream returned, in order: accept results chunk by chunk, then finish's. */
    static List<Hypothesis> inChunks(RecognitionStream stream, float[] audio) throws EngineException {
        List<Hypothesis> results = new ArrayList<>();
        for (int offset = 0; offset < audio.length; offset += CHUNK) {
            results.addAll(stream.accept(audio, offset, Math.min(CHUNK, audio.length - offset)));
        }
        results.addAll(stream.finish());
        return results;
    }

    static List<Hypothesis> finals(List<Hypothesis> results) {
        return results.stream().filter(Hypothesis::isFinal).toList();
    }

    /** The finals' texts joined by spaces. */
    static String finalText(List<Hypothesis> results) {
        return finals(results).stream().map(Hypothesis::text).collect(Collectors.joining(" "));
    }
}
