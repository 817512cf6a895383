package dev.hark.server.internal;

import java.util.concurrent.TimeUnit;

/**
 * What one Server-Sent Events client of {@link EventStream} is sent. The stream's writer thread calls {@link #open()}
 * once, then {@link #next} until it returns {@link #END}, then {@link #release()}; the publisher's side and
 * {@link #end()} (a stopping server) may be called from any thread. A feed holds a bounded amount of unsent data: when
 * its client falls further behind it stops listening at once and ends.
 */
interface SseFeed {

    /** Returned by {@link #next}: the stream ends. */
    String END = "\u0000end";

    /** Starts listening; returns the comment line the client is greeted with. */
    String open();

    /** The next text to write, waiting up to {@code timeout}; null when there was none (a keepalive is written). */
    String next(long timeout, TimeUnit unit) throws InterruptedException;

    /** Asks the feed to end (its next {@link #next} returns {@link #END}). */
    void end();

    /** Stops listening (idempotent). */
    void release();
}
