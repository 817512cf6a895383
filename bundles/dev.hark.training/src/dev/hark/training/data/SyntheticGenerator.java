package dev.hark.training.data;

import dev.hark.training.dataset.DatasetLayout;
import dev.hark.training.dataset.DatasetReader;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;

import dev.hark.core.audio.AudioFiles;
import dev.hark.core.audio.BadAudioException;
import dev.hark.core.audio.Resampler;
import dev.hark.protocol.JsonMessages;

import org.apache.commons.io.FileUtils;

/**
 * Builds a synthetic speech dataset offline with espeak-ng and flite: many voices, speeds and pitches saying
 * digit strings, commands or sentences. The result is a {@link DatasetLayout#MANIFEST manifest} dataset of
 * 16 kHz mono WAV files, written to a temporary folder and moved into place when complete.
 *
 * <p>A clip whose synthesis fails is counted and skipped; the run fails only when most of them fail (e.g. a
 * synthesizer is not installed).
 */
public final class SyntheticGenerator {

    public static final int SAMPLE_RATE = 16_000;

    /**
     * What to generate.
     *
     * @param kind        digits, commands or sentences
     * @param count       number of clips
     * @param seed        random seed (texts, voices, speeds, pitches)
     * @param voices      the voices to draw from; empty means {@link SyntheticVoice#all()}
     * @param parallelism synthesizer processes at once
     */
    public record Options(SyntheticTexts kind, int count, long seed, List<SyntheticVoice> voices, int parallelism) {
        public Options {
            Objects.requireNonNull(kind, "kind");
            if (count < 1 || count > 1_000_000) {
                throw new IllegalArgumentException("count must be 1..1000000, got " + count);
            }
            voices = voices == null || voices.isEmpty() ? SyntheticVoice.all() : List.copyOf(voices);
            parallelism = Math.max(1, Math.min(parallelism, 16));
        }

        public static Options of(SyntheticTexts kind, int count) {
            return new Options(kind, count, 42, List.of(), 2);
        }
    }

    /** What a run produced. */
    public record Result(Path folder, int clips, int failed, double seconds, List<String> problems) {
    }

    private SyntheticGenerator() {
    }

    /**
     * Generates the dataset into {@code target} (which must not exist yet).
     *
     * @param progress called with the number of clips done so far (from generator threads)
     */
    public static Result generate(Path target, Options options, IntConsumer progress) throws IOException, InterruptedException {
        if (Files.exists(target)) {
            throw new IOException("dataset folder " + target + " already exists");
        }
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path work = Files.createTempDirectory(parent, "." + target.getFileName() + ".generating-");
        try {
            Result r = generateInto(work, options, progress);
            Files.move(work, target, StandardCopyOption.ATOMIC_MOVE);
            return new Result(target, r.clips, r.failed, r.seconds, r.problems);
        } finally {
            if (Files.exists(work)) {
                FileUtils.deleteDirectory(work.toFile());
            }
        }
    }

    private record Clip(int index, String text, SyntheticVoice voice, int speed, int pitch, double gain, double lead, double trail) {
        String speaker() {
            return voice.id() + "@s" + speed + "p" + pitch;
        }
    }

    private record Made(Clip clip, String file, double seconds, String problem) {
    }

    private static Result generateInto(Path work, Options options, IntConsumer progress) throws IOException, InterruptedException {
        Path wavs = Files.createDirectories(work.resolve("wavs"));
        Random random = new Random(options.seed());
        List<Clip> clips = new ArrayList<>();
        List<List<SyntheticVoice>> bySynthesizer = new ArrayList<>(options.voices().stream()
                .collect(java.util.stream.Collectors.groupingBy(SyntheticVoice::synthesizer, java.util.TreeMap::new,
                        java.util.stream.Collectors.toList()))
                .values());
        for (int i = 0; i < options.count(); i++) {
            // each synthesizer gets an equal share, however many voices it has
            List<SyntheticVoice> pool = bySynthesizer.get(random.nextInt(bySynthesizer.size()));
            SyntheticVoice voice = pool.get(random.nextInt(pool.size()));
            // speed: espeak words per minute, flite duration stretch in percent; pitch: espeak 0-99, flite mean f0 in Hz
            int speed = voice.synthesizer().equals(SyntheticVoice.ESPEAK) ? 130 + random.nextInt(91) : 80 + random.nextInt(51);
            int pitch = voice.synthesizer().equals(SyntheticVoice.ESPEAK) ? 25 + random.nextInt(51) : 80 + random.nextInt(121);
            clips.add(new Clip(i, options.kind().next(random), voice, speed, pitch, 0.25 + 0.65 * random.nextDouble(),
                    0.1 + 0.3 * random.nextDouble(), 0.1 + 0.4 * random.nextDouble()));
        }
        ExecutorService pool = Executors.newFixedThreadPool(options.parallelism(), r -> {
            Thread t = new Thread(r, "hark-dataset-generator");
            t.setDaemon(true);
            return t;
        });
        AtomicInteger done = new AtomicInteger();
        List<Future<Made>> futures = new ArrayList<>();
        try {
            for (Clip clip : clips) {
                futures.add(pool.submit(() -> {
                    Made m = make(wavs, clip);
                    progress.accept(done.incrementAndGet());
                    return m;
                }));
            }
            List<String> problems = new ArrayList<>();
            int failed = 0;
            double seconds = 0;
            try (Writer manifest = Files.newBufferedWriter(work.resolve(DatasetReader.MANIFEST_FILE), StandardCharsets.UTF_8)) {
                for (Future<Made> f : futures) {
                    Made m;
                    try {
                        m = f.get();
                    } catch (java.util.concurrent.ExecutionException e) {
                        m = new Made(null, null, 0, String.valueOf(e.getCause()));
                    }
                    if (m.problem != null) {
                        failed++;
                        if (problems.size() < 20) {
                            problems.add(m.problem);
                        }
                        continue;
                    }
                    JsonObject line = new JsonObject();
                    line.addProperty("audio", "wavs/" + m.file);
                    line.addProperty("text", m.clip.text);
                    line.addProperty("duration", Math.round(m.seconds * 1000) / 1000.0);
                    line.addProperty("speaker", m.clip.speaker());
                    line.addProperty("voice", m.clip.voice.id());
                    manifest.write(JsonMessages.GSON.toJson(line));
                    manifest.write('\n');
                    seconds += m.seconds;
                }
            }
            if (failed * 2 > options.count()) {
                throw new IOException(failed + " of " + options.count() + " clips failed to synthesize; first problem: "
                        + (problems.isEmpty() ? "?" : problems.get(0)));
            }
            JsonObject info = new JsonObject();
            info.addProperty("generator", "hark");
            info.addProperty("kind", options.kind().id());
            info.addProperty("count", options.count());
            info.addProperty("clips", options.count() - failed);
            info.addProperty("failed", failed);
            info.addProperty("seed", options.seed());
            info.addProperty("seconds", Math.round(seconds * 10) / 10.0);
            info.addProperty("sample_rate", SAMPLE_RATE);
            JsonArray voices = new JsonArray();
            options.voices().forEach(v -> voices.add(v.id()));
            info.add("voices", voices);
            Files.writeString(work.resolve("generator.json"), JsonMessages.GSON.toJson(info));
            return new Result(work, options.count() - failed, failed, seconds, problems);
        } finally {
            pool.shutdownNow();
            pool.awaitTermination(30, TimeUnit.SECONDS);
        }
    }

    private static Made make(Path wavs, Clip clip) {
        String file = String.format(Locale.ROOT, "%06d.wav", clip.index);
        Path raw = wavs.resolve(file + ".raw.wav");
        try {
            List<String> command = new ArrayList<>();
            if (clip.voice.synthesizer().equals(SyntheticVoice.ESPEAK)) {
                command.addAll(List.of("espeak-ng", "-v", clip.voice.voice(), "-s", Integer.toString(clip.speed), "-p",
                        Integer.toString(clip.pitch), "-w", raw.toString(), clip.text));
            } else {
                command.addAll(List.of("flite", "-voice", clip.voice.voice(), "--setf",
                        "duration_stretch=" + (clip.speed / 100.0), "--setf", "int_f0_target_mean=" + clip.pitch, "-t", clip.text,
                        "-o", raw.toString()));
            }
            run(command);
            AudioFiles.Mono audio = AudioFiles.read(raw);
            float[] samples = audio.samples();
            if (audio.sampleRate() != SAMPLE_RATE) {
                Resampler r = new Resampler(audio.sampleRate(), SAMPLE_RATE);
                float[] head = r.process(samples, 0, samples.length);
                float[] tail = r.flush();
                samples = new float[head.length + tail.length];
                System.arraycopy(head, 0, samples, 0, head.length);
                System.arraycopy(tail, 0, samples, head.length, tail.length);
            }
            float peak = 0;
            for (float s : samples) {
                peak = Math.max(peak, Math.abs(s));
            }
            if (peak < 1e-4f) {
                return new Made(clip, null, 0, file + ": " + clip.voice + " produced silence");
            }
            int lead = (int) (clip.lead * SAMPLE_RATE);
            int trail = (int) (clip.trail * SAMPLE_RATE);
            short[] pcm = new short[lead + samples.length + trail];
            double scale = clip.gain / peak;
            for (int i = 0; i < samples.length; i++) {
                pcm[lead + i] = (short) Math.max(-32768, Math.min(32767, Math.round(samples[i] * scale * 32767)));
            }
            writeWav(wavs.resolve(file), pcm);
            return new Made(clip, file, (double) pcm.length / SAMPLE_RATE, null);
        } catch (IOException | BadAudioException | RuntimeException e) {
            return new Made(clip, null, 0, file + " (" + clip.voice + "): " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Made(clip, null, 0, file + ": interrupted");
        } finally {
            try {
                Files.deleteIfExists(raw);
            } catch (IOException e) {
                // a leftover temporary file is harmless
            }
        }
    }

    /** Writes 16-bit mono PCM at {@link #SAMPLE_RATE} as a WAV file. */
    public static void writeWav(Path file, short[] pcm) throws IOException {
        byte[] bytes = new byte[pcm.length * 2];
        for (int i = 0; i < pcm.length; i++) {
            bytes[2 * i] = (byte) pcm[i];
            bytes[2 * i + 1] = (byte) (pcm[i] >> 8);
        }
        AudioFormat format = new AudioFormat(SAMPLE_RATE, 16, 1, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(bytes), format, pcm.length)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }

    private static void run(List<String> command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException(command.get(0) + " is not installed (Debian: apt-get install espeak-ng flite)", e);
        }
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                throw new IOException(command.get(0) + " timed out");
            }
            if (p.exitValue() != 0) {
                throw new IOException(command.get(0) + " exited with " + p.exitValue() + ": "
                        + new String(out, StandardCharsets.UTF_8).strip());
            }
        } finally {
            p.destroyForcibly();
        }
    }

}
