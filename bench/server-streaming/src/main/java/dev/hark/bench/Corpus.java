package dev.hark.bench;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Test speech synthesized on the spot (flite voices slt, rms, awb, kal; espeak-ng en-us), converted by sox to
 * 48 kHz mono float, with the synthesizer's own leading and trailing silence cut off, so that the end of a clip
 * is the end of speech. Clips are cached by voice and text.
 */
final class Corpus {

    static final int RATE = 48_000;
    /** A 10 ms window counts as speech when its RMS exceeds this (-40 dBFS). */
    private static final double SPEECH_RMS = 0.01;

    /** A synthesized clip: who said what, and the samples (speech from the first to the last sample). */
    record Clip(String voice, String text, float[] samples) {
        double seconds() {
            return (double) samples.length / RATE;
        }
    }

    /** Where one utterance lies in a stream, in samples at {@link #RATE}. */
    record Utterance(String voice, String text, int speechStart, int speechEnd) {
    }

    /** A stream's audio: leading silence, then each clip followed by a gap of silence. */
    record Stream(float[] samples, List<Utterance> utterances) {
        double seconds() {
            return (double) samples.length / RATE;
        }

        String reference() {
            return String.join(" ", utterances.stream().map(Utterance::text).toList());
        }
    }

    static final List<String> VOICES = List.of("flite:slt", "flite:rms", "flite:awb", "flite:kal", "espeak:en-us");

    static final List<String> SENTENCES = List.of(
            "the weather is nice today",
            "please call me tomorrow morning",
            "i would like a cup of coffee",
            "open the door and turn on the light",
            "we went to the store yesterday",
            "the meeting starts at ten in the morning",
            "can you send me the report before lunch",
            "my brother lives in a small town near the river");

    static final List<String> DIGITS = List.of(
            "nine oh five",
            "four two seven one",
            "three eight six",
            "five five two zero nine",
            "one two three four",
            "seven zero eight",
            "six one nine four two",
            "two eight");

    private final Path cache;

    Corpus(Path cache) throws IOException {
        this.cache = Files.createDirectories(cache);
    }

    /** Every sentence in every voice, voices varying fastest. */
    List<Clip> clips(List<String> texts) throws IOException {
        List<Clip> clips = new ArrayList<>();
        for (String text : texts) {
            for (String voice : VOICES) {
                clips.add(clip(voice, text));
            }
        }
        return clips;
    }

    /**
     * {@code count} clips from {@code clips} starting at {@code first} (wrapping around), each followed by
     * {@code gapSeconds} of silence, after {@code leadSeconds} of silence.
     */
    static Stream stream(List<Clip> clips, int first, int count, double leadSeconds, double gapSeconds) {
        int lead = (int) Math.round(leadSeconds * RATE);
        int gap = (int) Math.round(gapSeconds * RATE);
        int total = lead;
        List<Clip> chosen = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            Clip c = clips.get(Math.floorMod(first + k, clips.size()));
            chosen.add(c);
            total += c.samples().length + gap;
        }
        float[] out = new float[total];
        List<Utterance> utterances = new ArrayList<>();
        int at = lead;
        for (Clip c : chosen) {
            System.arraycopy(c.samples(), 0, out, at, c.samples().length);
            utterances.add(new Utterance(c.voice(), c.text(), at, at + c.samples().length));
            at += c.samples().length + gap;
        }
        return new Stream(out, List.copyOf(utterances));
    }

    Clip clip(String voice, String text) throws IOException {
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
                Files.move(tmp, raw, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
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
        return new Clip(voice, text, trim(samples, voice + " '" + text + "'"));
    }

    /** Cuts the clip to its first..last 10 ms window above {@link #SPEECH_RMS}. */
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

    private static byte[] sha1(String s) {
        try {
            return java.security.MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (java.security.NoSuchAlgorithmException e) {
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
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }
}
