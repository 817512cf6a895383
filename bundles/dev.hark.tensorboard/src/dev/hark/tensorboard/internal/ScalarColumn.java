package dev.hark.tensorboard.internal;

import dev.hark.core.runs.Downsampler;

import java.util.Arrays;

/**
 * One tag's points in primitive arrays (20 bytes a point: step, wall time as float seconds after the first point,
 * value). Bounded: past {@code capacity} points every other point is dropped (the series keeps its shape at half
 * the density; {@link #thinned()} says so) and later points are kept at the same stride. Not thread-safe: its
 * run guards it.
 */
public final class ScalarColumn implements Downsampler.Column {

    private final int capacity;
    private long[] steps = new long[64];
    private float[] wall = new float[64];
    private double[] values = new double[64];
    private int size;
    private double wallOrigin = Double.NaN;
    private long stride = 1;
    private long seen;
    private long dropped;

    public ScalarColumn(int capacity) {
        if (capacity < 16) {
            throw new IllegalArgumentException("capacity " + capacity);
        }
        this.capacity = capacity;
    }

    public void add(long step, double wallTime, double value) {
        long index = seen++;
        if (index % stride != 0) {
            dropped++;
            return;
        }
        if (Double.isNaN(wallOrigin)) {
            wallOrigin = wallTime;
        }
        if (size == capacity) {
            thin();
            if (index % stride != 0) {
                dropped++;
                return;
            }
        }
        if (size == steps.length) {
            int grown = (int) Math.min(capacity, (long) size * 2);
            steps = Arrays.copyOf(steps, grown);
            wall = Arrays.copyOf(wall, grown);
            values = Arrays.copyOf(values, grown);
        }
        steps[size] = step;
        wall[size] = (float) (wallTime - wallOrigin);
        values[size] = value;
        size++;
    }

    private void thin() {
        int kept = 0;
        for (int i = 0; i < size; i += 2) {
            steps[kept] = steps[i];
            wall[kept] = wall[i];
            values[kept] = values[i];
            kept++;
        }
        dropped += size - kept;
        size = kept;
        stride *= 2;
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
        return wallOrigin + wall[i];
    }

    @Override
    public double value(int i) {
        return values[i];
    }

    /** Points logged, kept or not. */
    public long seen() {
        return seen;
    }

    public boolean thinned() {
        return dropped > 0;
    }
}
