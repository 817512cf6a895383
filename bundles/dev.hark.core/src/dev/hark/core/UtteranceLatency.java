package dev.hark.core;

/**
 * Payload of {@link HarkTopics#STREAM_LATENCY}: how long one utterance took to come back, measured by the
 * client from when its audio left for the server (the audio clock of the session) to when results arrived.
 * Posted just before the final it belongs to, by the same thread, so a view has it when the final arrives.
 *
 * @param segmentId          the {@link dev.hark.core.transcript.Segment#id()} of the final
 * @param firstPartialMillis from the utterance's first audio being sent to its first partial; -1 when no partial came
 * @param finalMillis        from the end of the utterance's audio being sent to its final; -1 when unknown
 */
public record UtteranceLatency(long segmentId, long firstPartialMillis, long finalMillis) {
}
