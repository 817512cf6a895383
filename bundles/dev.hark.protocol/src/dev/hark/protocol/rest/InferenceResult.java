package dev.hark.protocol.rest;

import java.util.List;

/** {@code POST /api/inference}: v1's transcription and three timings, plus Hark's segments. */
public record InferenceResult(String transcription, double firstTokenTimeMs, double inferenceTimeMs, double totalTimeMs,
        String modelName, double audioSeconds, List<TimedText> segments) {
}
