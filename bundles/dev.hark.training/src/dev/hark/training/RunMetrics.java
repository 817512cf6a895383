package dev.hark.training;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.hark.core.runs.Downsampler;
import dev.hark.protocol.ProtocolException;
import dev.hark.protocol.ProtocolJson;
import dev.hark.protocol.runs.MetricLine;
import dev.hark.protocol.runs.ScalarSeries;
import dev.hark.protocol.training.TrainingProgress;
import dev.hark.protocol.training.ValidationResult;

/**
 * A run's metric history, {@code metrics.jsonl} in its folder: one {@link MetricLine} per value as it arrives (every
 * progress message's loss and learning rate, every validation's loss, CER and WER at the step it followed), flushed line
 * by line so that a server restart loses nothing written. Reading: {@link #summary} (tags, points, last step; read
 * incrementally from where the last call stopped) and {@link #series} (one tag, downsampled with {@link Downsampler}).
 */
final class RunMetrics {

    static final String FILE = "metrics.jsonl";

    private RunMetrics() {
    }

    /** Appends a run's values; used by the worker's output thread only. */
    static final class Writer implements AutoCloseable {
        private final BufferedWriter out;
        private final java.util.function.Consumer<MetricLine> written;
        private long lastStep;

        /** @param written hears each line once it is written (the run's listeners) */
        Writer(Path folder, java.util.function.Consumer<MetricLine> written) throws IOException {
            this.written = written;
            out = Files.newBufferedWriter(folder.resolve(FILE), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
        }

        void progress(TrainingProgress p) {
            lastStep = p.step();
            double now = now();
            write(MetricLine.LOSS, p.step(), now, p.loss());
            write(MetricLine.LEARNING_RATE, p.step(), now, p.learningRate());
        }

        void validation(ValidationResult v) {
            double now = now();
            write(MetricLine.VAL_LOSS, lastStep, now, v.valLoss());
            write(MetricLine.CER, lastStep, now, v.cer());
            write(MetricLine.WER, lastStep, now, v.wer());
        }

        private void write(String tag, long step, double wallTime, Double value) {
            if (value == null || !Double.isFinite(value)) {
                return;
            }
            MetricLine line = new MetricLine(tag, step, wallTime, value);
            try {
                out.write(ProtocolJson.toJson(line));
                out.write('\n');
                out.flush();
            } catch (IOException e) {
                // the history is kept as well as the disk allows; training goes on
            }
            written.accept(line);
        }

        private static double now() {
            Instant t = Instant.now();
            return t.getEpochSecond() + t.getNano() / 1e9;
        }

        @Override
        public void close() {
            try {
                out.close();
            } catch (IOException e) {
                // nothing more to write
            }
        }
    }

    /** Tags in first-seen order with their point counts, and the last step; {@code offset} is where reading stopped. */
    record Summary(long offset, Map<String, Long> counts, long lastStep) {

        static final Summary EMPTY = new Summary(0, Map.of(), -1);

        long points() {
            return counts.values().stream().mapToLong(Long::longValue).sum();
        }

        List<String> tags() {
            return List.copyOf(counts.keySet());
        }
    }

    /** {@code previous} brought up to date with the whole lines written since (a line still being written waits). */
    static Summary summary(Path folder, Summary previous) throws IOException {
        Path file = folder.resolve(FILE);
        if (!Files.isRegularFile(file) || Files.size(file) <= previous.offset()) {
            return previous;
        }
        Map<String, Long> counts = new LinkedHashMap<>(previous.counts());
        long[] last = { previous.lastStep() };
        long offset = readLines(file, previous.offset(), line -> {
            counts.merge(line.tag(), 1L, Long::sum);
            last[0] = Math.max(last[0], line.step());
        });
        return new Summary(offset, counts, last[0]);
    }

    /**
     * One tag's points, at most {@code maxPoints} ({@code <= 0}: all).
     *
     * @throws IllegalArgumentException when the run has no point of that tag
     */
    static ScalarSeries series(Path folder, String runId, String tag, int maxPoints) throws IOException {
        Column column = new Column();
        Path file = folder.resolve(FILE);
        if (Files.isRegularFile(file)) {
            readLines(file, 0, line -> {
                if (line.tag().equals(tag)) {
                    column.add(line);
                }
            });
        }
        if (column.size() == 0) {
            throw new IllegalArgumentException("run " + runId + " has no values of \"" + tag + "\"");
        }
        return new ScalarSeries(runId, tag, Downsampler.downsample(column, maxPoints), column.size());
    }

    private interface LineHandler {
        void accept(MetricLine line);
    }

    /** Reads whole lines from {@code offset}; returns the offset after the last whole line. Unreadable lines are skipped. */
    private static long readLines(Path file, long offset, LineHandler handler) throws IOException {
        try (SeekableByteChannel channel = Files.newByteChannel(file)) {
            channel.position(offset);
            InputStream in = new java.io.BufferedInputStream(Channels.newInputStream(channel), 1 << 16);
            java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream(128);
            long position = offset;
            long end = offset;
            int b;
            while ((b = in.read()) >= 0) {
                position++;
                if (b != '\n') {
                    line.write(b);
                    continue;
                }
                end = position;
                String text = line.toString(StandardCharsets.UTF_8);
                line.reset();
                if (text.isBlank()) {
                    continue;
                }
                try {
                    MetricLine m = ProtocolJson.fromJson(text, MetricLine.class);
                    if (m != null && m.tag() != null) {
                        handler.accept(m);
                    }
                } catch (ProtocolException | RuntimeException e) {
                    // a damaged line: skipped
                }
            }
            return end;
        }
    }

    /** Growing primitive columns of one tag. */
    private static final class Column implements Downsampler.Column {
        private long[] steps = new long[256];
        private double[] times = new double[256];
        private double[] values = new double[256];
        private int size;

        void add(MetricLine m) {
            if (size == steps.length) {
                int n = size * 2;
                steps = Arrays.copyOf(steps, n);
                times = Arrays.copyOf(times, n);
                values = Arrays.copyOf(values, n);
            }
            steps[size] = m.step();
            times[size] = m.wallTime();
            values[size] = m.value();
            size++;
        }

        @Override
        public int size() {
            return size;
        }

        @Override
        public long step(int i) {
            return steps[i];
        }

        @Override
        public double wallTime(int i) {
            return times[i];
        }

        @Override
        public double value(int i) {
            return values[i];
        }
    }
}
