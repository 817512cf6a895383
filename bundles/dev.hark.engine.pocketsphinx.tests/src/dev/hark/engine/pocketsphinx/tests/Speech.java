package dev.hark.engine.pocketsphinx.tests;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test speech, synthesized on the spot with Debian's text-to-speech programs and converted by sox to what the
 * engine takes: 16 kHz mono samples in [-1, 1]. A missing program fails the test with the package to install.
 */
final class Speech {

    static final int SAMPLE_RATE = 16_000;

    private Speech() {
    }

    /** Speech by flite's most natural voice, "slt". */
    static float[] flite(String text) {
        return synthesize("flite", List.of("flite", "-voice", "slt", "-t", text, "-o"));
    }

    /** Speech by espeak-ng at its default speed, e.g. voice {@code en-us} or {@code en-us+m3}. */
    static float[] espeak(String voice, String text) {
        return synthesize("espeak-ng", List.of("espeak-ng", "-v", voice, text, "-w"));
    }

    /**
     * A clip as a person would say it to a recognizer: with a little silence before and after. Pocketsphinx's
     * voice activity detector needs the silence after to end the utterance; without it, the end of the clip
     * is decoded by finish() alone (and "nine oh five" gained an inserted "one").
     */
    static float[] utterance(float[] clip) {
        return concat(List.of(silence(0.3), clip, silence(0.5)));
    }

    static float[] silence(double seconds) {
        return new float[(int) Math.round(seconds * SAMPLE_RATE)];
    }

    static float[] concat(List<float[]> parts) {
        int length = parts.stream().mapToInt(p -> p.length).sum();
        float[] all = new float[length];
        int offset = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, all, offset, part.length);
            offset += part.length;
        }
        return all;
    }

    static double seconds(int samples) {
        return (double) samples / SAMPLE_RATE;
    }

    /** Runs {@code command} followed by a WAV file name, then converts that file to samples. */
    private static float[] synthesize(String program, List<String> command) {
        Path dir = null;
        try {
            dir = Files.createTempDirectory("hark-speech-");
            Path wav = dir.resolve("speech.wav");
            Path raw = dir.resolve("speech.raw");
            List<String> synth = new ArrayList<>(command);
            synth.add(wav.toString());
            run(program, synth);
            // whatever rate and channels the voice has (flite 16 kHz, espeak-ng 22.05 kHz): 16 kHz mono int16 LE
            run("sox", List.of("sox", wav.toString(), "-t", "raw", "-r", Integer.toString(SAMPLE_RATE), "-c", "1",
                    "-e", "signed-integer", "-b", "16", "-L", raw.toString()));
            ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(raw)).order(ByteOrder.LITTLE_ENDIAN);
            float[] samples = new float[bytes.remaining() / 2];
            for (int i = 0; i < samples.length; i++) {
                samples[i] = bytes.getShort() / 32768f;
            }
            if (samples.length == 0) {
                throw new AssertionError(program + " produced no audio for " + command);
            }
            return samples;
        } catch (IOException e) {
            throw new AssertionError("speech synthesis failed: " + e, e);
        } finally {
            deleteTree(dir);
        }
    }

    private static void run(String program, List<String> command) throws IOException {
        Process process;
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(program + " is needed to synthesize test speech but cannot be run (" + e.getMessage()
                    + "); install it with: apt-get install " + program, e);
        }
        try {
            process.getOutputStream().close();
            String output = new String(process.getInputStream().readAllBytes());
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new AssertionError(program + " did not finish within 60 s: " + command);
            }
            if (process.exitValue() != 0) {
                throw new AssertionError(program + " failed with exit code " + process.exitValue() + ": " + command
                        + "\n" + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + program, e);
        }
    }

    private static void deleteTree(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // temporary files only
        }
    }
}
