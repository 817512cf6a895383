package dev.hark.audio;

import java.util.List;
import java.util.function.BooleanSupplier;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.TargetDataLine;

import dev.hark.core.audio.AudioPipe;
import dev.hark.core.audio.Resampler;

/**
 * Captures from an input device at a rate it supports, downmixes to mono and resamples (anti-aliased)
 * to the rate the server wants. Reads only what the line has available, so a device that vanishes is
 * noticed within {@link #SILENCE_LIMIT_NANOS} instead of blocking forever.
 */
public final class MicrophoneSource implements AudioSource {

    static final double CHUNK_SECONDS = 0.02;
    static final long SILENCE_LIMIT_NANOS = 2_000_000_000L;
    /** The line's buffer: room for a late capture thread, small enough for low latency. */
    static final double BUFFER_SECONDS = 0.2;
    /** Capture rates to try, after the wanted one: common hardware rates first. */
    static final List<Integer> RATES = List.of(48_000, 44_100, 32_000, 16_000, 22_050, 96_000, 8_000);

    private final InputDevice device;
    private final int outputRate;
    private volatile AudioFormat captureFormat;

    /** @param device the device, or null for the system default */
    public MicrophoneSource(InputDevice device, int outputRate) {
        this.device = device;
        this.outputRate = outputRate;
    }

    @Override
    public String description() {
        return "microphone: " + (device == null ? "default" : device.name());
    }

    @Override
    public int outputRate() {
        return outputRate;
    }

    /** The format the device captures in, once opened. */
    public AudioFormat captureFormat() {
        return captureFormat;
    }

    /** The first 16-bit little-endian PCM format the device takes, mono before stereo, the wanted rate first. */
    AudioFormat chooseFormat(Mixer mixer) throws CaptureException {
        java.util.LinkedHashSet<Integer> rates = new java.util.LinkedHashSet<>();
        rates.add(outputRate);
        rates.addAll(RATES);
        for (int channels : new int[] { 1, 2 }) {
            for (int rate : rates) {
                AudioFormat f = new AudioFormat(rate, 16, channels, true, false);
                DataLine.Info info = new DataLine.Info(TargetDataLine.class, f);
                if (mixer == null ? AudioSystem.isLineSupported(info) : mixer.isLineSupported(info)) {
                    return f;
                }
            }
        }
        if (mixer == null && AudioDevices.list().isEmpty()) {
            throw new CaptureException(description() + ": this machine has no audio capture device"
                    + " (Java Sound sees none; on Linux: ALSA or PulseAudio has no input)");
        }
        throw new CaptureException(description() + " supports no 16-bit PCM capture format");
    }

    @Override
    public void run(AudioPipe pipe, LevelMeter meter, BooleanSupplier stop) throws Exception {
        Mixer mixer;
        try {
            mixer = device == null ? null : AudioSystem.getMixer(device.mixer());
        } catch (IllegalArgumentException e) {
            throw new CaptureException(description() + " is no longer on this machine", e);
        }
        AudioFormat format = chooseFormat(mixer);
        DataLine.Info info = new DataLine.Info(TargetDataLine.class, format);
        TargetDataLine line;
        try {
            line = (TargetDataLine) (mixer == null ? AudioSystem.getLine(info) : mixer.getLine(info));
            int frameBytes = format.getFrameSize();
            line.open(format, (int) (format.getSampleRate() * BUFFER_SECONDS) * frameBytes);
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            throw new CaptureException(description() + " cannot be opened (" + format + "): " + reason(e), e);
        }
        captureFormat = format;
        try {
            capture(line, format, pipe, meter, stop);
        } finally {
            line.stop();
            line.close();
        }
    }

    /**
     * The capture loop. Reads only what the line says it has, so it never blocks; a device that stops
     * delivering is noticed within {@link #SILENCE_LIMIT_NANOS} whatever the line claims. (ALSA's pulse
     * plugin, once its stream is gone, reports a full buffer available while every read returns nothing:
     * the watchdog must not depend on {@code available()}.)
     */
    private void capture(TargetDataLine line, AudioFormat format, AudioPipe pipe, LevelMeter meter, BooleanSupplier stop)
            throws SourceLostException, InterruptedException {
        int channels = format.getChannels();
        int frames = (int) Math.round(format.getSampleRate() * CHUNK_SECONDS);
        byte[] buffer = new byte[frames * format.getFrameSize()];
        Resampler resampler = new Resampler(Math.round(format.getSampleRate()), outputRate);
        line.start();
        long lastData = System.nanoTime();
        while (!stop.getAsBoolean()) {
            if (!line.isOpen()) {
                throw new SourceLostException(description() + " was closed by the system");
            }
            int read = line.available() < buffer.length ? 0 : line.read(buffer, 0, buffer.length);
            if (read <= 0) {
                if (System.nanoTime() - lastData > SILENCE_LIMIT_NANOS) {
                    throw new SourceLostException(description() + " delivered no audio for "
                            + SILENCE_LIMIT_NANOS / 1_000_000_000 + " s: unplugged, or taken by another program?");
                }
                Thread.sleep(5);
                continue;
            }
            lastData = System.nanoTime();
            float[] mono = downmix(buffer, read, channels);
            float[] out = resampler.process(mono, 0, mono.length);
            meter.accept(mono, 0, mono.length);
            pipe.offer(new AudioPipe.Chunk(out, outputRate, lastData, false));
        }
    }

    private static String reason(Exception e) {
        return e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The device cannot be used: none, no usable format, busy or refused. The message says which, for people. */
    public static final class CaptureException extends Exception {
        private static final long serialVersionUID = 1L;

        public CaptureException(String message) {
            super(message);
        }

        public CaptureException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** 16-bit little-endian interleaved frames to mono floats (mean of the channels). */
    static float[] downmix(byte[] pcm, int bytes, int channels) {
        int frames = bytes / (2 * channels);
        float[] out = new float[frames];
        int i = 0;
        for (int f = 0; f < frames; f++) {
            float sum = 0;
            for (int c = 0; c < channels; c++) {
                short s = (short) ((pcm[i] & 0xff) | (pcm[i + 1] << 8));
                sum += s / 32768f;
                i += 2;
            }
            out[f] = sum / channels;
        }
        return out;
    }
}
