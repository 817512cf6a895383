package dev.hark.bench.runs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.hark.bench.common.Report;
import dev.hark.bench.common.Stats;
import dev.hark.protocol.runs.RunInfo;
import dev.hark.protocol.runs.ScalarSeries;
import dev.hark.tensorboard.TensorBoardLogDir;

/**
 * What the Runs view costs for a small and a huge run, side by side: the first read of a run (all records
 * parsed), a refresh that finds 1,000 new points, the series call the chart makes on every redraw (downsampled
 * to 2,000 points, two per pixel of a wide chart) and the heap the run holds. Arguments: LOGDIR with runs
 * {@code small} (1,000 points) and {@code big} (1,000,000 points), written by tensorboardX (bench/runs.sh).
 */
public final class RunsBench {

    private RunsBench() {
    }

    public static void main(String[] args) throws Exception {
        Path logs = Path.of(args[0]);
        Path out = args.length > 1 ? Path.of(args[1]) : null;
        int reps = 15;
        Report report = new Report();
        report.print("| run | points | first read (ms) | refresh +1,000 points (ms) | downsample after new points (ms) | redraw, p50 (ms) | points drawn | heap held (MB) |");
        report.print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        new TensorBoardLogDir(logs.resolve("extra")).runs();   // warm-up: class loading and JIT of the reader
        List<double[]> rows = new ArrayList<>();
        for (String run : new String[] { "small", "big" }) {
            Path folder = logs.resolve(run);
            System.gc();
            long heapBefore = usedHeap();
            long t0 = System.nanoTime();
            TensorBoardLogDir source = new TensorBoardLogDir(folder);
            RunInfo info = source.runs().get(0);
            double firstRead = (System.nanoTime() - t0) / 1e6;
            System.gc();
            long held = usedHeap() - heapBefore;
            Path extra = Files.list(logs.resolve("extra")).filter(p -> p.toString().contains("tfevents")).findFirst().orElseThrow();
            byte[] records = extraRecords(extra);
            Path file = Files.list(folder).filter(p -> p.toString().contains("tfevents")).findFirst().orElseThrow();
            Files.write(file, records, StandardOpenOption.APPEND);
            long t1 = System.nanoTime();
            RunInfo after = source.runs().get(0);
            double refresh = (System.nanoTime() - t1) / 1e6;
            if (after.points() != info.points() + 1000) {
                throw new IllegalStateException("refresh read " + (after.points() - info.points()) + " new points, not 1000");
            }
            double[] series = new double[reps];
            int drawn = 0;
            for (int i = 0; i < reps; i++) {
                long t = System.nanoTime();
                ScalarSeries s = source.series(info.id(), "loss", 2000);
                series[i] = (System.nanoTime() - t) / 1e6;
                drawn = s.points().size();
            }
            double downsample = series[0];   // the first call after the refresh downsamples; later ones are cached
            double[] redraws = java.util.Arrays.copyOfRange(series, 1, reps);
            java.util.Arrays.sort(redraws);
            double p50 = Stats.percentile(redraws, 50);
            rows.add(new double[] { firstRead, refresh, downsample });
            report.print(String.format(Locale.ROOT, "| %s | %,d | %.0f | %.1f | %.1f | %.3f | %,d | %.1f |", run, after.points(),
                    firstRead, refresh, downsample, p50, drawn, held / 1e6));
            Report.progress(run + " done");
        }
        report.print("");
        report.print(String.format(Locale.ROOT, "Big ÷ small: first read %.0f×, refresh %.1f×, downsample after new points %.0f× (the same number of points is drawn).",
                rows.get(1)[0] / rows.get(0)[0], rows.get(1)[1] / rows.get(0)[1], rows.get(1)[2] / rows.get(0)[2]));
        report.save(out);
    }

    /** The records of the 1,000-point run "extra" without its first record (the file-version event). */
    private static byte[] extraRecords(Path file) throws Exception {
        byte[] all = Files.readAllBytes(file);
        long firstLength = java.nio.ByteBuffer.wrap(all, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
        int skip = (int) (12 + firstLength + 4);
        return java.util.Arrays.copyOfRange(all, skip, all.length);
    }

    private static long usedHeap() {
        Runtime r = Runtime.getRuntime();
        return r.totalMemory() - r.freeMemory();
    }
}
