package dev.hark.audio;

import java.nio.file.Path;
import java.util.function.BooleanSupplier;

import dev.hark.core.audio.AudioFiles;
import dev.hark.core.audio.Resampler;
import dev.hark.core.audio.source.PcmSink;

/**
 * An audio file played as if it were a microphone: in 20 ms chunks, paced at real time or as fast as
 * the pipe takes them, resampled to the rate the server wants.
 */
public final class FileSource implements AudioSource {

    static final double CHUNK_SECONDS = 0.02;

    private final Path file;
    private final int outputRate;
    private final boolean realtime;
    private volatile double progressSeconds;
    private volatile double durationSeconds = Double.NaN;

    public FileSource(Path file, int outputRate, boolean realtime) {
        this.file = file;
        this.outputRate = outputRate;
        this.realtime = realtime;
    }

    @Override
    public String description() {
        return "file: " + file.getFileName();
    }

    @Override
    public int outputRate() {
        return outputRate;
    }

    /** A file can wait for a slow server: nothing is dropped, the replay slows down instead. */
    @Override
    public boolean live() {
        return false;
    }

    /** Seconds of the file delivered so far. */
    public double progressSeconds() {
        return progressSeconds;
    }

    /** The file's length in seconds once read, NaN before. */
    public double durationSeconds() {
        return durationSeconds;
    }

    @Override
    public void run(PcmSink sink, BooleanSupplier stop) throws Exception {
        AudioFiles.Mono audio = AudioFiles.read(file);
        durationSeconds = audio.seconds();
        float[] in = audio.samples();
        Resampler resampler = new Resampler(audio.sampleRate(), outputRate);
        int step = (int) Math.round(CHUNK_SECONDS * audio.sampleRate());
        long start = System.nanoTime();
        for (int off = 0; off < in.length && !stop.getAsBoolean(); off += step) {
            int len = Math.min(step, in.length - off);
            float[] chunk = resampler.process(in, off, len);
            boolean last = off + len >= in.length;
            if (last) {
                chunk = concat(chunk, resampler.flush());
            }
            if (realtime) {
                long due = start + (long) ((off + len) * 1e9 / audio.sampleRate());
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
            }
            sink.accept(chunk, 0, chunk.length);
            progressSeconds = (double) (off + len) / audio.sampleRate();
        }
    }

    private static float[] concat(float[] a, float[] b) {
        float[] out = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
