package dev.hark.core;

/**
 * Payload of {@link HarkTopics#AUDIO_STATE}.
 *
 * @param state  what capture is doing
 * @param source the source's description
 * @param detail why (for LOST and FAILED), or empty
 */
public record AudioState(State state, String source, String detail) {

    public enum State {
        STOPPED, CAPTURING, FINISHED, LOST, FAILED
    }
}
