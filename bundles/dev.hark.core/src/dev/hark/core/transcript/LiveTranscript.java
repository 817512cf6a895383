package dev.hark.core.transcript;

import java.util.List;

/**
 * The workbench's live transcript, for plugins' views (API 1.1): an OSGi service Hark registers in the workbench (not
 * in the server). A view asks for the {@link #snapshot()} once when it opens (it may open mid-session), then follows the
 * events of {@link TranscriptTopics}. The segments carry word times and confidences when the engine gives them.
 * <p>
 * Threading: {@link #snapshot()} is cheap, never blocks, and may be called on any thread (the UI thread included).
 * Hark implements this interface; plugins only call it (methods may be added to it in 1.x).
 */
public interface LiveTranscript {

    /** The transcript so far, in order: finals and gaps, then the partial (if any) last. */
    List<Segment> snapshot();
}
