package dev.hark.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import javax.sound.sampled.AudioFormat;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hark.core.AudioState;
import dev.hark.core.HarkTopics;
import dev.hark.core.audio.AudioFiles;
import dev.hark.core.audio.AudioPipe;
import dev.hark.core.audio.Resampler;
import dev.hark.testing.Await;
import dev.hark.testing.RecordingBus;
import dev.hark.testing.Speech;
import dev.hark.testing.VirtualMicrophone;

/**
 * "Microphone (default)" against a real capture device: the PulseAudio null sink of
 * {@code scripts/virtual-mic.sh} (started by {@code ./run-tests}), with flite speech played into it.
 */
class MicrophoneCaptureTest {

    static final int RATE = 16_000;

    @TempDir
    static Path dir;
    static VirtualMicrophone mic;
    /** flite speech at 44.1 kHz (so the sink, the device and Hark all resample), and its length in seconds. */
    static Path speech;
    static double speechSeconds;

    private AudioCapture capture;

    @BeforeAll
    static void device() throws Exception {
        mic = VirtualMicrophone.require();
        AudioFiles.Mono s = Speech.flite("the weather is nice today and the microphone works", "slt");
        Resampler r = new Resampler(s.sampleRate(), 44_100);
        float[] at44k = Speech.concat(r.process(s.samples()), r.flush());
        speechSeconds = at44k.length / 44_100.0;
        speech = Speech.writeWav(dir.resolve("speech.wav"), at44k, 44_100);
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (capture != null) {
            capture.close();
        }
        mic.ensureRunning();
        mic.plug();
    }

    /** Collects what the capture thread puts into the pipe, as the transport would. */
    static final class Drain implements AutoCloseable {
        final AudioPipe pipe = new AudioPipe(1_000, AudioPipe.Overflow.DROP_OLDEST);
        final List<AudioPipe.Chunk> chunks = new CopyOnWriteArrayList<>();
        volatile long firstAt;
        private final Thread thread = new Thread(this::run, "test-drain");

        Drain() {
            thread.setDaemon(true);
            thread.start();
        }

        private void run() {
            try {
                while (!pipe.isFinished()) {
                    AudioPipe.Chunk c = pipe.poll(50, TimeUnit.MILLISECONDS);
                    if (c != null) {
                        if (chunks.isEmpty()) {
                            firstAt = System.nanoTime();
                        }
                        chunks.add(c);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        float[] samples() {
            return Speech.concat(chunks.stream().map(AudioPipe.Chunk::samples).toArray(float[][]::new));
        }

        @Override
        public void close() throws InterruptedException {
            thread.interrupt();
            thread.join(2_000);
        }
    }

    static AudioState end(RecordingBus bus) {
        List<AudioState> states = bus.payloads(HarkTopics.AUDIO_STATE, AudioState.class);
        return states.isEmpty() ? null : states.get(states.size() - 1);
    }

    static boolean ended(RecordingBus bus) {
        AudioState s = end(bus);
        return s != null && s.state() != AudioState.State.CAPTURING;
    }

    @Test
    void theDefaultDeviceIsListedWithItsFormats() {
        List<InputDevice> devices = AudioDevices.list();
        assertFalse(devices.isEmpty(), "the virtual microphone must be listed");
        InputDevice first = devices.get(0);
        assertTrue(first.formats().stream().anyMatch(f -> f.contains("16-bit")), first.formats().toString());
        assertTrue(AudioDevices.find(first.name()).isPresent());
        assertTrue(AudioDevices.find("no such device").isEmpty());
    }

    @Test
    void capturesSpeechFromTheDefaultMicrophoneAt16kHzMono() throws Exception {
        RecordingBus bus = new RecordingBus();
        capture = new AudioCapture(bus);
        MicrophoneSource source = new MicrophoneSource(null, RATE);
        try (Drain drain = new Drain()) {
            CompletableFuture<AudioState> outcome = capture.start(source, drain.pipe);
            Await.until(Duration.ofSeconds(5), "the first captured audio", () -> !drain.chunks.isEmpty() || ended(bus));
            assertFalse(ended(bus), "capture ended at once: " + end(bus));
            Thread.sleep(500); // silence before the speech
            try (VirtualMicrophone.Playback p = mic.play(speech)) {
                p.await(speechSeconds + 10);
            }
            Thread.sleep(700); // the device's latency, then silence
            assertTrue(capture.isRunning(), "capture must run until stopped: " + end(bus));
            capture.stop();
            double wall = (System.nanoTime() - drain.firstAt) / 1e9;
            assertEquals(AudioState.State.STOPPED, end(bus).state(), String.valueOf(end(bus)));
            assertEquals(AudioState.State.STOPPED, outcome.get(1, TimeUnit.SECONDS).state());
            drain.thread.join(2_000);

            AudioFormat format = source.captureFormat();
            assertNotNull(format, "the capture format is known once the device is open");
            assertTrue(drain.chunks.stream().allMatch(c -> c.sampleRate() == RATE), "every chunk at 16 kHz");
            float[] audio = drain.samples();
            double seconds = audio.length / (double) RATE;
            // real time in, real time out from the first chunk on: no gaps, no duplicated audio (the line's
            // buffer, 0.2 s, may be delivered at once at the start)
            assertTrue(Math.abs(seconds - wall) < 0.4, seconds + " s captured in " + wall + " s (" + format + ")");

            // the speech arrived: loud 20 ms windows span about the speech's length, and it was silent before it
            int window = RATE / 50;
            int firstLoud = -1;
            int lastLoud = -1;
            double peakRms = 0;
            for (int w = 0; w + window <= audio.length; w += window) {
                double rms = rms(audio, w, window);
                peakRms = Math.max(peakRms, rms);
                if (rms > 0.01) { // -40 dBFS
                    firstLoud = firstLoud < 0 ? w : firstLoud;
                    lastLoud = w + window;
                }
            }
            assertTrue(peakRms > 0.05, "speech level above silence: peak RMS " + peakRms);
            assertTrue(firstLoud > 0.3 * RATE, "silence before the speech, speech starts at " + firstLoud / (double) RATE + " s");
            double heard = (lastLoud - firstLoud) / (double) RATE;
            assertTrue(Math.abs(heard - speechSeconds) < 0.6, "heard " + heard + " s of a " + speechSeconds + " s utterance");
            assertTrue(bus.count(HarkTopics.AUDIO_LEVEL) > 10, "levels published for the meter");
        }
    }

    @Test
    void aMicrophoneUnpluggedMidStreamIsReportedWithinSeconds() throws Exception {
        RecordingBus bus = new RecordingBus();
        capture = new AudioCapture(bus);
        try (Drain drain = new Drain(); VirtualMicrophone.Playback p = mic.play(speech)) {
            CompletableFuture<AudioState> outcome = capture.start(new MicrophoneSource(null, RATE), drain.pipe);
            Await.until(Duration.ofSeconds(5), "captured audio", () -> !drain.chunks.isEmpty() || ended(bus));
            assertFalse(ended(bus), "capture ended at once: " + end(bus));
            long unplugged = System.nanoTime();
            mic.unplug();
            assertTrue(capture.awaitEnd(MicrophoneSource.SILENCE_LIMIT_NANOS / 1_000_000 + 3_000),
                    "capture must end by itself when the device goes, never hang");
            double took = (System.nanoTime() - unplugged) / 1e9;
            AudioState end = end(bus);
            assertEquals(AudioState.State.LOST, end.state(), end.toString());
            assertTrue(end.detail().contains("microphone: default"), end.detail());
            assertTrue(took < 5, "reported after " + took + " s");
            assertEquals(end, outcome.get(1, TimeUnit.SECONDS), "the owner of the capture sees it too");
            Await.until(Duration.ofSeconds(2), "the pipe closed for the transport", drain.pipe::isFinished);
        }
    }

    @Test
    void aSoundServerThatCrashesMidStreamIsReportedWithinSeconds() throws Exception {
        RecordingBus bus = new RecordingBus();
        capture = new AudioCapture(bus);
        try (Drain drain = new Drain()) {
            CompletableFuture<AudioState> outcome = capture.start(new MicrophoneSource(null, RATE), drain.pipe);
            Await.until(Duration.ofSeconds(5), "captured audio", () -> !drain.chunks.isEmpty() || ended(bus));
            assertFalse(ended(bus), "capture ended at once: " + end(bus));
            long crashed = System.nanoTime();
            mic.crash();
            AudioState end = outcome.get(MicrophoneSource.SILENCE_LIMIT_NANOS / 1_000_000 + 3_000, TimeUnit.MILLISECONDS);
            double took = (System.nanoTime() - crashed) / 1e9;
            assertTrue(end.state() == AudioState.State.LOST || end.state() == AudioState.State.FAILED, end.toString());
            assertTrue(end.detail().startsWith("microphone: default"), end.detail());
            assertTrue(took < 5, "reported after " + took + " s");
        }
    }

    @Test
    void noCaptureDeviceAtAllIsAClearError() throws Exception {
        mic.unplug();
        RecordingBus bus = new RecordingBus();
        capture = new AudioCapture(bus);
        try (Drain drain = new Drain()) {
            capture.start(new MicrophoneSource(null, RATE), drain.pipe);
            assertTrue(capture.awaitEnd(MicrophoneSource.SILENCE_LIMIT_NANOS / 1_000_000 + 3_000), "must not hang");
            AudioState end = end(bus);
            assertEquals(AudioState.State.FAILED, end.state(), end.toString());
            assertTrue(end.detail().startsWith("microphone: default"), end.detail());
            assertTrue(drain.pipe.isFinished());
        }
    }

    @Test
    void aNamedDeviceIsFoundByPartOfItsName() {
        InputDevice first = AudioDevices.list().get(0);
        String part = first.name().substring(0, Math.min(4, first.name().length())).toUpperCase(java.util.Locale.ROOT);
        assertEquals(first.name(), AudioDevices.find(part).map(InputDevice::name).orElse(null), part);
    }

    @Test
    void channelCountsFoldIntoRanges() {
        List<AudioFormat> formats = new java.util.ArrayList<>();
        for (int ch = 1; ch <= 32; ch++) {
            formats.add(new AudioFormat(AudioFormat.Encoding.PCM_SIGNED, -1, 16, ch, 2 * ch, -1, false));
        }
        formats.add(new AudioFormat(48_000, 16, 2, true, false));
        formats.add(new AudioFormat(48_000, 16, 6, true, false));
        assertEquals(List.of("any rate, 1-32 ch, 16-bit PCM_SIGNED", "48000 Hz, 2,6 ch, 16-bit PCM_SIGNED"), AudioDevices.summarize(formats));
    }

    static double rms(float[] a, int off, int len) {
        double s = 0;
        for (int i = off; i < off + len; i++) {
            s += (double) a[i] * a[i];
        }
        return Math.sqrt(s / len);
    }
}
