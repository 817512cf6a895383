package dev.hark.engine.ctc.train;

import java.util.Random;

/**
 * What a training step does to an utterance's log-mel features so that the model learns the words rather than the
 * voices: volume (a gain of up to ±{@value #GAIN_DB} dB, an offset of the log power), tempo (frames resampled by a
 * factor in 1 ± {@value #TEMPO}, linear interpolation between neighbouring frames) and SpecAugment-style masking
 * ({@value #BAND_MASKS} bands of up to {@value #BAND_WIDTH} mel bands and {@value #TIME_MASKS} stretches of up to
 * {@value #TIME_WIDTH} frames set to the feature mean) and, for one utterance in {@value #NARROWBAND_ONE_IN}, narrow
 * band: every band above {@value #NARROWBAND_HZ} Hz silent, as in audio recorded at 8 kHz (flite's {@code kal}, a
 * telephone line), which a model trained only on wide-band voices did not recognize at all (docs/benchmarks.md).
 * Validation sees the features as they are. Deterministic for a given {@link Random}.
 */
final class Augmentation {

    static final double GAIN_DB = 6;
    static final double TEMPO = 0.1;
    static final int BAND_MASKS = 2;
    static final int BAND_WIDTH = 5;
    static final int TIME_MASKS = 2;
    static final int TIME_WIDTH = 8;
    static final int NARROWBAND_ONE_IN = 5;
    static final double NARROWBAND_HZ = 4000;
    /** The first band an 8 kHz recording cannot reach. */
    static final int NARROWBAND_FROM = dev.hark.engine.ctc.model.LogMel.firstBandAbove(NARROWBAND_HZ);

    private Augmentation() {
    }

    /**
     * Returns new, normalized and augmented features; {@code raw} is not changed.
     *
     * @param raw  raw log-mel frames {@code [T][bands]}
     * @param mean per-band mean of the normalization
     * @param std  per-band deviation of the normalization
     * @param minFrames the least frames the result may have (what the utterance's labels need)
     */
    static float[][] apply(float[][] raw, float[] mean, float[] std, int minFrames, Random random) {
        int bands = mean.length;
        double offset = (random.nextDouble() * 2 - 1) * GAIN_DB * Math.log(10) / 10; // log power: dB / 10 * ln 10
        double factor = 1 + (random.nextDouble() * 2 - 1) * TEMPO;
        int frames = Math.max(Math.max(1, minFrames), (int) Math.round(raw.length / factor));
        double step = raw.length <= 1 || frames <= 1 ? 0 : (double) (raw.length - 1) / (frames - 1);
        int silentFrom = random.nextInt(NARROWBAND_ONE_IN) == 0 ? Math.min(bands, NARROWBAND_FROM) : bands;
        float[][] out = new float[frames][bands];
        for (int t = 0; t < frames; t++) {
            double at = t * step;
            int i = (int) at;
            int j = Math.min(raw.length - 1, i + 1);
            float w = (float) (at - i);
            float[] a = raw[i], b = raw[j], o = out[t];
            for (int k = 0; k < silentFrom; k++) {
                o[k] = ((a[k] + w * (b[k] - a[k]) + (float) offset) - mean[k]) / std[k];
            }
            for (int k = silentFrom; k < bands; k++) {
                o[k] = (dev.hark.engine.ctc.model.LogMel.SILENT - mean[k]) / std[k];
            }
        }
        for (int m = 0; m < BAND_MASKS; m++) {
            int width = random.nextInt(BAND_WIDTH + 1);
            int from = random.nextInt(bands - width + 1);
            for (float[] o : out) {
                java.util.Arrays.fill(o, from, from + width, 0f);
            }
        }
        for (int m = 0; m < TIME_MASKS; m++) {
            int width = Math.min(random.nextInt(TIME_WIDTH + 1), frames / 10); // never more than a tenth of the utterance
            int from = random.nextInt(frames - width + 1);
            for (int t = from; t < from + width; t++) {
                java.util.Arrays.fill(out[t], 0f);
            }
        }
        return out;
    }
}
