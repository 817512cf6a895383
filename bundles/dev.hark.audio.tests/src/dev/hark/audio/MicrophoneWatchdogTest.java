package dev.hark.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongPredicate;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.TargetDataLine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import dev.hark.core.AudioState;
import dev.hark.core.audio.AudioPipe;
import dev.hark.testing.RecordingBus;

/**
 * What the microphone does with devices that misbehave the way real ones were seen to (PulseAudio through
 * ALSA): a slow first block, a line that blocks in native code for good once its daemon died, a line that
 * claims a full buffer and reads nothing once its device was removed, an open that fails. Fake lines, so each
 * case happens every time; {@link MicrophoneCaptureTest} does the same against the real virtual device.
 */
class MicrophoneWatchdogTest {

    static final AudioFormat FORMAT = new AudioFormat(16_000, 16, 1, true, false);

    private final CountDownLatch release = new CountDownLatch(1);
    private AudioCapture capture;

    @AfterEach
    void cleanUp() {
        release.countDown();
        if (capture != null) {
            capture.close();
        }
    }

    /**
     * A line whose {@code available()} is decided by {@code hasData(nanos since start)}: 640 bytes (20 ms)
     * when true, 0 when false; {@code blockAfterNanos} >= 0 makes {@code available()} block (until the test
     * ends) from then on, as ALSA's pulse plugin does when its daemon died; {@code readsNothing} makes
     * {@code available()} claim a full buffer and {@code read} return 0, as after the device was removed.
     */
    TargetDataLine line(LongPredicate hasData, long blockAfterNanos, LongPredicate readsNothing) {
        AtomicBoolean open = new AtomicBoolean(true);
        long[] started = { 0 };
        return (TargetDataLine) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] { TargetDataLine.class },
                (proxy, method, args) -> {
                    long t = started[0] == 0 ? 0 : System.nanoTime() - started[0];
                    switch (method.getName()) {
                        case "start" -> started[0] = System.nanoTime();
                        case "getFormat" -> {
                            return FORMAT;
                        }
                        case "isOpen" -> {
                            return open.get();
                        }
                        case "close" -> open.set(false);
                        case "getBufferSize" -> {
                            return 6_400;
                        }
                        case "available" -> {
                            if (blockAfterNanos >= 0 && t > blockAfterNanos) {
                                release.await();
                            }
                            if (readsNothing.test(t)) {
                                return 6_400;
                            }
                            return hasData.test(t) ? 640 : 0;
                        }
                        case "read" -> {
                            if (readsNothing.test(t)) {
                                return 0;
                            }
                            byte[] b = (byte[]) args[0];
                            int off = (int) args[1];
                            int len = (int) args[2];
                            for (int i = off; i + 1 < off + len; i += 2) {
                                b[i] = 0;
                                b[i + 1] = 0x10; // a steady 0.125
                            }
                            Thread.sleep(20); // real time
                            return len;
                        }
                        case "hashCode" -> {
                            return System.identityHashCode(proxy);
                        }
                        case "equals" -> {
                            return proxy == args[0];
                        }
                        case "toString" -> {
                            return "fake line";
                        }
                        default -> {
                            // stop, flush, drain, open, listeners: nothing to do
                        }
                    }
                    return method.getReturnType() == boolean.class ? Boolean.FALSE
                            : method.getReturnType().isPrimitive() && method.getReturnType() != void.class ? 0 : null;
                });
    }

    static final LongPredicate NEVER = t -> false;

    record Run(RecordingBus bus, AudioPipe pipe, CompletableFuture<AudioState> end) {
    }

    Run start(MicrophoneSource.LineOpener opener) {
        RecordingBus bus = new RecordingBus();
        capture = new AudioCapture(bus);
        AudioPipe pipe = new AudioPipe(10_000, AudioPipe.Overflow.DROP_OLDEST);
        return new Run(bus, pipe, capture.start(new MicrophoneSource(null, 16_000, opener), pipe));
    }

    @Test
    void aDeviceWhoseFirstAudioComesLateKeepsCapturing() throws Exception {
        // PulseAudio's null sink: the first block after up to 2 s. The old 2 s watchdog ended such a microphone at once.
        Run run = start(() -> line(t -> t > 2_600_000_000L, -1, NEVER));
        Thread.sleep(3_500);
        assertTrue(capture.isRunning(), "a slow start is not a lost device: " + run.end().getNow(null));
        assertTrue(run.pipe().stats().offered() > 10, "audio after the slow start: " + run.pipe().stats());
        capture.stop();
        assertEquals(AudioState.State.STOPPED, run.end().get(3, TimeUnit.SECONDS).state());
    }

    @Test
    void aDeviceThatNeverDeliversIsReportedAfterTheStartLimit() throws Exception {
        Run run = start(() -> line(NEVER, -1, NEVER));
        AudioState end = run.end().get(MicrophoneSource.START_LIMIT_NANOS / 1_000_000 + 3_000, TimeUnit.MILLISECONDS);
        assertEquals(AudioState.State.LOST, end.state());
        assertTrue(end.detail().startsWith("microphone: default delivered no audio for 5 s after it was opened"), end.detail());
        assertTrue(run.pipe().isFinished(), "the transport learns the audio is over");
    }

    @Test
    void aLineBlockedInNativeCodeIsLostWithinSecondsNotAHang() throws Exception {
        // PulseAudio's daemon died: available() never returns
        Run run = start(() -> line(t -> true, 500_000_000L, NEVER));
        long t0 = System.nanoTime();
        AudioState end = run.end().get(MicrophoneSource.SILENCE_LIMIT_NANOS / 1_000_000 + 4_000, TimeUnit.MILLISECONDS);
        assertEquals(AudioState.State.LOST, end.state(), end.toString());
        assertTrue(end.detail().contains("unplugged, or its sound server stopped"), end.detail());
        assertTrue((System.nanoTime() - t0) / 1e9 < 0.5 + 2 + MicrophoneSource.CLOSE_WAIT_MILLIS / 1e3 + 1, "bounded");
    }

    @Test
    void aLineThatReadsNothingForeverIsLost() throws Exception {
        // the device was removed: a full buffer "available", every read returns 0
        Run run = start(() -> line(t -> true, -1, t -> t > 500_000_000L));
        AudioState end = run.end().get(MicrophoneSource.SILENCE_LIMIT_NANOS / 1_000_000 + 4_000, TimeUnit.MILLISECONDS);
        assertEquals(AudioState.State.LOST, end.state(), end.toString());
    }

    @Test
    void aDeviceThatCannotOpenFailsWithTheReason() throws Exception {
        Run run = start(() -> {
            throw new LineUnavailableException("Device or resource busy");
        });
        AudioState end = run.end().get(3, TimeUnit.SECONDS);
        assertEquals(AudioState.State.FAILED, end.state());
        assertEquals("microphone: default: Device or resource busy", end.detail());
    }

    @Test
    void anOpenThatHangsFailsAfterTheOpenLimit() throws Exception {
        Run run = start(() -> {
            release.await();
            throw new LineUnavailableException("released");
        });
        AudioState end = run.end().get(MicrophoneSource.OPEN_LIMIT_NANOS / 1_000_000 + 3_000, TimeUnit.MILLISECONDS);
        assertEquals(AudioState.State.LOST, end.state());
        assertTrue(end.detail().startsWith("microphone: default did not open within 5 s"), end.detail());
    }
}
