package dev.hark.bench.common;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/**
 * Test speech synthesized on the spot (nothing can be downloaded): flite voices ({@code flite:slt}, rms, awb, kal)
 * and espeak-ng ({@code espeak:en-us}, 175 words a minute), converted by sox to {@link #RATE} mono float, with the
 * synthesizer's own leading and trailing silence cut off, so that the end of a clip is the end of speech. Clips
 * are cached by voice and text in the folder given.
 */
public final class Speech {

    public static final int RATE = 48_000;
    /** A 10 ms window counts as speech when its RMS exceeds this (-40 dBFS). */
    private static final double SPEECH_RMS = 0.01;

    private final Path cache;

    public Speech(Path cache) throws IOException {
        this.cache = Files.createDirectories(cache);
    }

    /** The samples of {@code text} said by {@code voice} ("flite:NAME" or "espeak:NAME"), speech only. */
    public float[] clip(String voice, String text) throws IOException {
        String key = HexFormat.of().formatHex(sha1(voice + "\n" + text)).substring(0, 16);
        Path raw = cache.resolve(voice.replace(':', '-') + "-" + key + ".f32");
        if (!Files.exists(raw)) {
            Path wav = Files.createTempFile(cache, "tts-", ".wav");
            Path tmp = Files.createTempFile(cache, "raw-", ".f32");
            try {
                String[] v = voice.split(":", 2);
                if (v[0].equals("flite")) {
                    run(List.of("flite", "-voice", v[1], "-t", text, "-o", wav.toString()));
                } else {
                    run(List.of("espeak-ng", "-v", v[1], "-s", "175", "-w", wav.toString(), text));
                }
                run(List.of("sox", wav.toString(), "-t", "raw", "-e", "floating-point", "-b", "32", "-L", "-c", "1",
                        "-r", Integer.toString(RATE), tmp.toString()));
                Files.move(tmp, raw, StandardCopyOption.REPLACE_EXISTING);
            } finally {
                Files.deleteIfExists(wav);
                Files.deleteIfExists(tmp);
            }
        }
        byte[] bytes = Files.readAllBytes(raw);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        float[] samples = new float[bytes.length / 4];
        for (int k = 0; k < samples.length; k++) {
            samples[k] = Math.max(-1f, Math.min(1f, b.getFloat()));
        }
        return trim(samples, voice + " '" + text + "'");
    }

    /** Cuts the clip to its first..last 10 ms window above -40 dBFS. */
    static float[] trim(float[] x, String what) {
        int w = RATE / 100;
        int first = -1;
        int last = -1;
        for (int start = 0; start + w <= x.length; start += w) {
            double sum = 0;
            for (int k = start; k < start + w; k++) {
                sum += x[k] * x[k];
            }
            if (Math.sqrt(sum / w) > SPEECH_RMS) {
                if (first < 0) {
                    first = start;
                }
                last = start + w;
            }
        }
        if (first < 0) {
            throw new IllegalStateException("synthesized clip has no speech: " + what);
        }
        float[] out = new float[last - first];
        System.arraycopy(x, first, out, 0, out.length);
        return out;
    }

    /** Writes {@link #RATE} mono samples as a 16-bit PCM WAV file. */
    public static void writeWav(Path file, float[] samples) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(samples.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (float s : samples) {
            b.putShort((short) Math.round(Math.max(-1f, Math.min(1f, s)) * 32767));
        }
        AudioFormat format = new AudioFormat(RATE, 16, 1, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(b.array()), format, samples.length)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }

    private static byte[] sha1(String s) {
        try {
            return MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void run(List<String> command) throws IOException {
        Process p;
        try {
            p = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException(command.get(0) + " is not installed (apt-get install flite espeak-ng sox): " + e.getMessage(), e);
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
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
