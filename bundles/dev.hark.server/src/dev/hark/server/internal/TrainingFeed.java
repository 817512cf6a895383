package dev.hark.server.internal;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import dev.hark.protocol.training.TrainingMessage;
import dev.hark.protocol.training.TrainingMessages;
import dev.hark.server.TrainingEvents;

/**
 * {@code GET /api/events}: every training event as it is published ({@link TrainingMessages#sseEvent}), in a queue of
 * {@value #QUEUE}; a client that falls that far behind is dropped rather than buffered for without end.
 */
final class TrainingFeed implements SseFeed, Consumer<TrainingMessage> {

    static final int QUEUE = 1000;

    private final TrainingEvents events;
    private final BlockingQueue<String> queue = new ArrayBlockingQueue<>(QUEUE);

    TrainingFeed(TrainingEvents events) {
        this.events = events;
    }

    @Override
    public String open() {
        events.subscribe(this);
        return ": hark training events\n\n";
    }

    @Override
    public void accept(TrainingMessage message) {
        if (!queue.offer(TrainingMessages.sseEvent(message))) {
            release(); // too slow: drop it rather than grow without bound
            end();
        }
    }

    @Override
    public String next(long timeout, TimeUnit unit) throws InterruptedException {
        return queue.poll(timeout, unit);
    }

    @Override
    public void end() {
        queue.clear();
        queue.offer(END);
    }

    @Override
    public void release() {
        events.unsubscribe(this);
    }
}
