package dev.hark.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import dev.hark.core.audio.AudioFiles;
import dev.hark.core.audio.BadAudioException;

/**
 * Test speech made on the spot with Debian's flite and espeak-ng (no recording or model can be
 * downloaded here). Fails loudly when a synthesizer is missing: tests never skip silently.
 */
public final class Speech {

    private Speech() {
    }

    /** flite's voice {@code voice} (slt, rms, awb, kal, ...) saying {@code text}. */
    public static AudioFiles.Mono flite(String text, String voice) throws IOException {
        Path wav = Files.createTempFile("hark-flite-", ".wav");
        try {
            run(List.of("flite", "-voice", voice, "-t", text, "-o", wav.toString()));
            return AudioFiles.read(wav);
        } catch (BadAudioException e) {
            throw new IOException("flite wrote an unreadable file: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(wav);
        }
    }

    /** espeak-ng's voice (e.g. "en-us+m3") at {@code wordsPerMinute} saying {@code text}. */
    public static AudioFiles.Mono espeak(String text, String voice, int wordsPerMinute) throws IOException {
        Path wav = Files.createTempFile("hark-espeak-", ".wav");
        try {
            run(List.of("espeak-ng", "-v", voice, "-s", Integer.toString(wordsPerMinute), "-w", wav.toString(), text));
            return AudioFiles.read(wav);
        } catch (BadAudioException e) {
            throw new IOException("espeak-ng wrote an unreadable file: " + e.getMessage(), e);
        } finally {
            Files.deleteIfExists(wav);
        }
    }

    /** Writes mono samples as a 16-bit PCM WAV file. */
    public static Path writeWav(Path file, float[] samples, int rate) throws IOException {
        byte[] pcm = dev.hark.core.audio.PcmDecoder.encode(samples, dev.hark.core.audio.PcmFormat.I16);
        javax.sound.sampled.AudioFormat format = new javax.sound.sampled.AudioFormat(rate, 16, 1, true, false);
        try (var in = new javax.sound.sampled.AudioInputStream(new java.io.ByteArrayInputStream(pcm), format, samples.length)) {
            javax.sound.sampled.AudioSystem.write(in, javax.sound.sampled.AudioFileFormat.Type.WAVE, file.toFile());
        }
        return file;
    }

    /** {@code seconds} of silence at {@code rate}. */
    public static float[] silence(double seconds, int rate) {
        return new float[(int) Math.round(seconds * rate)];
    }

    /** The pieces one after another (all at the same rate). */
    public static float[] concat(float[]... parts) {
        int n = 0;
        for (float[] p : parts) {
            n += p.length;
        }
        float[] out = new float[n];
        int at = 0;
        for (float[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    private static void run(List<String> command) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException(command.get(0) + " is not installed: run the tests through ./run-tests, which installs it ("
                    + e.getMessage() + ")", e);
        }
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException(command.get(0) + " timed out");
            }
            if (p.exitValue() != 0) {
                throw new IOException(command + " failed: " + new String(out, StandardCharsets.UTF_8));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
