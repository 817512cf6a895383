package dev.hark.core.audio.tests;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;

import org.junit.jupiter.api.Test;

import dev.hark.core.audio.Resampler;

class ResamplerTest {

    // --- helpers ---

    private static float[] concat(float[] a, float[] b) {
        float[] r = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, r, a.length, b.length);
        return r;
    }

    private static float[] oneShot(Resampler r, float[] x) {
        return concat(r.process(x, 0, x.length), r.flush());
    }

    private static float[] sine(double hz, double amplitude, int rate, int n) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (amplitude * Math.sin(2 * Math.PI * hz * i / rate));
        }
        return x;
    }

    /** Noise plus a few tones, so that every filter tap matters. */
    private static float[] testSignal(int rate, int n, long seed) {
        Random rnd = new Random(seed);
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            double t = (double) i / rate;
            x[i] = (float) (0.3 * Math.sin(2 * Math.PI * 440 * t) + 0.2 * Math.sin(2 * Math.PI * 3100 * t)
                    + 0.2 * (rnd.nextDouble() * 2 - 1));
        }
        return x;
    }

    private static double rms(float[] y, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += (double) y[i] * y[i];
        }
        return Math.sqrt(s / (to - from));
    }

    /** Amplitude of the component at {@code hz} (Goertzel), for a window of whole-ish periods. */
    private static double goertzelAmplitude(float[] y, int from, int to, double hz, int rate) {
        double w = 2 * Math.PI * hz / rate;
        double coeff = 2 * Math.cos(w);
        double s1 = 0, s2 = 0;
        for (int i = from; i < to; i++) {
            double s0 = y[i] + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        double power = s1 * s1 + s2 * s2 - coeff * s1 * s2;
        return 2 * Math.sqrt(Math.max(power, 0)) / (to - from);
    }

    private static long expectedOutputs(long inputs, int in, int out) {
        return (inputs * out + in - 1) / in; // ceil
    }

    // --- chunked == one-shot ---

    private static void assertChunkedEqualsOneShot(int in, int out, long seed) {
        float[] x = testSignal(in, 100_000, seed); // about 2 s at 48 kHz, 12.5 s at 8 kHz
        float[] expected = oneShot(new Resampler(in, out), x);

        Random rnd = new Random(seed);
        Resampler r = new Resampler(in, out);
        float[] got = new float[0];
        int pos = 0;
        int chunkNo = 0;
        int ones = 0, frames = 0, randoms = 0;
        while (pos < x.length) {
            int kind = chunkNo++ % 3;
            int len;
            if (pos < 300 || kind == 0 && rnd.nextInt(4) == 0) {
                len = 1; // single samples: at the start (where the zero history is) and now and then
                ones++;
            } else if (kind == 1) {
                len = 480; // 10 ms frames at 48 kHz
                frames++;
            } else {
                len = 1 + rnd.nextInt(2000);
                randoms++;
            }
            len = Math.min(len, x.length - pos);
            got = concat(got, r.process(x, pos, len));
            assertEquals(pos + len, r.inputSamples());
            assertEquals(got.length, r.outputSamples());
            pos += len;
        }
        got = concat(got, r.flush());
        assertTrue(ones > 300 && frames > 10 && randoms > 10, "chunk mix: " + ones + "/" + frames + "/" + randoms);
        assertEquals(expected.length, got.length, in + "→" + out + ": output length");
        assertEquals(expectedOutputs(x.length, in, out), got.length);
        double maxDiff = 0;
        for (int i = 0; i < got.length; i++) {
            maxDiff = Math.max(maxDiff, Math.abs(got[i] - expected[i]));
        }
        assertTrue(maxDiff <= 1e-6, in + "→" + out + ": chunked differs from one-shot by " + maxDiff);
    }

    @Test
    void chunked48kTo16kEqualsOneShot() {
        assertChunkedEqualsOneShot(48000, 16000, 1);
    }

    @Test
    void chunked44k1To16kEqualsOneShot() {
        assertChunkedEqualsOneShot(44100, 16000, 2);
    }

    @Test
    void chunked8kTo16kEqualsOneShot() {
        assertChunkedEqualsOneShot(8000, 16000, 3);
    }

    @Test
    void chunkedEqualsOneShotWithAnInterpolatedFilterTable() {
        // gcd(44101, 16000) = 1: 16000 phases would be too many, so the table is interpolated
        assertTrue(new Resampler(44101, 16000).toString().contains("interpolated"));
        assertChunkedEqualsOneShot(44101, 16000, 4);
    }

    // --- lengths and counters ---

    @Test
    void outputLengthAfterFlushIsInputLengthTimesTheRateRatio() {
        int[][] pairs = { { 48000, 16000 }, { 44100, 16000 }, { 22050, 16000 }, { 8000, 16000 }, { 16000, 8000 },
                { 16000, 44100 }, { 44101, 16000 }, { 192000, 8000 }, { 8000, 192000 } };
        int[] lengths = { 0, 1, 7, 1000, 44_113 };
        for (int[] p : pairs) {
            for (int n : lengths) {
                Resampler r = new Resampler(p[0], p[1]);
                float[] x = testSignal(p[0], n, n);
                float[] head = r.process(x, 0, n);
                float[] tail = r.flush();
                String what = p[0] + "→" + p[1] + " with " + n + " samples";
                assertEquals(n, r.inputSamples(), what);
                assertEquals(head.length + tail.length, r.outputSamples(), what);
                assertEquals(expectedOutputs(n, p[0], p[1]), r.outputSamples(), what);
                assertTrue(Math.abs(r.outputSamples() - (double) n * p[1] / p[0]) < 1, what);
                // process() holds back only the look-ahead
                long notYet = expectedOutputs(n, p[0], p[1]) - head.length;
                double lookAheadOutputs = r.latencySeconds() * p[1];
                assertTrue(notYet >= 0 && notYet <= Math.ceil(lookAheadOutputs) + 1,
                        what + ": " + notYet + " outputs held back, look-ahead " + lookAheadOutputs);
                assertEquals(0, r.flush().length, "second flush");
            }
        }
    }

    @Test
    void processAfterFlushNeedsResetAndResetStartsAFreshStream() {
        float[] x = testSignal(48000, 5000, 9);
        Resampler r = new Resampler(48000, 16000);
        float[] first = oneShot(r, x);
        assertThrows(IllegalStateException.class, () -> r.process(x, 0, 10));
        r.reset();
        assertEquals(0, r.inputSamples());
        assertEquals(0, r.outputSamples());
        assertArrayEquals(first, oneShot(r, x));
    }

    @Test
    void rejectsBadRatesAndRanges() {
        for (int bad : new int[] { 0, -1, -48000, Resampler.MAX_RATE + 1, Integer.MAX_VALUE }) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Resampler(bad, 16000));
            assertTrue(e.getMessage().contains(Integer.toString(bad)), e.getMessage());
            assertThrows(IllegalArgumentException.class, () -> new Resampler(16000, bad));
        }
        new Resampler(Resampler.MAX_RATE, 16000);
        new Resampler(8000, Resampler.MAX_RATE);
        Resampler r = new Resampler(48000, 16000);
        float[] x = new float[10];
        assertThrows(IndexOutOfBoundsException.class, () -> r.process(x, 5, 6));
        assertThrows(IndexOutOfBoundsException.class, () -> r.process(x, -1, 2));
        assertThrows(IndexOutOfBoundsException.class, () -> r.process(x, 0, -1));
        assertEquals(0, r.inputSamples());
    }

    // --- signal quality ---

    @Test
    void sineKeepsItsAmplitudeFrequencyAndTiming() {
        // the delay is compensated: output n must be the input tone at time n / 16000 s
        for (int in : new int[] { 48000, 44100, 22050, 8000 }) {
            float[] x = sine(1000, 0.5, in, in);
            Resampler r = new Resampler(in, 16000);
            assertEquals(0.0, r.delaySeconds());
            float[] y = oneShot(r, x);
            int from = 1600, to = y.length - 1600; // skip 0.1 s at both ends (the edges see silence)
            double gainDb = 20 * Math.log10(rms(y, from, to) / (0.5 / Math.sqrt(2)));
            assertTrue(Math.abs(gainDb) <= 0.5, in + "→16000: 1 kHz gain " + gainDb + " dB");
            double at1k = goertzelAmplitude(y, from, to, 1000, 16000);
            assertEquals(0.5, at1k, 0.01, in + "→16000: amplitude at 1 kHz");
            int crossings = 0;
            for (int i = from + 1; i < to; i++) {
                if ((y[i - 1] < 0) != (y[i] < 0)) {
                    crossings++;
                }
            }
            double expectedCrossings = 2 * 1000.0 * (to - from) / 16000;
            assertEquals(expectedCrossings, crossings, 2, in + "→16000: zero crossings");
            double maxErr = 0;
            for (int n = from; n < to; n++) {
                maxErr = Math.max(maxErr, Math.abs(y[n] - 0.5 * Math.sin(2 * Math.PI * 1000 * n / 16000.0)));
            }
            assertTrue(maxErr < 1e-3, in + "→16000: output is not the input tone at time n/16000 (max error " + maxErr + ")");
        }
    }

    @Test
    void passbandReachesSixKilohertz() {
        float[] y = oneShot(new Resampler(48000, 16000), sine(6000, 0.5, 48000, 48000));
        double gainDb = 20 * Math.log10(rms(y, 1600, y.length - 1600) / (0.5 / Math.sqrt(2)));
        assertTrue(Math.abs(gainDb) <= 0.5, "6 kHz gain " + gainDb + " dB");
    }

    @Test
    void toneAboveTheNewNyquistIsRemovedNotAliased() {
        // 10 kHz cannot exist at 16 kHz; unfiltered it would alias to 6 kHz
        for (int in : new int[] { 48000, 44100 }) {
            float[] x = sine(10_000, 0.5, in, in);
            float[] y = oneShot(new Resampler(in, 16000), x);
            double ratioDb = 20 * Math.log10(rms(y, 1600, y.length - 1600) / rms(x, 0, x.length));
            assertTrue(ratioDb <= -40, in + "→16000: 10 kHz only attenuated by " + -ratioDb + " dB");
            System.out.printf("%d→16000: 10 kHz attenuated by %.1f dB%n", in, -ratioDb);
        }
    }

    @Test
    void upsamplingCreatesNoImage() {
        // 8 kHz → 16 kHz: a 1 kHz tone must not bring its mirror image at 8 - 1 = 7 kHz
        float[] y = oneShot(new Resampler(8000, 16000), sine(1000, 0.5, 8000, 8000));
        double tone = goertzelAmplitude(y, 1600, y.length - 1600, 1000, 16000);
        double image = goertzelAmplitude(y, 1600, y.length - 1600, 7000, 16000);
        assertEquals(0.5, tone, 0.01);
        assertTrue(20 * Math.log10(image / tone) <= -40, "image at 7 kHz: " + 20 * Math.log10(image / tone) + " dB");
    }

    // --- identity ---

    @Test
    void equalRatesReturnTheInputUnchanged() {
        float[] x = testSignal(16000, 10_000, 5);
        Resampler r = new Resampler(16000, 16000);
        assertEquals(0.0, r.delaySeconds());
        assertEquals(0.0, r.latencySeconds());
        float[] a = r.process(x, 0, 1);
        float[] b = r.process(x, 1, 4999);
        float[] c = r.process(x, 5000, 5000);
        assertEquals(0, r.flush().length);
        assertArrayEquals(x, concat(concat(a, b), c));
        assertEquals(10_000, r.inputSamples());
        assertEquals(10_000, r.outputSamples());
        assertThrows(IllegalStateException.class, () -> r.process(x, 0, 1));
        r.reset();
        assertEquals(0, r.process(x, 0, 0).length);
        float[] copy = x.clone();
        float[] again = r.process(copy, 0, copy.length);
        again[0] = 42f; // the output is a copy, not the caller's array
        assertEquals(x[0], copy[0]);
    }

    // --- speed (printed, not asserted) ---

    @Test
    void printsTheTimeForOneMinuteAt48kHz() {
        float[] x = testSignal(48000, 48000 * 60, 7);
        long best = Long.MAX_VALUE;
        int outputs = 0;
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            Resampler r = new Resampler(48000, 16000);
            outputs = r.process(x, 0, x.length).length + r.flush().length;
            best = Math.min(best, System.nanoTime() - t0);
        }
        assertEquals(960_000, outputs);
        System.out.printf("48000→16000, 60 s of audio: %.1f ms (best of 3, %d taps)%n", best / 1e6,
                new Resampler(48000, 16000).taps());
    }
}
