package dev.hark.engine.pocketsphinx.internal;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Base64;
import java.util.Optional;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;

/**
 * The state a decoder carries from one utterance (and one stream) to the next that {@code ps_start_stream} does not
 * reset: the live cepstral mean ({@code cmn_t} of sphinxbase/cmn.h: mean, running sum, frame count) and the CMN mode,
 * which {@code feat_t} switches from batch to live on the first block of audio. It is captured right after
 * {@code ps_init} and written back when a pooled decoder is reused ({@link Decoder#reset()}), so that the reused
 * decoder starts exactly as a new one would (the engine's tests compare their transcripts word for word).
 *
 * <p>Reading C structures by layout ties this class to the library's headers: the layouts below are those of
 * sphinxbase 5prealpha as Debian ships it (0.8+5prealpha+1). {@link #capture} checks what it reads (the mean's
 * length equal to the cepstrum's, a known CMN mode, no automatic gain control, finite values) and gives nothing when
 * anything is off; such a decoder is then never reused, only freed.
 */
final class AdaptiveState {

    /**
     * Prefix of the wire form ({@link #encode()}): {@code ps1.} then base64url (no padding) of, little-endian, the
     * cepstrum length {@code n} (int32), the frame count (int32), the mean ({@code n} float32) and the running sum
     * ({@code n} float32). Only live-mode states are encoded; a decoder given one continues in live mode.
     */
    static final String WIRE_PREFIX = "ps1.";
    /** A cepstral mean component beyond this is no speech front end's output (c0 of 16-bit audio stays below ~30). */
    static final float MAX_MEAN = 1e4f;
    /**
     * Frames a state may count. The live CMN rescales its sum to 500 frames whenever it passes 800 (sphinxbase's
     * CMN_WIN / CMN_WIN_HWM), so a real state never counts many more; a generous bound for other builds.
     */
    static final int MAX_FRAMES = 1_000_000;

    /** {@code cmn_type_t}: none, batch, live. */
    private static final int CMN_LIVE = 2;
    /** {@code agc_type_t}'s {@code AGC_NONE}: the gain control's state is not captured, so only models without it are reused. */
    private static final int AGC_NONE = 0;
    /** Longer cepstra than this mean the layout was misread. */
    private static final int MAX_CEPSTRUM = 64;

    /** The head of {@code struct feat_s} (sphinxbase/feat.h) up to its CMN and AGC pointers. */
    @Structure.FieldOrder({ "refcount", "name", "cepsize", "n_stream", "stream_len", "window_size", "n_sv", "sv_len",
            "subvecs", "sv_buf", "sv_dim", "cmn", "varnorm", "agc", "compute_feat", "cmn_struct", "agc_struct" })
    public static final class FeatHead extends Structure {
        public int refcount;
        public Pointer name;
        public int cepsize;
        public int n_stream;
        public Pointer stream_len;
        public int window_size;
        public int n_sv;
        public Pointer sv_len;
        public Pointer subvecs;
        public Pointer sv_buf;
        public int sv_dim;
        public int cmn;
        public int varnorm;
        public int agc;
        public Pointer compute_feat;
        public Pointer cmn_struct;
        public Pointer agc_struct;

        public FeatHead(Pointer p) {
            super(p);
            read();
        }
    }

    /** {@code cmn_t} (sphinxbase/cmn.h); {@code mfcc_t} is {@code float} in the floating-point build. */
    @Structure.FieldOrder({ "cmn_mean", "cmn_var", "sum", "nframe", "veclen" })
    public static final class Cmn extends Structure {
        public Pointer cmn_mean;
        public Pointer cmn_var;
        public Pointer sum;
        public int nframe;
        public int veclen;

        public Cmn(Pointer p) {
            super(p);
            read();
        }
    }

    private final int cmnMode;
    private final float[] mean;
    private final float[] sum;
    private final int frames;

    private AdaptiveState(int cmnMode, float[] mean, float[] sum, int frames) {
        this.cmnMode = cmnMode;
        this.mean = mean;
        this.sum = sum;
        this.frames = frames;
    }

    /** The decoder's state now (call it on a new decoder); empty when it cannot be read safely. */
    static Optional<AdaptiveState> capture(PocketsphinxLibrary pocketsphinx, Pointer decoder) {
        try {
            Pointer feat = pocketsphinx.ps_get_feat(decoder);
            if (feat == null) {
                return Optional.empty();
            }
            FeatHead head = new FeatHead(feat);
            if (head.cmn_struct == null || head.agc != AGC_NONE || head.cmn < 0 || head.cmn > CMN_LIVE) {
                return Optional.empty();
            }
            Cmn cmn = new Cmn(head.cmn_struct);
            if (cmn.veclen != head.cepsize || cmn.veclen <= 0 || cmn.veclen > MAX_CEPSTRUM || cmn.cmn_mean == null
                    || cmn.sum == null || cmn.nframe < 0) {
                return Optional.empty();
            }
            float[] mean = cmn.cmn_mean.getFloatArray(0, cmn.veclen);
            float[] sum = cmn.sum.getFloatArray(0, cmn.veclen);
            for (int i = 0; i < mean.length; i++) {
                if (!Float.isFinite(mean[i]) || !Float.isFinite(sum[i])) {
                    return Optional.empty();
                }
            }
            return Optional.of(new AdaptiveState(head.cmn, mean, sum, cmn.nframe));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /** Writes the captured state back into {@code decoder} (the one it was captured from). */
    void restore(PocketsphinxLibrary pocketsphinx, Pointer decoder) {
        FeatHead head = new FeatHead(pocketsphinx.ps_get_feat(decoder));
        head.cmn = cmnMode;
        head.writeField("cmn");
        Cmn cmn = new Cmn(head.cmn_struct);
        cmn.cmn_mean.write(0, mean, 0, mean.length);
        cmn.sum.write(0, sum, 0, sum.length);
        cmn.nframe = frames;
        cmn.writeField("nframe");
    }

    /**
     * The wire form of a live-mode state ({@link #WIRE_PREFIX}), at most ~{@value #MAX_CEPSTRUM} × 11 characters;
     * empty for a state still in batch mode (a decoder that has seen no audio: a new decoder's state is the default).
     */
    Optional<String> encode() {
        if (cmnMode != CMN_LIVE) {
            return Optional.empty();
        }
        ByteBuffer b = ByteBuffer.allocate(8 + 8 * mean.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(mean.length).putInt(frames);
        for (float m : mean) {
            b.putFloat(m);
        }
        for (float x : sum) {
            b.putFloat(x);
        }
        return Optional.of(WIRE_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(b.array()));
    }

    /**
     * Reads a wire form ({@link #encode()}) for a decoder whose cepstrum has {@code cepsize} values, checking
     * everything: prefix, base64url, exact length, the cepstrum length, the frame count ({@code 0..}{@value #MAX_FRAMES}),
     * finite values with the mean within ±{@value #MAX_MEAN} and the sum within that times the frames.
     *
     * @throws IllegalArgumentException naming what is wrong (the state may come from anyone on the network)
     */
    static AdaptiveState decode(String wire, int cepsize) {
        if (wire == null || !wire.startsWith(WIRE_PREFIX)) {
            throw new IllegalArgumentException("not a pocketsphinx state (it must start with \"" + WIRE_PREFIX + "\")");
        }
        String body = wire.substring(WIRE_PREFIX.length());
        if (body.length() > 4 * (8 + 8 * MAX_CEPSTRUM) / 3 + 3) {
            throw new IllegalArgumentException("state too long: " + wire.length() + " characters");
        }
        byte[] bytes;
        try {
            bytes = Base64.getUrlDecoder().decode(body);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("state is not base64url: " + e.getMessage());
        }
        if (bytes.length < 8) {
            throw new IllegalArgumentException("state too short: " + bytes.length + " bytes");
        }
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int n = b.getInt();
        int frames = b.getInt();
        if (n != cepsize) {
            throw new IllegalArgumentException("state has " + n + " cepstral values, this model " + cepsize);
        }
        if (bytes.length != 8 + 8 * n) {
            throw new IllegalArgumentException("state of " + bytes.length + " bytes, expected " + (8 + 8 * n));
        }
        if (frames < 0 || frames > MAX_FRAMES) {
            throw new IllegalArgumentException("state frame count " + frames + " outside 0.." + MAX_FRAMES);
        }
        float[] mean = new float[n];
        float[] sum = new float[n];
        double sumBound = (double) MAX_MEAN * Math.max(1, frames);
        for (int i = 0; i < n; i++) {
            mean[i] = b.getFloat();
            if (!Float.isFinite(mean[i]) || Math.abs(mean[i]) > MAX_MEAN) {
                throw new IllegalArgumentException("state mean[" + i + "] = " + mean[i] + " is not a cepstral mean");
            }
        }
        for (int i = 0; i < n; i++) {
            sum[i] = b.getFloat();
            if (!Float.isFinite(sum[i]) || Math.abs(sum[i]) > sumBound) {
                throw new IllegalArgumentException("state sum[" + i + "] = " + sum[i] + " is out of range");
            }
        }
        return new AdaptiveState(CMN_LIVE, mean, sum, frames);
    }

    /** The captured cepstral mean (for tests). */
    float[] mean() {
        return mean.clone();
    }
}
