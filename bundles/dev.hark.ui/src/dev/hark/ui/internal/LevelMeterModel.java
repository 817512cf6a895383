package dev.hark.ui.internal;

import dev.hark.core.AudioLevel;

/**
 * What the {@link LevelMeter} draws, without a display: the RMS and peak of the last level window in dBFS,
 * a peak hold (the highest recent peak, held {@link #HOLD_MILLIS} then falling {@link #FALL_DB_PER_SECOND}),
 * and clipping, which stays lit {@link #CLIP_MILLIS} after the last clipped window so that a short overload is
 * seen. Times are the caller's milliseconds (tests pass their own). Used on the UI thread only.
 */
public final class LevelMeterModel {

    /** The lowest level shown; below is silence. */
    public static final double FLOOR_DB = -60;
    public static final long HOLD_MILLIS = 1_500;
    public static final double FALL_DB_PER_SECOND = 20;
    public static final long CLIP_MILLIS = 2_000;
    /** A peak at or above this (about -0.01 dBFS) counts as clipping even if no sample reached full scale. */
    public static final double CLIP_PEAK = 0.999;

    private boolean active;
    private double rmsDb = FLOOR_DB;
    private double peakDb = FLOOR_DB;
    private double holdDb = FLOOR_DB;
    private long holdSince;
    private long clipUntil = Long.MIN_VALUE;
    private int clippedSamples;

    /** A new level window arrived at {@code now}. */
    public void update(AudioLevel l, long now) {
        active = true;
        rmsDb = clamp(l.rmsDb());
        peakDb = clamp(l.peak() <= 1e-6 ? -120 : 20 * Math.log10(l.peak()));
        if (peakDb >= holdAt(now)) {
            holdDb = peakDb;
            holdSince = now;
        }
        if (l.clipped() > 0 || l.peak() >= CLIP_PEAK) {
            clipUntil = now + CLIP_MILLIS;
            clippedSamples = l.clipped();
        }
    }

    /** No input (the session ended or its device went): the meter is empty and dark. */
    public void reset() {
        active = false;
        rmsDb = FLOOR_DB;
        peakDb = FLOOR_DB;
        holdDb = FLOOR_DB;
        clipUntil = Long.MIN_VALUE;
        clippedSamples = 0;
    }

    public boolean active() {
        return active;
    }

    public double rmsDb() {
        return rmsDb;
    }

    public double peakDb() {
        return peakDb;
    }

    /** The held peak at {@code now}: held, then falling towards the current peak. */
    public double holdAt(long now) {
        long held = now - holdSince;
        if (held <= HOLD_MILLIS) {
            return holdDb;
        }
        return Math.max(peakDb, holdDb - (held - HOLD_MILLIS) / 1000.0 * FALL_DB_PER_SECOND);
    }

    /** True while the clip light is on. */
    public boolean clipping(long now) {
        return active && now < clipUntil;
    }

    /** Samples at full scale in the last clipped window. */
    public int clippedSamples() {
        return clippedSamples;
    }

    /** The text beside the meter: RMS and peak in dBFS, and clipping, in the UI language. Empty without input. */
    public String describe(long now) {
        if (!active) {
            return "";
        }
        String text = org.eclipse.osgi.util.NLS.bind(Messages.Live_levelText, Math.round(rmsDb), Math.round(peakDb));
        return clipping(now) ? text + " " + org.eclipse.osgi.util.NLS.bind(Messages.Live_clipping, clippedSamples) : text;
    }

    /** Where {@code db} falls on the meter, 0 (floor) to 1 (0 dBFS). */
    public static double fraction(double db) {
        return Math.max(0, Math.min(1, (db - FLOOR_DB) / -FLOOR_DB));
    }

    /** The zone a level is drawn in: green to -18 dBFS, yellow to -6, red above. */
    public enum Zone {
        GOOD, LOUD, HOT
    }

    public static Zone zone(double db) {
        return db < -18 ? Zone.GOOD : db < -6 ? Zone.LOUD : Zone.HOT;
    }

    private static double clamp(double db) {
        return Math.max(FLOOR_DB, Math.min(0, db));
    }
}
