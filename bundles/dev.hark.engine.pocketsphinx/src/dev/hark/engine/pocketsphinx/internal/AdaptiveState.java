package dev.hark.engine.pocketsphinx.internal;

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

    /** The captured cepstral mean (for tests). */
    float[] mean() {
        return mean.clone();
    }
}
