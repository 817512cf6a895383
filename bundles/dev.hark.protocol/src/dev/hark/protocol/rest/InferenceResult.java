package dev.hark.protocol.rest;

import java.util.List;

/**
 * {@code POST /api/inference}: v1's transcription and three timings, plus Hark's segments and, for a trained model,
 * the checkpoint folder that recognized (a trainable model's name or a {@code -latest} pointer resolves to one; null
 * for built-in models and on servers that do not say).
 */
public record InferenceResult(String transcription, double firstTokenTimeMs, double inferenceTimeMs, double totalTimeMs,
        String modelName, double audioSeconds, List<TimedText> segments, String checkpoint) {
}
