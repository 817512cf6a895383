package dev.hark.core.audio;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Decodes what Java Sound cannot read (FLAC, MP3, M4A/AAC, OGG/Vorbis/Opus, ...) with Debian's {@code ffmpeg}, run as a
 * decoder process with limits: at most {@link #MAX_AT_ONCE} at a time (others wait up to the time limit for a slot),
 * {@code hark.audio.ffmpeg.timeoutSeconds} (120) of wall time, then the process is killed, and at most
 * {@link #MAX_SECONDS} of output ({@code -t}) and {@link #MAX_OUTPUT_BYTES} ({@code -fs}). It writes a 16-bit mono WAV
 * into a temporary folder that {@link AudioFiles} reads back; no thread is started (the caller waits).
 *
 * <p>A plain {@link ProcessBuilder}, not {@code dev.hark.process.ChildProcess}: {@code core} sits below {@code process}
 * in the bundle graph, and a decoder with no output pumps needs none of its machinery. {@code -Dhark.ffmpeg=PATH}
 * names the executable (default: {@code ffmpeg} on the {@code PATH}).
 */
public final class FfmpegDecoder {

    public static final int MAX_AT_ONCE = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
    public static final int MAX_SECONDS = 4 * 3600;
    public static final long MAX_OUTPUT_BYTES = 2L * MAX_SECONDS * 48_000 + 4096;

    private static final Semaphore SLOTS = new Semaphore(MAX_AT_ONCE, true);

    private FfmpegDecoder() {
    }

    /** The ffmpeg executable, if one is installed. */
    public static java.util.Optional<Path> executable() {
        String configured = System.getProperty("hark.ffmpeg");
        if (configured != null && !configured.isBlank()) {
            Path p = Path.of(configured);
            return Files.isExecutable(p) ? java.util.Optional.of(p) : java.util.Optional.empty();
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return java.util.Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (!dir.isEmpty()) {
                Path p = Path.of(dir, "ffmpeg");
                if (Files.isExecutable(p)) {
                    return java.util.Optional.of(p);
                }
            }
        }
        return java.util.Optional.empty();
    }

    static long timeoutSeconds() {
        return Long.getLong("hark.audio.ffmpeg.timeoutSeconds", 120);
    }

    /** Decodes a whole stream (copied to a temporary file first: ffmpeg probes by seeking). */
    static AudioFiles.Mono decode(InputStream input, String name) throws IOException, BadAudioException {
        Path ffmpeg = executable().orElseThrow(() -> new BadAudioException(name
                + " is not an audio file Hark can read: WAV, AIFF and AU are read directly; FLAC, MP3, M4A and OGG need ffmpeg,"
                + " which is not installed on this machine"));
        Path dir = Files.createTempDirectory("hark-decode-");
        try {
            Path in = dir.resolve("input");
            Files.copy(input, in, StandardCopyOption.REPLACE_EXISTING);
            return decode(ffmpeg, in, dir, name);
        } finally {
            deleteTree(dir);
        }
    }

    private static AudioFiles.Mono decode(Path ffmpeg, Path in, Path dir, String name) throws IOException, BadAudioException {
        long timeout = timeoutSeconds();
        try {
            if (!SLOTS.tryAcquire(timeout, TimeUnit.SECONDS)) {
                throw new IOException("too many audio files are being decoded at once (" + MAX_AT_ONCE + "); try again");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting to decode " + name, e);
        }
        try {
            Path out = dir.resolve("decoded.wav");
            Path err = dir.resolve("ffmpeg.log");
            ProcessBuilder pb = new ProcessBuilder(List.of(ffmpeg.toString(), "-nostdin", "-hide_banner", "-loglevel", "error",
                    "-i", in.toString(), "-map", "0:a:0", "-vn", "-ac", "1", "-c:a", "pcm_s16le", "-map_metadata", "-1",
                    "-fflags", "+bitexact", "-flags:a", "+bitexact", "-t", Integer.toString(MAX_SECONDS), "-fs",
                    Long.toString(MAX_OUTPUT_BYTES), "-f", "wav", "-y", out.toString()))
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(err.toFile());
            Process p = pb.start();
            boolean done;
            try {
                done = p.waitFor(timeout, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                kill(p);
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while decoding " + name, e);
            }
            if (!done) {
                kill(p);
                throw new BadAudioException(name + ": decoding took longer than " + timeout + " s; stopped");
            }
            if (p.exitValue() != 0 || !Files.isRegularFile(out) || Files.size(out) <= 44) {
                throw new BadAudioException(name + " is not an audio file Hark can read (WAV, AIFF and AU directly; FLAC, MP3, M4A, OGG"
                        + " and more through ffmpeg, which says: " + firstLine(err).replace(in.toString() + ": ", "") + ")");
            }
            if (Files.size(out) >= MAX_OUTPUT_BYTES) {
                throw new BadAudioException(name + " is longer than Hark decodes (" + MAX_SECONDS / 3600 + " hours)");
            }
            try (InputStream wav = Files.newInputStream(out)) {
                return AudioFiles.readJavaSound(wav, name);
            }
        } finally {
            SLOTS.release();
        }
    }

    private static void kill(Process p) {
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String firstLine(Path log) {
        try {
            String text = Files.readString(log, StandardCharsets.UTF_8).strip();
            String line = text.isEmpty() ? "no message" : text.lines().filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse(text);
            return line.length() > 200 ? line.substring(0, 200) + "..." : line;
        } catch (IOException | RuntimeException e) {
            return "no message";
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }
}
