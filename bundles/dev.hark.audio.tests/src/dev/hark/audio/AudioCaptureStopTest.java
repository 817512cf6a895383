package dev.hark.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;

import dev.hark.core.AudioState;
import dev.hark.core.audio.AudioPipe;
import dev.hark.core.audio.source.PcmSink;
import dev.hark.core.audio.source.PcmSource;
import dev.hark.testing.RecordingBus;

/** Stopping a file source whose pipe is full: nobody reads (the server is slow or unreachable). */
class AudioCaptureStopTest {

    /** A file-like source (not live: its pipe blocks when full) with endless audio in 20 ms blocks. */
    static final class EndlessFile implements PcmSource {
        final AtomicBoolean abandoned = new AtomicBoolean();

        @Override
        public String description() {
            return "file: endless.wav";
        }

        @Override
        public boolean live() {
            return false;
        }

        @Override
        public void run(PcmSink sink, BooleanSupplier stop) throws Exception {
            float[] block = new float[320];
            try {
                while (!stop.getAsBoolean()) {
                    sink.accept(block, 0, block.length);
                }
            } catch (InterruptedException e) {
                abandoned.set(true); // stop had to interrupt the capture thread
                throw e;
            }
        }
    }

    @Test
    void stopEndsAFileSourceWaitingOnAFullPipeWithoutInterruptingIt() throws Exception {
        EndlessFile file = new EndlessFile();
        AudioSource source = AudioSource.of(file);
        AudioPipe pipe = new AudioPipe(2, source.overflow());
        try (AudioCapture capture = new AudioCapture(new RecordingBus())) {
            var ended = capture.start(source, pipe);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (pipe.stats().depth() < 2 && System.nanoTime() < deadline) {
                Thread.sleep(5);
            }
            assertEquals(2, pipe.stats().depth(), "the pipe filled up");
            Thread.sleep(50); // the source is now waiting to hand over its next block
            capture.stop();
            assertEquals(AudioState.State.STOPPED, ended.get(10, TimeUnit.SECONDS).state());
            assertFalse(file.abandoned.get(), "the source ended by itself, not by the interrupt after stop's 2 s wait");
            assertNotNull(pipe.poll(1, TimeUnit.SECONDS), "what was in the pipe is still there for the consumer");
            assertNotNull(pipe.poll(1, TimeUnit.SECONDS));
            assertTrue(pipe.isFinished(), "closed and drained");
        }
    }
}
