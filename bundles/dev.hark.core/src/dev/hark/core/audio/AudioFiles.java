package dev.hark.core.audio;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

/** Reads audio files (WAV, AIFF, AU with PCM or float samples) into mono float samples. */
public final class AudioFiles {

    /** Mono samples in [-1, 1] at {@code sampleRate} Hz. */
    public record Mono(float[] samples, int sampleRate) {
        public double seconds() {
            return (double) samples.length / sampleRate;
        }
    }

    private AudioFiles() {
    }

    public static Mono read(Path file) throws IOException, BadAudioException {
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.getFileName().toString());
        }
    }

    /**
     * Reads a whole stream. {@code name} appears in error messages.
     *
     * @throws BadAudioException for anything that is not a readable PCM/float WAV, AIFF or AU file
     */
    public static Mono read(InputStream input, String name) throws IOException, BadAudioException {
        AudioInputStream source;
        try {
            source = AudioSystem.getAudioInputStream(new BufferedInputStream(input));
        } catch (UnsupportedAudioFileException e) {
            throw new BadAudioException(name + " is not an audio file Hark can read: use WAV, AIFF or AU with PCM or float samples");
        }
        try (AudioInputStream in = source) {
            AudioFormat f = in.getFormat();
            int channels = f.getChannels();
            int rate = Math.round(f.getSampleRate());
            if (channels < 1 || rate <= 0) {
                throw new BadAudioException(name + ": unusable format " + f);
            }
            AudioFormat floats = new AudioFormat(AudioFormat.Encoding.PCM_FLOAT, f.getSampleRate(), 32, channels, 4 * channels,
                    f.getSampleRate(), false);
            AudioInputStream converted;
            if (f.getEncoding().equals(AudioFormat.Encoding.PCM_FLOAT) && f.getSampleSizeInBits() == 32 && !f.isBigEndian()) {
                converted = in;
            } else if (AudioSystem.isConversionSupported(floats, f)) {
                converted = AudioSystem.getAudioInputStream(floats, in);
            } else {
                throw new BadAudioException(name + ": cannot decode " + f.getEncoding() + " audio; use PCM or float WAV");
            }
            byte[] bytes = converted.readAllBytes();
            int frames = bytes.length / (4 * channels);
            if (frames == 0) {
                throw new BadAudioException(name + " holds no audio");
            }
            ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
            float[] mono = new float[frames];
            for (int i = 0; i < frames; i++) {
                float sum = 0;
                for (int c = 0; c < channels; c++) {
                    sum += buf.getFloat();
                }
                float v = sum / channels;
                if (!Float.isFinite(v)) {
                    throw new BadAudioException(name + " has a non-finite sample at frame " + i);
                }
                mono[i] = Math.max(-1f, Math.min(1f, v));
            }
            return new Mono(mono, rate);
        } catch (IllegalArgumentException e) {
            throw new BadAudioException(name + ": " + e.getMessage());
        }
    }
}
