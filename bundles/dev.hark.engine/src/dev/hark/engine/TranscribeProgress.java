package dev.hark.engine;

/**
 * Told how far a long {@link RecognitionModel#transcribe(float[], TranscribeProgress)} got, and asked whether
 * to go on: an engine that decodes in pieces calls it between pieces, and stops with
 * {@link EngineException.Kind#CANCELLED} once {@link #cancelled()} says so. Called on the decoding thread.
 */
public interface TranscribeProgress {

    /** {@code samplesDone} of {@code samplesTotal} are decoded. */
    void advanced(long samplesDone, long samplesTotal);

    /** True when the result is no longer wanted (its client went away). */
    boolean cancelled();

    /** No reports, never cancelled. */
    TranscribeProgress NONE = new TranscribeProgress() {
        @Override
        public void advanced(long samplesDone, long samplesTotal) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    };
}
