package dev.hark.core.audio;

import java.util.Arrays;
import java.util.Objects;

/**
 * Streaming sample-rate converter for mono float audio between any two integer rates from 1 Hz to
 * {@value #MAX_RATE} Hz (meant for 8 kHz..192 kHz), e.g. 48000→16000, 44100→16000 or 8000→16000.
 *
 * <h2>Filter</h2>
 * Band-limited interpolation with a Kaiser-windowed sinc (β = {@value #KAISER_BETA}, about 85 dB
 * stop-band attenuation) whose cutoff is {@value #CUTOFF} × min(in, out) / 2 and which spans
 * {@value #ZERO_CROSSINGS} zero crossings on each side. The transition band runs from about
 * 0.8 to 1.0 × min(in, out) / 2, so for 48000→16000 everything up to 6.4 kHz passes (ripple below
 * 0.01 dB) and everything from 8 kHz up is removed before it could alias. The conversion is
 * rational polyphase: with {@code g = gcd(in, out)}, {@code L = out / g} and {@code M = in / g},
 * output sample {@code n} lies at input position {@code n·M/L}, and its filter is one of {@code L}
 * phases precomputed once in the constructor (each normalised to unity DC gain). When
 * {@code L × taps} would exceed {@value #MAX_EXACT_TABLE} coefficients (rates with a small gcd,
 * such as 44101→16000), the table holds {@value #INTERPOLATED_PHASES} phases and the filter for an
 * output is linearly interpolated between the two nearest. Equal rates take an identity fast path
 * that copies the input.
 *
 * <p>Why ~420 lines: most of it is this specification and the filter design it describes; the filter table,
 * the streaming state and the flush are one algorithm that splits no further without passing its state around.
 *
 * <h2>Timing: the delay is compensated</h2>
 * The filter is applied centred (zero phase): output sample {@code n} is the input signal at time
 * {@code n / outRate} seconds, exactly as if the input's first sample were at time 0. There is no
 * group delay to correct: {@link #delaySeconds()} is always 0, and output index {@code n} maps to
 * the timestamp {@code n / outRate}. The price is look-ahead: an output is only returned once
 * {@link #latencySeconds()} of input after its time has arrived; {@link #flush()} returns the
 * outputs still held back (computed as if the input were followed by silence). After
 * {@code flush()}, {@link #outputSamples()} is exactly {@code ceil(inputSamples() × out / in)}.
 *
 * <h2>Streaming</h2>
 * State is carried across calls, and the arithmetic for each output sample does not depend on how
 * the input was cut: feeding a signal in chunks of any sizes (including single samples) gives
 * bit-for-bit the same output as feeding it in one call. Input is buffered in blocks of at most
 * {@value #BLOCK} samples, so memory does not grow with the chunk size; the only allocation per
 * call is the returned array.
 *
 * <p>Not thread-safe: one instance belongs to one stream and is called by one thread at a time
 * (callers handing a stream between threads must publish it safely).
 *
 * <h2>Why our own</h2>
 * No maintained streaming resampler with an OSGi manifest is on Maven Central: TarsosDSP's
 * releases are not published there, and the JDK's {@code javax.sound.sampled.AudioSystem}
 * conversion is not stateful across chunks (each converted chunk starts the filter afresh, which
 * clicks at every chunk boundary). {@code dev.hark.core} must depend on nothing beyond the JDK.
 */
public final class Resampler {

    /** Highest accepted sample rate in Hz. */
    public static final int MAX_RATE = 384_000;

    /** Cutoff as a fraction of the lower Nyquist frequency. */
    static final double CUTOFF = 0.9;
    /** Zero crossings of the sinc on each side of the centre. */
    static final int ZERO_CROSSINGS = 24;
    /** Kaiser window shape; 8.4 gives about 85 dB stop-band attenuation. */
    static final double KAISER_BETA = 8.4;
    /** Largest exact polyphase table, in coefficients (2 MiB). */
    static final int MAX_EXACT_TABLE = 1 << 19;
    /** Phases of the interpolated table used beyond {@link #MAX_EXACT_TABLE}. */
    static final int INTERPOLATED_PHASES = 512;
    /** Input is appended to the history buffer in blocks of at most this many samples. */
    static final int BLOCK = 4096;

    private static final float[] EMPTY = new float[0];

    private final int inRate;
    private final int outRate;
    private final boolean identity;
    /** Interpolation factor: out / gcd. */
    private final int up;
    /** Decimation factor: in / gcd. */
    private final int down;
    /** Taps each side of the centre; a filter reads input {@code base-half+1 .. base+half}. */
    private final int half;
    /** Taps per phase ({@code 2·half}, a multiple of 4). */
    private final int taps;
    /** {@code true}: {@link #coef} has one row per phase {@code 0..up-1}. */
    private final boolean exact;
    /** Phase rows of {@link #taps} coefficients each. */
    private final float[] coef;
    /** Interpolated mode only: row {@code r} holds {@code coef[r+1] - coef[r]}. */
    private final float[] slope;

    /** Input history; {@code buf[0]} is input sample {@code bufStart} (negative indices are leading zeros). */
    private float[] buf;
    private int bufLen;
    private long bufStart;
    /** Integer part of the input position of the next output: {@code floor(n·down/up)}. */
    private long base;
    /** Fractional part of that position, in units of {@code 1/up}: {@code n·down mod up}. */
    private int phase;
    private long inCount;
    private long outCount;
    private boolean flushed;

    /**
     * Creates a resampler and computes its filter table.
     *
     * @param inRate  input sample rate in Hz, {@code 1..}{@value #MAX_RATE}
     * @param outRate output sample rate in Hz, {@code 1..}{@value #MAX_RATE}
     * @throws IllegalArgumentException if a rate is out of range
     */
    public Resampler(int inRate, int outRate) {
        checkRate("input", inRate);
        checkRate("output", outRate);
        this.inRate = inRate;
        this.outRate = outRate;
        int g = gcd(inRate, outRate);
        this.up = outRate / g;
        this.down = inRate / g;
        this.identity = inRate == outRate;
        if (identity) {
            half = 0;
            taps = 0;
            exact = true;
            coef = EMPTY;
            slope = null;
            return;
        }
        // Normalised bandwidth in input samples: the kernel is bw·sinc(bw·d), zero crossings at d = k/bw.
        double bw = CUTOFF * Math.min(inRate, outRate) / inRate;
        double reach = ZERO_CROSSINGS / bw;
        int h = (int) Math.floor(reach) + 1;
        half = (h + 1) & ~1;
        taps = 2 * half;
        exact = (long) up * taps <= MAX_EXACT_TABLE;
        int rows = exact ? up : INTERPOLATED_PHASES + 1;
        double[] row = new double[taps];
        float[] table = new float[rows * taps];
        double i0Beta = besselI0(KAISER_BETA);
        for (int r = 0; r < rows; r++) {
            double frac = exact ? (double) r / up : (double) r / INTERPOLATED_PHASES;
            double sum = 0;
            for (int j = 0; j < taps; j++) {
                double d = frac + half - 1 - j; // output position minus input position, in input samples
                double x = d / reach;
                double v = 0;
                if (Math.abs(x) < 1) {
                    v = bw * sinc(bw * d) * besselI0(KAISER_BETA * Math.sqrt(1 - x * x)) / i0Beta;
                }
                row[j] = v;
                sum += v;
            }
            for (int j = 0; j < taps; j++) {
                table[r * taps + j] = (float) (row[j] / sum);
            }
        }
        coef = table;
        if (exact) {
            slope = null;
        } else {
            slope = new float[INTERPOLATED_PHASES * taps];
            for (int i = 0; i < slope.length; i++) {
                slope[i] = table[i + taps] - table[i];
            }
        }
        buf = new float[BLOCK + taps + 8];
        reset();
    }

    /**
     * Resamples the next {@code len} input samples of the stream.
     *
     * @param in  input samples, nominally in {@code [-1, 1]}; any finite values work (a NaN spreads
     *            to every output whose filter reads it)
     * @param off index of the first sample in {@code in}
     * @param len number of samples, may be 0
     * @return the output samples that became computable, possibly none; a new array every call
     * @throws IllegalStateException     after {@link #flush()} (until {@link #reset()})
     * @throws IndexOutOfBoundsException if {@code off}/{@code len} do not fit {@code in}
     */
    public float[] process(float[] in, int off, int len) {
        Objects.requireNonNull(in, "in");
        Objects.checkFromIndexSize(off, len, in.length);
        if (flushed) {
            throw new IllegalStateException("resampler was flushed; call reset() to start a new stream");
        }
        if (identity) {
            inCount += len;
            outCount += len;
            return Arrays.copyOfRange(in, off, off + len);
        }
        long newInCount = inCount + len;
        float[] out = new float[countUpTo(newInCount - 1 - half)];
        int o = 0;
        int end = off + len;
        while (off < end) {
            int n = Math.min(BLOCK, end - off);
            System.arraycopy(in, off, buf, bufLen, n);
            bufLen += n;
            off += n;
            inCount += n;
            o = produce(out, o, inCount - 1 - half);
            compact();
        }
        assert o == out.length;
        outCount += o;
        return out;
    }

    /** Same as {@code process(in, 0, in.length)}. */
    public float[] process(float[] in) {
        return process(in, 0, in.length);
    }

    /**
     * Ends the stream: returns the outputs still held back for look-ahead, computed as if the input
     * were followed by silence. Afterwards {@link #outputSamples()} is
     * {@code ceil(inputSamples() × outRate / inRate)}. Further {@link #process} calls throw until
     * {@link #reset()}; a second {@code flush()} returns an empty array.
     *
     * @return the remaining output samples, possibly none
     */
    public float[] flush() {
        if (flushed || identity) {
            flushed = true;
            return EMPTY;
        }
        flushed = true;
        float[] out = new float[countUpTo(inCount - 1)];
        // Silence after the end: enough zeros that the last output's filter is covered.
        ensureCapacity(bufLen + half);
        Arrays.fill(buf, bufLen, bufLen + half, 0f);
        bufLen += half;
        int o = produce(out, 0, inCount - 1);
        assert o == out.length;
        outCount += o;
        compact();
        return out;
    }

    /** Forgets all state and counters and starts a new stream (the filter table is kept). */
    public void reset() {
        flushed = false;
        inCount = 0;
        outCount = 0;
        if (identity) {
            return;
        }
        // History before the first sample is silence: indices -(half-1) .. -1.
        Arrays.fill(buf, 0, half - 1, 0f);
        bufLen = half - 1;
        bufStart = -(half - 1);
        base = 0;
        phase = 0;
    }

    /** @return input samples consumed since construction or the last {@link #reset()} */
    public long inputSamples() {
        return inCount;
    }

    /** @return output samples returned since construction or the last {@link #reset()} */
    public long outputSamples() {
        return outCount;
    }

    /**
     * Always 0: the filter's group delay is compensated internally, so output sample {@code n} is at
     * time {@code n / outRate} on the input's time line. Kept so that timestamp-correcting callers
     * need no special case.
     *
     * @return 0.0
     */
    public double delaySeconds() {
        return 0.0;
    }

    /**
     * How far the input must run ahead of an output before that output is returned by
     * {@link #process}: the filter's look-ahead ({@code half} input samples). This is the
     * algorithmic latency the resampler adds to a live stream; 0 for equal rates.
     *
     * @return look-ahead in seconds
     */
    public double latencySeconds() {
        return (double) half / inRate;
    }

    public int inRate() {
        return inRate;
    }

    public int outRate() {
        return outRate;
    }

    /** @return filter taps per output sample (0 for equal rates) */
    public int taps() {
        return taps;
    }

    @Override
    public String toString() {
        return "Resampler[" + inRate + "→" + outRate + ", L/M=" + up + "/" + down + ", taps=" + taps
                + (exact ? "" : ", interpolated") + "]";
    }

    // --- internals ---

    /** Number of further outputs whose {@code base} is at most {@code lastBase}. */
    private int countUpTo(long lastBase) {
        long d = lastBase - base;
        if (d < 0) {
            return 0;
        }
        long count = ((d + 1) * up - phase + down - 1) / down;
        if (count > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("too much input for one call: " + count + " output samples");
        }
        return (int) count;
    }

    /** Computes outputs while their {@code base} is at most {@code lastBase} (all of whose input is buffered). */
    private int produce(float[] out, int o, long lastBase) {
        return exact ? produceExact(out, o, lastBase) : produceInterpolated(out, o, lastBase);
    }

    // The two loops are separate methods so that each keeps its own JIT profile and inlines dot().
    private int produceExact(float[] out, int o, long lastBase) {
        final float[] b = buf;
        final float[] c = coef;
        final int t = taps;
        while (base <= lastBase) {
            out[o++] = dot(b, (int) (base - half + 1 - bufStart), c, phase * t, t);
            phase += down;
            if (phase >= up) {
                base += phase / up;
                phase %= up;
            }
        }
        return o;
    }

    private int produceInterpolated(float[] out, int o, long lastBase) {
        final float[] b = buf;
        final float[] c = coef;
        final float[] s = slope;
        final int t = taps;
        while (base <= lastBase) {
            int start = (int) (base - half + 1 - bufStart);
            double pos = (double) phase * INTERPOLATED_PHASES / up;
            int r = (int) pos;
            float a = (float) (pos - r);
            out[o++] = dot(b, start, c, r * t, t) + a * dot(b, start, s, r * t, t);
            phase += down;
            if (phase >= up) {
                base += phase / up;
                phase %= up;
            }
        }
        return o;
    }

    private static float dot(float[] x, int xo, float[] c, int co, int n) {
        float s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        for (int j = 0; j < n; j += 4) {
            s0 += x[xo + j] * c[co + j];
            s1 += x[xo + j + 1] * c[co + j + 1];
            s2 += x[xo + j + 2] * c[co + j + 2];
            s3 += x[xo + j + 3] * c[co + j + 3];
        }
        return (s0 + s1) + (s2 + s3);
    }

    /** Drops history that no future output reads. */
    private void compact() {
        long keepFrom = base - half + 1;
        int drop = (int) Math.max(0, Math.min(keepFrom - bufStart, bufLen));
        if (drop > 0) {
            System.arraycopy(buf, drop, buf, 0, bufLen - drop);
            bufLen -= drop;
            bufStart += drop;
        }
    }

    private void ensureCapacity(int n) {
        if (n > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(n, buf.length * 2));
        }
    }

    private static void checkRate(String what, int rate) {
        if (rate <= 0 || rate > MAX_RATE) {
            throw new IllegalArgumentException(what + " sample rate " + rate + " Hz is outside 1.." + MAX_RATE + " Hz");
        }
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }

    private static double sinc(double x) {
        if (x == 0) {
            return 1;
        }
        double px = Math.PI * x;
        return Math.sin(px) / px;
    }

    /** Modified Bessel function of the first kind, order 0 (power series). */
    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double q = x * x / 4;
        for (int k = 1; k < 200; k++) {
            term *= q / ((double) k * k);
            sum += term;
            if (term < sum * 1e-17) {
                break;
            }
        }
        return sum;
    }
}
