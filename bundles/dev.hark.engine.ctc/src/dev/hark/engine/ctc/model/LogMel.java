package dev.hark.engine.ctc.model;

import org.jtransforms.fft.FloatFFT_1D;

/**
 * Log-mel filterbank features: 25 ms Hann windows every 10 ms at 16 kHz, 512-point FFT, {@value #BANDS}
 * triangular mel bands (HTK scale, 20 Hz to 8 kHz), natural log of the band energies. Frame {@code i} covers
 * samples {@code [160 i, 160 i + 400)}; a frame is computed only when all its samples are there, so streaming
 * and whole-file extraction give the same frames. Not thread-safe (one FFT buffer); cheap to create.
 */
public final class LogMel {

    public static final int SAMPLE_RATE = 16_000;
    public static final int BANDS = 40;
    public static final int WINDOW = 400;
    public static final int HOP = 160;
    public static final int FFT = 512;
    /** Seconds of audio per feature frame. */
    public static final double FRAME_SECONDS = (double) HOP / SAMPLE_RATE;
    private static final float FLOOR = 1e-6f;
    /** A band's value when it had no energy at all: the logarithm of the floor added to every energy. */
    public static final float SILENT = (float) Math.log(FLOOR);

    private static final float[] HANN = new float[WINDOW];
    private static final float[][] FILTERS = new float[BANDS][FFT / 2 + 1];

    static {
        for (int i = 0; i < WINDOW; i++) {
            HANN[i] = (float) (0.5 - 0.5 * Math.cos(2 * Math.PI * i / WINDOW));
        }
        double low = mel(20), high = mel(SAMPLE_RATE / 2.0);
        double[] centers = new double[BANDS + 2];
        for (int i = 0; i < centers.length; i++) {
            centers[i] = hz(low + (high - low) * i / (BANDS + 1));
        }
        for (int b = 0; b < BANDS; b++) {
            for (int k = 0; k <= FFT / 2; k++) {
                double f = (double) k * SAMPLE_RATE / FFT;
                double w = 0;
                if (f > centers[b] && f <= centers[b + 1]) {
                    w = (f - centers[b]) / (centers[b + 1] - centers[b]);
                } else if (f > centers[b + 1] && f < centers[b + 2]) {
                    w = (centers[b + 2] - f) / (centers[b + 2] - centers[b + 1]);
                }
                FILTERS[b][k] = (float) w;
            }
        }
    }

    private final FloatFFT_1D fft = new FloatFFT_1D(FFT);
    private final float[] buffer = new float[FFT];
    private final float[] power = new float[FFT / 2 + 1];

    private static double mel(double hz) {
        return 2595 * Math.log10(1 + hz / 700);
    }

    private static double hz(double mel) {
        return 700 * (Math.pow(10, mel / 2595) - 1);
    }

    /**
     * The first band whose filter lies wholly at or above {@code hz} ({@link #BANDS} when none does): from there up, a
     * recording sampled at {@code 2 hz} (e.g. telephone audio at 8 kHz, resampled to 16 kHz) has no energy.
     */
    public static int firstBandAbove(double hz) {
        double low = mel(20), high = mel(SAMPLE_RATE / 2.0);
        for (int b = 0; b < BANDS; b++) {
            if (hz(low + (high - low) * b / (BANDS + 1)) >= hz) { // the filter's lower edge
                return b;
            }
        }
        return BANDS;
    }

    /** Number of whole frames in {@code samples} samples. */
    public static int frames(int samples) {
        return samples < WINDOW ? 0 : 1 + (samples - WINDOW) / HOP;
    }

    /** Features of a whole recording at 16 kHz: {@code [frames][BANDS]}. */
    public float[][] compute(float[] samples) {
        int n = frames(samples.length);
        float[][] out = new float[n][];
        for (int i = 0; i < n; i++) {
            out[i] = frame(samples, i * HOP);
        }
        return out;
    }

    /** The frame whose window starts at {@code offset} (needs {@value #WINDOW} samples from there). */
    public float[] frame(float[] samples, int offset) {
        java.util.Arrays.fill(buffer, 0f);
        for (int i = 0; i < WINDOW; i++) {
            buffer[i] = samples[offset + i] * HANN[i];
        }
        fft.realForward(buffer);
        power[0] = buffer[0] * buffer[0];
        power[FFT / 2] = buffer[1] * buffer[1];
        for (int k = 1; k < FFT / 2; k++) {
            float re = buffer[2 * k], im = buffer[2 * k + 1];
            power[k] = re * re + im * im;
        }
        float[] out = new float[BANDS];
        for (int b = 0; b < BANDS; b++) {
            float[] w = FILTERS[b];
            double e = 0;
            for (int k = 0; k <= FFT / 2; k++) {
                e += w[k] * power[k];
            }
            out[b] = (float) Math.log(e + FLOOR);
        }
        return out;
    }
}
