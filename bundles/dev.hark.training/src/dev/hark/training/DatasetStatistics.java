package dev.hark.training;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

import dev.hark.training.dataset.DatasetEntry;
import dev.hark.training.dataset.DatasetLayout;
import dev.hark.training.dataset.DatasetReader;

/** Files, bytes, seconds and unreadable entries of dataset folders, cached until a folder's transcript list changes. */
final class DatasetStatistics {

    /** What {@link #of(Path)} found. */
    record Stats(long signature, int files, long bytes, double seconds, int corrupt, int skipped, List<String> problems,
            DatasetLayout layout) {
    }

    private final Map<Path, Stats> cache = new ConcurrentHashMap<>();

    Stats of(Path dir) throws IOException {
        long signature = signature(dir);
        Stats cached = cache.get(dir);
        if (cached != null && cached.signature == signature) {
            return cached;
        }
        DatasetReader.Contents c = DatasetReader.read(dir);
        long bytes = 0;
        double seconds = 0;
        int corrupt = 0;
        List<String> problems = new ArrayList<>(c.problems());
        for (DatasetEntry e : c.entries()) {
            try {
                bytes += Files.size(e.audio());
                double d = e.duration();
                if (!Double.isFinite(d)) {
                    AudioFileFormat f = AudioSystem.getAudioFileFormat(e.audio().toFile());
                    d = f.getFrameLength() / f.getFormat().getFrameRate();
                    if (!(d > 0) || !Double.isFinite(d)) {
                        throw new IOException("no duration in its header");
                    }
                }
                seconds += d;
            } catch (IOException | UnsupportedAudioFileException | RuntimeException ex) {
                corrupt++;
                if (problems.size() < 50) {
                    problems.add(e.id() + ": unreadable audio (" + ex.getMessage() + ")");
                }
            }
        }
        Stats s = new Stats(signature, c.entries().size() - corrupt, bytes, seconds, corrupt, c.skipped(), problems, c.layout());
        cache.put(dir, s);
        return s;
    }

    void forget(Path dir) {
        cache.remove(dir);
    }

    private static long signature(Path dir) throws IOException {
        long sig = 17;
        try (Stream<Path> walk = Files.walk(dir, 3)) {
            for (Path p : walk.filter(f -> {
                String n = f.getFileName().toString();
                return n.endsWith(".jsonl") || n.equals("metadata.csv") || n.equals("transcript_utf8.txt");
            }).toList()) {
                sig = sig * 31 + Files.getLastModifiedTime(p).toMillis() * 7 + Files.size(p);
            }
        }
        return sig;
    }
}
