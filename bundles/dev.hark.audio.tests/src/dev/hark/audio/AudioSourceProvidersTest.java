package dev.hark.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.hark.audio.internal.FileProvider;
import dev.hark.audio.internal.MicrophoneProvider;
import dev.hark.core.AudioState;
import dev.hark.core.HarkTopics;
import dev.hark.core.audio.AudioPipe;
import dev.hark.core.audio.source.AudioSourceProvider;
import dev.hark.core.audio.source.PcmSink;
import dev.hark.core.audio.source.PcmSource;
import dev.hark.core.audio.source.SourceLostException;
import dev.hark.testing.RecordingBus;
import dev.hark.testing.Speech;

/**
 * The audio-source extension point as the capture runs it: Hark's file and microphone providers, and a plugin's
 * {@link PcmSource} (16 kHz) run by {@link AudioCapture} through {@link AudioSource#of}: its audio, its stop, its end.
 */
class AudioSourceProvidersTest {

    @TempDir
    Path dir;

    /** Everything a pipe delivered, until it is finished. */
    private static List<AudioPipe.Chunk> drain(AudioPipe pipe) throws InterruptedException {
        List<AudioPipe.Chunk> out = new ArrayList<>();
        while (!pipe.isFinished()) {
            AudioPipe.Chunk c = pipe.poll(100, TimeUnit.MILLISECONDS);
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    @Test
    void theFileProviderReplaysAFileAt16kHzWithoutLosingAnything() throws Exception {
        float[] tone = new float[22_050]; // one second at 22.05 kHz: resampled to 16 kHz
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / 22_050.0));
        }
        Path wav = Speech.writeWav(dir.resolve("tone.wav"), tone, 22_050);
        FileProvider files = new FileProvider();
        assertEquals(AudioSourceProvider.Location.FILE, files.location());
        PcmSource source = files.open(new AudioSourceProvider.Request(null, wav.toString(), false));
        assertFalse(source.live(), "a file waits for a slow server instead of dropping audio");
        AudioSource own = AudioSource.of(source);
        assertEquals(AudioPipe.Overflow.BLOCK, own.overflow());
        assertEquals(16_000, own.outputRate());

        RecordingBus bus = new RecordingBus();
        AudioPipe pipe = new AudioPipe(4, own.overflow()); // small: the file must wait, not drop
        try (AudioCapture capture = new AudioCapture(bus)) {
            var ended = capture.start(own, pipe);
            List<AudioPipe.Chunk> chunks = drain(pipe);
            assertEquals(AudioState.State.FINISHED, ended.get(10, TimeUnit.SECONDS).state());
            int samples = chunks.stream().mapToInt(c -> c.samples().length).sum();
            assertEquals(16_000, samples, 40, "one second at 16 kHz");
            assertTrue(chunks.stream().allMatch(c -> c.sampleRate() == 16_000));
            assertEquals(0, pipe.stats().dropped());
            assertTrue(bus.count(HarkTopics.AUDIO_LEVEL) > 0, "levels for the meter");
        }
    }

    @Test
    void theFileProviderSaysWhenNoFileWasGiven() {
        var e = assertThrows(IllegalArgumentException.class, () -> new FileProvider().open(new AudioSourceProvider.Request(null, " ", true)));
        assertEquals("no audio file given", e.getMessage());
    }

    @Test
    void theMicrophoneProviderOffersTheDefaultFirstAndRefusesAnUnknownDevice() {
        MicrophoneProvider mics = new MicrophoneProvider();
        List<AudioSourceProvider.Input> inputs = mics.inputs();
        assertEquals(new AudioSourceProvider.Input(null, "Microphone (default)"), inputs.get(0));
        assertEquals(AudioDevices.list().size() + 1, inputs.size(), "one input per device after the default");
        var e = assertThrows(IllegalStateException.class,
                () -> mics.open(new AudioSourceProvider.Request("no such device 42", null, false)));
        assertEquals("no input device \"no such device 42\" on this machine", e.getMessage());
        assertTrue(mics.open(new AudioSourceProvider.Request(null, null, false)).live());
    }

    /** A plugin's live source: a tone in 10 ms blocks until stopped, looking at stop as the API asks. */
    static final class ToneSource implements PcmSource {
        final AtomicInteger blocks = new AtomicInteger();

        @Override
        public String description() {
            return "tone: 440 Hz";
        }

        @Override
        public void run(PcmSink sink, BooleanSupplier stop) throws Exception {
            float[] block = new float[160];
            while (!stop.getAsBoolean()) {
                for (int i = 0; i < block.length; i++) {
                    block[i] = (float) Math.sin(2 * Math.PI * 440 * (blocks.get() * 160 + i) / 16_000.0);
                }
                sink.accept(block, 0, block.length);
                blocks.incrementAndGet();
                Thread.sleep(10);
            }
        }
    }

    @Test
    void aPluginSourceIsCapturedCopiedAndStopped() throws Exception {
        ToneSource tone = new ToneSource();
        AudioSource own = AudioSource.of(tone);
        assertEquals(AudioPipe.Overflow.DROP_OLDEST, own.overflow(), "a live source never makes the capture wait");
        RecordingBus bus = new RecordingBus();
        AudioPipe pipe = new AudioPipe(1000, own.overflow());
        try (AudioCapture capture = new AudioCapture(bus)) {
            var ended = capture.start(own, pipe);
            while (tone.blocks.get() < 20) {
                Thread.sleep(10);
            }
            capture.stop();
            assertEquals(AudioState.State.STOPPED, ended.get(5, TimeUnit.SECONDS).state());
            List<AudioPipe.Chunk> chunks = drain(pipe);
            assertTrue(chunks.size() >= 20, "every block delivered: " + chunks.size());
            // the sink copies: the plugin reuses its array, and the chunks must not all be the last block
            assertFalse(java.util.Arrays.equals(chunks.get(0).samples(), chunks.get(1).samples()), "blocks were copied");
            assertEquals("tone: 440 Hz", bus.payloads(HarkTopics.AUDIO_STATE, AudioState.class).get(0).source());
        }
    }

    @Test
    void aPluginSourceThatLosesItsDeviceOrFailsEndsWithItsReason() throws Exception {
        PcmSource lost = new PcmSource() {
            @Override
            public String description() {
                return "net: 10.0.0.9";
            }

            @Override
            public void run(PcmSink sink, BooleanSupplier stop) throws Exception {
                sink.accept(new float[160], 0, 160);
                throw new SourceLostException("the stream from 10.0.0.9 closed");
            }
        };
        PcmSource broken = new PcmSource() {
            @Override
            public String description() {
                return "net: nowhere";
            }

            @Override
            public void run(PcmSink sink, BooleanSupplier stop) {
                throw new IllegalStateException("cannot resolve nowhere");
            }
        };
        try (AudioCapture capture = new AudioCapture(new RecordingBus())) {
            AudioState a = capture.start(AudioSource.of(lost), new AudioPipe(10, AudioPipe.Overflow.DROP_OLDEST)).get(5, TimeUnit.SECONDS);
            assertEquals(AudioState.State.LOST, a.state());
            assertEquals("the stream from 10.0.0.9 closed", a.detail());
            capture.awaitEnd(2_000);
            AudioState b = capture.start(AudioSource.of(broken), new AudioPipe(10, AudioPipe.Overflow.DROP_OLDEST)).get(5, TimeUnit.SECONDS);
            assertEquals(AudioState.State.FAILED, b.state());
            assertNotNull(b.detail());
            assertEquals("cannot resolve nowhere", b.detail());
        }
    }
}
