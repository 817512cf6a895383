package dev.hark.core.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WAV through Java Sound; FLAC, OGG, MP3 and M4A through ffmpeg (a server package, scripts/packages.sh). */
class AudioFilesTest {

    @TempDir
    Path work;

    /** One second of a 440 Hz tone at 22 050 Hz, 16-bit WAV. */
    private Path toneWav() throws Exception {
        int rate = 22_050;
        float[] samples = new float[rate];
        for (int i = 0; i < samples.length; i++) {
            samples[i] = (float) (0.5 * Math.sin(2 * Math.PI * 440 * i / rate));
        }
        byte[] pcm = PcmDecoder.encode(samples, PcmFormat.I16);
        Path wav = work.resolve("tone.wav");
        AudioSystem.write(new AudioInputStream(new ByteArrayInputStream(pcm), new AudioFormat(rate, 16, 1, true, false), samples.length),
                AudioFileFormat.Type.WAVE, wav.toFile());
        return wav;
    }

    @Test
    void compressedFormatsAreDecodedWithFfmpeg() throws Exception {
        Path wav = toneWav();
        AudioFiles.Mono direct = AudioFiles.read(wav);
        assertEquals(22_050, direct.sampleRate());
        for (String ext : List.of("flac", "ogg", "mp3", "m4a")) {
            Path encoded = work.resolve("tone." + ext);
            Process p = new ProcessBuilder("ffmpeg", "-nostdin", "-loglevel", "error", "-i", wav.toString(), "-y", encoded.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.waitFor(), ext + ": " + out);
            AudioFiles.Mono m = AudioFiles.read(encoded);
            assertEquals(22_050, m.sampleRate(), ext);
            assertEquals(1.0, m.seconds(), 0.1, ext + ": lossy codecs may pad a little");
            double rms = 0;
            for (float v : m.samples()) {
                rms += v * v;
            }
            rms = Math.sqrt(rms / m.samples().length);
            assertEquals(0.5 / Math.sqrt(2), rms, 0.05, ext + ": the tone survives");
        }
    }

    @Test
    void undecodableBytesAreABadAudioExceptionNamingTheFile() {
        BadAudioException e = assertThrows(BadAudioException.class,
                () -> AudioFiles.read(new ByteArrayInputStream("ID3 not really audio".getBytes(StandardCharsets.UTF_8)), "notes.mp3"));
        assertTrue(e.getMessage().contains("notes.mp3") && e.getMessage().contains("WAV"), e.getMessage());
        assertTrue(!e.getMessage().contains("hark-decode-"), "no temporary path in the message: " + e.getMessage());
    }
}
