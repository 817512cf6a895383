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

/**
 * Reads audio files into mono float samples: WAV, AIFF and AU (PCM, float, u-law, A-law) with Java Sound; anything
 * else (FLAC, MP3, M4A, OGG, ..., recognized by not starting like one of those) with ffmpeg ({@link FfmpegDecoder}).
 * The server's {@code /api/inference}, the Live view's file input and {@code hark transcribe} share it.
 */
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
     * @throws BadAudioException for anything neither Java Sound nor ffmpeg can decode (or ffmpeg is not installed)
     */
    public static Mono read(InputStream input, String name) throws IOException, BadAudioException {
        byte[] head = input.readNBytes(12);
        InputStream whole = new java.io.SequenceInputStream(new java.io.ByteArrayInputStream(head), input);
        return isJavaSoundContainer(head) ? readJavaSound(whole, name) : FfmpegDecoder.decode(whole, name);
    }

    /** RIFF/WAVE, RIFX, FORM/AIFF or AIFC, and .snd (AU): what Java Sound reads. */
    static boolean isJavaSoundContainer(byte[] head) {
        String magic = new String(head, 0, Math.min(4, head.length), java.nio.charset.StandardCharsets.ISO_8859_1);
        return magic.equals("RIFF") || magic.equals("RIFX") || magic.equals("FORM") || magic.equals(".snd");
    }

    static Mono readJavaSound(InputStream input, String name) throws IOException, BadAudioException {
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
