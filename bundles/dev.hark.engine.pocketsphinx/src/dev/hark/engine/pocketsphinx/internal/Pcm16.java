package dev.hark.engine.pocketsphinx.internal;

import dev.hark.engine.EngineException;

/** Conversion of the SPI's float samples to the signed 16-bit samples pocketsphinx decodes. */
final class Pcm16 {

    private Pcm16() {
    }

    /**
     * Rejects NaN and infinite samples before any is decoded, so that bad audio leaves a stream unchanged.
     */
    static void requireFinite(float[] samples, int offset, int length) throws EngineException {
        for (int i = offset; i < offset + length; i++) {
            if (!Float.isFinite(samples[i])) {
                throw new EngineException(EngineException.Kind.BAD_AUDIO,
                        "sample " + (i - offset) + " of " + length + " is " + samples[i] + "; samples must be finite");
            }
        }
    }

    /** Converts {@code count} samples, clipping values outside [-1, 1] instead of letting them wrap around. */
    static void convert(float[] source, int offset, short[] target, int count) {
        for (int i = 0; i < count; i++) {
            float clipped = Math.max(-1f, Math.min(1f, source[offset + i]));
            target[i] = (short) Math.round(clipped * Short.MAX_VALUE);
        }
    }
}
