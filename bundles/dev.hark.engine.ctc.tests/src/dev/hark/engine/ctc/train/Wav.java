package dev.hark.engine.ctc.train;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Path;

import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;

/** 16-bit mono WAV files of tones, for tests. */
final class Wav {

    private Wav() {
    }

    /** Tones one after another, each {@code seconds} long, with a little noise. */
    static void tones(Path file, int sampleRate, double seconds, double... hz) throws IOException {
        int per = (int) (seconds * sampleRate);
        short[] s = new short[per * hz.length];
        java.util.Random noise = new java.util.Random(file.getFileName().toString().hashCode());
        for (int k = 0; k < hz.length; k++) {
            for (int i = 0; i < per; i++) {
                double v = 0.4 * Math.sin(2 * Math.PI * hz[k] * i / sampleRate) + 0.01 * noise.nextGaussian();
                s[k * per + i] = (short) Math.round(v * 32767);
            }
        }
        write(file, sampleRate, s);
    }

    static void write(Path file, int sampleRate, short[] samples) throws IOException {
        byte[] bytes = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            bytes[2 * i] = (byte) samples[i];
            bytes[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        AudioFormat format = new AudioFormat(sampleRate, 16, 1, true, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(bytes), format, samples.length)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }
}
