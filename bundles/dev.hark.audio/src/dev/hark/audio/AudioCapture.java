package dev.hark.audio;

import java.util.concurrent.CompletableFuture;
import java.util.logging.Level;
import java.util.logging.Logger;

import dev.hark.core.AudioState;
import dev.hark.core.Bus;
import dev.hark.core.HarkTopics;
import dev.hark.core.audio.AudioPipe;

/**
 * Runs one {@link AudioSource} at a time on its own thread ("hark-audio-capture"), feeding a pipe and
 * publishing {@link AudioState} and levels on the bus. The pipe is closed when the source ends, so
 * the transport knows the audio is over. How it ended is also the outcome of {@link #start}'s future, so
 * the owner of a session sees a failed or lost device without listening to the bus; failures are logged.
 */
public final class AudioCapture implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(AudioCapture.class.getName());

    /** How long {@link #stop} lets the source see the request before closing the pipe under it. */
    static final long STOP_GRACE_MILLIS = 200;

    private final Bus bus;
    private Thread thread;
    private AudioPipe pipe;
    private volatile boolean stopRequested;

    public AudioCapture(Bus bus) {
        this.bus = bus;
    }

    /**
     * Starts capturing; fails if a capture runs already. The future completes (on the capture thread) with
     * the state the capture ended in: {@code FINISHED}, {@code STOPPED}, {@code FAILED} or {@code LOST}, the
     * last two with the reason in {@link AudioState#detail()}.
     */
    public synchronized CompletableFuture<AudioState> start(AudioSource source, AudioPipe pipe) {
        if (thread != null && thread.isAlive()) {
            throw new IllegalStateException("capture is already running");
        }
        stopRequested = false;
        this.pipe = pipe;
        CompletableFuture<AudioState> ended = new CompletableFuture<>();
        thread = new Thread(() -> ended.complete(run(source, pipe)), "hark-audio-capture");
        thread.setDaemon(true);
        thread.start();
        return ended;
    }

    private AudioState run(AudioSource source, AudioPipe pipe) {
        String name = source.description();
        bus.post(HarkTopics.AUDIO_STATE, new AudioState(AudioState.State.CAPTURING, name, ""));
        AudioState end;
        LevelMeter meter = new LevelMeter(bus, name);
        try {
            source.run(pipe, meter, () -> stopRequested || Thread.currentThread().isInterrupted());
            end = new AudioState(stopRequested ? AudioState.State.STOPPED : AudioState.State.FINISHED, name, "");
        } catch (dev.hark.core.audio.source.SourceLostException e) {
            LOG.log(Level.WARNING, "capture lost its device: {0}", e.getMessage());
            end = new AudioState(AudioState.State.LOST, name, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            end = new AudioState(AudioState.State.STOPPED, name, "");
        } catch (Exception | LinkageError e) {
            // LinkageError: e.g. the JDK's sound library cannot load; the capture must still end with a reason
            LOG.log(Level.WARNING, "capture from " + name + " failed", e);
            end = new AudioState(AudioState.State.FAILED, name, e.getMessage() == null ? e.toString() : e.getMessage());
        } finally {
            meter.finish();
            pipe.close();
        }
        bus.post(HarkTopics.AUDIO_STATE, end);
        return end;
    }

    public synchronized boolean isRunning() {
        return thread != null && thread.isAlive();
    }

    /**
     * Stops the source and waits (briefly) for the thread to end. A source that does not end within
     * {@link #STOP_GRACE_MILLIS} has its pipe closed under it: a file source waiting on a full pipe (the server slow
     * or unreachable) then ends at once instead of after the 2 s wait for an interrupt; what is in the pipe is still
     * delivered, the chunk being handed over is dropped.
     */
    public void stop() {
        Thread t;
        AudioPipe p;
        synchronized (this) {
            stopRequested = true;
            t = thread;
            p = pipe;
        }
        if (t != null) {
            try {
                t.join(STOP_GRACE_MILLIS);
                if (t.isAlive() && p != null) {
                    p.close();
                }
                t.join(2_000);
                if (t.isAlive()) {
                    t.interrupt();
                    t.join(2_000);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Waits for the source to end by itself (a file), up to {@code millis}. */
    public boolean awaitEnd(long millis) throws InterruptedException {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        if (t != null) {
            t.join(millis);
            return !t.isAlive();
        }
        return true;
    }

    @Override
    public void close() {
        stop();
    }
}
