package dev.hark.audio;

import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.DataLine;
import javax.sound.sampled.LineUnavailableException;
import javax.sound.sampled.Mixer;
import javax.sound.sampled.TargetDataLine;

import dev.hark.core.audio.Resampler;
import dev.hark.core.audio.source.PcmSink;

/**
 * Captures from an input device at a rate it supports, downmixes to mono and resamples (anti-aliased)
 * to the rate the server wants.
 * <p>
 * The device is only touched by a {@link LineReader} on its own thread ("hark-audio-line"): once a sound
 * server has gone, Java Sound's calls into ALSA can block for good (PulseAudio's ALSA plugin blocks in
 * {@code available()} after its daemon died) or return nothing forever (after the device was removed). The
 * capture thread only waits on the reader's queue, with timeouts, so whatever the device does it reports a
 * device that gives no audio within {@link #START_LIMIT_NANOS} of opening or {@link #SILENCE_LIMIT_NANOS}
 * mid-stream, and abandons a reader stuck in native code (a daemon thread) instead of hanging with it.
 */
public final class MicrophoneSource implements AudioSource {

    static final double CHUNK_SECONDS = 0.02;
    /** Mid-stream: no audio for this long means the device went away. */
    static final long SILENCE_LIMIT_NANOS = 2_000_000_000L;
    /**
     * Before the first audio: devices may take a while (PulseAudio's null sink delivers its first block after
     * up to its 2 s latency). Shorter, and a working microphone ends at once as "lost".
     */
    static final long START_LIMIT_NANOS = 5_000_000_000L;
    /** Opening a device (connecting to a sound server) that takes longer than this counts as failed. */
    static final long OPEN_LIMIT_NANOS = 5_000_000_000L;
    /** How long a stop waits for the device to close before leaving the reader behind. */
    static final long CLOSE_WAIT_MILLIS = 1_000;
    /** The line's buffer: room for a late capture thread, small enough for low latency. */
    static final double BUFFER_SECONDS = 0.2;
    /** Capture rates to try, after the wanted one: common hardware rates first. */
    static final List<Integer> RATES = List.of(48_000, 44_100, 32_000, 16_000, 22_050, 96_000, 8_000);

    private final InputDevice device;
    private final int outputRate;
    /** Opens the line (tests give a fake device); null: the device's own, through Java Sound. */
    private final LineOpener opener;
    private volatile AudioFormat captureFormat;

    /** @param device the device, or null for the system default */
    public MicrophoneSource(InputDevice device, int outputRate) {
        this(device, outputRate, null);
    }

    MicrophoneSource(InputDevice device, int outputRate, LineOpener opener) {
        this.device = device;
        this.outputRate = outputRate;
        this.opener = opener;
    }

    /** Chooses a format and opens a line in it (on the reader's thread: it may block). */
    interface LineOpener {
        TargetDataLine open() throws Exception;
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
    public void run(PcmSink sink, BooleanSupplier stop) throws Exception {
        LineReader reader = new LineReader(opener != null ? opener : this::openDeviceLine);
        Thread thread = new Thread(reader, "hark-audio-line");
        thread.setDaemon(true);
        thread.start();
        try {
            AudioFormat format = reader.awaitOpen(description());
            captureFormat = format;
            capture(reader, format, sink, stop);
        } finally {
            reader.stop();
            thread.join(CLOSE_WAIT_MILLIS); // a reader stuck in the device is left behind, not waited for
        }
    }

    /** Chooses a format and opens the device's line in it. */
    private TargetDataLine openDeviceLine() throws Exception {
        Mixer mixer;
        try {
            mixer = device == null ? null : AudioSystem.getMixer(device.mixer());
        } catch (IllegalArgumentException e) {
            throw new CaptureException(description() + " is no longer on this machine", e);
        }
        AudioFormat format = chooseFormat(mixer);
        DataLine.Info info = new DataLine.Info(TargetDataLine.class, format);
        try {
            TargetDataLine line = (TargetDataLine) (mixer == null ? AudioSystem.getLine(info) : mixer.getLine(info));
            line.open(format, (int) (format.getSampleRate() * BUFFER_SECONDS) * format.getFrameSize());
            return line;
        } catch (LineUnavailableException | IllegalArgumentException | SecurityException e) {
            throw new CaptureException(description() + " cannot be opened (" + format + "): " + reason(e), e);
        }
    }

    /** The capture thread's loop: waits for the reader's blocks (never on the device), converts and hands them on. */
    private void capture(LineReader reader, AudioFormat format, PcmSink sink, BooleanSupplier stop)
            throws Exception {
        int channels = format.getChannels();
        Resampler resampler = new Resampler(Math.round(format.getSampleRate()), outputRate);
        long lastData = System.nanoTime();
        boolean started = false;
        while (!stop.getAsBoolean()) {
            byte[] block = reader.blocks.poll(50, TimeUnit.MILLISECONDS);
            if (block == null) {
                reader.rethrow(description());
                long limit = started ? SILENCE_LIMIT_NANOS : START_LIMIT_NANOS;
                if (System.nanoTime() - lastData > limit) {
                    throw new SourceLostException(description() + " delivered no audio for " + limit / 1_000_000_000
                            + " s" + (started ? ": unplugged, or its sound server stopped?"
                                    : " after it was opened: suspended, or taken by another program?"));
                }
                continue;
            }
            started = true;
            lastData = System.nanoTime();
            float[] mono = downmix(block, block.length, channels);
            float[] out = resampler.process(mono, 0, mono.length);
            sink.accept(out, 0, out.length);
        }
    }

    /**
     * Owns the line on its own thread: opens it, reads only what it says is available, and queues 20 ms
     * blocks (at most a second of them: the capture thread drains quickly). Whatever fails is kept for the
     * capture thread to report; the line is closed when told to stop (if the device lets it).
     */
    static final class LineReader implements Runnable {
        final BlockingQueue<byte[]> blocks = new ArrayBlockingQueue<>(50);
        private final LineOpener opener;
        private final CountDownLatch opened = new CountDownLatch(1);
        private volatile AudioFormat format;
        private volatile Throwable failure;
        private volatile boolean stopped;

        LineReader(LineOpener opener) {
            this.opener = opener;
        }

        @Override
        public void run() {
            TargetDataLine line = null;
            try {
                line = opener.open();
                format = line.getFormat();
                opened.countDown();
                int frames = (int) Math.round(format.getSampleRate() * CHUNK_SECONDS);
                byte[] buffer = new byte[frames * format.getFrameSize()];
                line.start();
                while (!stopped) {
                    if (!line.isOpen()) {
                        throw new SourceLostException("the system closed the device");
                    }
                    int read = line.available() < buffer.length ? 0 : line.read(buffer, 0, buffer.length);
                    if (read <= 0) {
                        Thread.sleep(5);
                        continue;
                    }
                    byte[] block = java.util.Arrays.copyOf(buffer, read);
                    if (!blocks.offer(block)) {
                        blocks.poll();
                        blocks.offer(block);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (Throwable e) { // LinkageError included: the capture thread must learn why, whatever it is
                failure = e;
            } finally {
                opened.countDown();
                if (line != null) {
                    line.stop();
                    line.close();
                }
            }
        }

        /** The line's format once open; the opening's failure; or lost when opening takes too long. */
        AudioFormat awaitOpen(String prefix) throws Exception {
            if (!opened.await(OPEN_LIMIT_NANOS, TimeUnit.NANOSECONDS)) {
                throw new SourceLostException(prefix + " did not open within " + OPEN_LIMIT_NANOS / 1_000_000_000
                        + " s: is its sound server hanging?");
            }
            rethrow(prefix);
            if (format == null) {
                throw new CaptureException(prefix + " did not open");
            }
            return format;
        }

        /** Throws what the reader failed with, if it failed; {@code prefix} names the device for people ("microphone: default"). */
        void rethrow(String prefix) throws Exception {
            Throwable f = failure;
            if (f == null) {
                return;
            }
            if (f instanceof CaptureException e) {
                throw e;
            }
            String why = prefix + ": " + reason(f);
            if (f instanceof SourceLostException) {
                throw new SourceLostException(why);
            }
            throw new CaptureException(why, f);
        }

        void stop() {
            stopped = true;
        }
    }

    private static String reason(Throwable e) {
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
