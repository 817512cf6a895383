package dev.hark.core;

/**
 * Payload of {@link HarkTopics#STREAM_METRICS}, about once a second while a session runs.
 *
 * @param rttMillis            last application-level round trip, or -1 when unknown
 * @param reconnects           reconnects since the session started
 * @param firstPartialMillis   time from the first audio of the current or last utterance to its first partial, or -1
 * @param finalMillis          time from the end of the last utterance's audio being sent to its final, or -1
 * @param framesSent           audio frames written to the socket
 * @param framesUnacked        frames kept for resending (v2), 0 under v1
 * @param pipeDepth            chunks waiting in the capture→transport pipe
 * @param pipeDropped          chunks the pipe dropped by its overflow policy (never silently: counted here)
 * @param protocol             1 or 2, 0 before connecting
 */
public record StreamMetrics(long rttMillis, int reconnects, long firstPartialMillis, long finalMillis, long framesSent,
        int framesUnacked, int pipeDepth, long pipeDropped, int protocol) {
}
