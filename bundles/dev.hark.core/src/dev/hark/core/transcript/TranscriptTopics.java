package dev.hark.core.transcript;

/**
 * Where the workbench publishes the live transcript as it grows (API 1.1): OSGi EventAdmin topics (the e4 event
 * broker's), each event carrying one payload object under {@link #DATA}. In an e4 part:
 * {@code @Inject @Optional void onFinal(@EventTopic(TranscriptTopics.FINAL) Segment s)}.
 * <p>
 * Threading: events are delivered on EventAdmin's thread ({@code @EventTopic}) or, with {@code @UIEventTopic}, each on
 * the UI thread through its own {@code asyncExec}. Partials arrive up to tens of times a second: store them and repaint
 * at a bounded rate rather than per event; never block in a handler.
 */
public final class TranscriptTopics {

    /** The key of the payload in every event: the e4 broker's data key. */
    public static final String DATA = "org.eclipse.e4.data";
    /** The partial hypothesis replaced the previous one. Payload: {@link Segment}, kind PARTIAL. High rate. */
    public static final String PARTIAL = "hark/stream/partial";
    /** A final result or a gap marker was appended. Payload: {@link Segment}, kind FINAL or GAP. */
    public static final String FINAL = "hark/stream/final";
    /** The user cleared the transcript. Payload: {@link Boolean#TRUE}. */
    public static final String CLEARED = "hark/stream/cleared";

    private TranscriptTopics() {
    }
}
