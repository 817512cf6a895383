package dev.hark.server.internal;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

import dev.hark.core.audio.BadAudioException;
import dev.hark.core.audio.Resampler;
import dev.hark.engine.EngineException;
import dev.hark.engine.RecognitionModel;
import dev.hark.engine.RecognitionStream;
import dev.hark.engine.TranscribeProgress;
import dev.hark.engine.Transcript;
import dev.hark.engine.TranscriptBuilder;

/**
 * Transcribes an uploaded WAV, AIFF or AU file as it is read: {@value #CHUNK_MILLIS} ms of the file at a time is
 * converted to mono floats (channels averaged and clipped to [-1, 1], as {@code AudioFiles} does), resampled to the
 * model's rate with state carried across chunks, and fed to a recognition stream in {@value #CHUNK_MILLIS} ms pieces
 * of the model's rate — the pieces both engines' {@code transcribe} feed, so the words are the same as decoding the
 * whole file at once. Memory is a few chunks, whatever the file's length (a whole 10-minute 48 kHz stereo file used
 * to need ~420 MB of heap).
 *
 * <p>Runs on the caller's thread (a request's); reports progress once per second of audio and stops with
 * {@link EngineException.Kind#CANCELLED} once {@link TranscribeProgress#cancelled()} says so.
 */
final class StreamingTranscription {

    static final int CHUNK_MILLIS = 100;

    /** A file Java Sound reads, opened as 32-bit float little-endian frames. */
    record Source(AudioInputStream floats, int channels, int sampleRate, long frames, String name) implements AutoCloseable {
        double seconds() {
            return (double) frames / sampleRate;
        }

        @Override
        public void close() throws IOException {
            floats.close();
        }
    }

    private StreamingTranscription() {
    }

    /**
     * Opens {@code in} when it is a Java Sound container with a known length (WAV, AIFF, AU); null otherwise (other
     * formats go through ffmpeg, whole). The caller closes the source.
     */
    static Source open(BufferedInputStream in, String name) throws IOException, BadAudioException {
        in.mark(16);
        byte[] head = in.readNBytes(4);
        in.reset();
        String magic = new String(head, java.nio.charset.StandardCharsets.ISO_8859_1);
        if (!(magic.equals("RIFF") || magic.equals("RIFX") || magic.equals("FORM") || magic.equals(".snd"))) {
            return null;
        }
        AudioInputStream source;
        try {
            source = AudioSystem.getAudioInputStream(in);
        } catch (UnsupportedAudioFileException e) {
            throw new BadAudioException(name + " is not an audio file Hark can read: use WAV, AIFF or AU with PCM or float samples");
        }
        AudioFormat f = source.getFormat();
        long frames = source.getFrameLength();
        int channels = f.getChannels();
        int rate = Math.round(f.getSampleRate());
        if (frames == AudioSystem.NOT_SPECIFIED || channels < 1 || rate <= 0) {
            source.close();
            return null; // unusual headers: the whole-file path says what is wrong
        }
        AudioFormat floats = new AudioFormat(AudioFormat.Encoding.PCM_FLOAT, f.getSampleRate(), 32, channels, 4 * channels,
                f.getSampleRate(), false);
        AudioInputStream converted;
        try {
            if (f.getEncoding().equals(AudioFormat.Encoding.PCM_FLOAT) && f.getSampleSizeInBits() == 32 && !f.isBigEndian()) {
                converted = source;
            } else if (AudioSystem.isConversionSupported(floats, f)) {
                converted = AudioSystem.getAudioInputStream(floats, source);
            } else {
                source.close();
                throw new BadAudioException(name + ": cannot decode " + f.getEncoding() + " audio; use PCM or float WAV");
            }
        } catch (IllegalArgumentException e) {
            source.close();
            throw new BadAudioException(name + ": " + e.getMessage());
        }
        return new Source(converted, channels, rate, frames, name);
    }

    /**
     * Decodes {@code source} through a new stream of {@code model}.
     *
     * @throws BadAudioException when the file holds no audio or a sample that is not finite
     */
    static Transcript run(Source source, RecognitionModel model, TranscribeProgress progress)
            throws IOException, BadAudioException, EngineException {
        int modelRate = model.info().sampleRate();
        int inputChunk = Math.max(1, source.sampleRate() * CHUNK_MILLIS / 1000);
        int feedChunk = modelRate * CHUNK_MILLIS / 1000;
        int frameBytes = 4 * source.channels();
        byte[] bytes = new byte[inputChunk * frameBytes];
        float[] mono = new float[inputChunk];
        float[] pending = new float[feedChunk * 2];
        int pendingLength = 0;
        Resampler resampler = new Resampler(source.sampleRate(), modelRate);
        long started = System.nanoTime();
        TranscriptBuilder transcript = new TranscriptBuilder(started);
        long framesRead = 0;
        long reported = 0;
        long total = Math.max(1, source.frames());
        try (RecognitionStream stream = model.openStream()) {
            while (true) {
                int n = source.floats().readNBytes(bytes, 0, bytes.length);
                int frames = n / frameBytes;
                if (frames == 0) {
                    break;
                }
                toMono(bytes, frames, source.channels(), mono, framesRead, source.name());
                framesRead += frames;
                float[] resampled = resampler.process(mono, 0, frames);
                pendingLength = feed(stream, resampled, pending, pendingLength, feedChunk, transcript);
                if (framesRead - reported >= source.sampleRate()) {
                    reported = framesRead;
                    // in samples of the model's rate, as engines report (InferenceProgressReply turns them into seconds)
                    progress.advanced(atModelRate(Math.min(framesRead, total), source, modelRate), atModelRate(total, source, modelRate));
                    if (progress.cancelled()) {
                        throw new EngineException(EngineException.Kind.CANCELLED, "cancelled after " + framesRead / source.sampleRate()
                                + " s of " + total / source.sampleRate() + " s");
                    }
                }
            }
            if (framesRead == 0) {
                throw new BadAudioException(source.name() + " holds no audio");
            }
            pendingLength = feed(stream, resampler.flush(), pending, pendingLength, feedChunk, transcript);
            if (pendingLength > 0) {
                transcript.add(stream.accept(pending, 0, pendingLength));
            }
            transcript.add(stream.finish());
        }
        progress.advanced(atModelRate(total, source, modelRate), atModelRate(total, source, modelRate));
        return transcript.build();
    }

    private static long atModelRate(long frames, Source source, int modelRate) {
        return Math.round((double) frames * modelRate / source.sampleRate());
    }

    /** Appends {@code samples} to {@code pending} and feeds every full chunk; returns what is left pending. */
    private static int feed(RecognitionStream stream, float[] samples, float[] pending, int pendingLength, int chunk,
            TranscriptBuilder transcript) throws EngineException {
        int at = 0;
        while (at < samples.length) {
            int take = Math.min(chunk - pendingLength, samples.length - at);
            System.arraycopy(samples, at, pending, pendingLength, take);
            pendingLength += take;
            at += take;
            if (pendingLength == chunk) {
                transcript.add(stream.accept(pending, 0, chunk));
                pendingLength = 0;
            }
        }
        return pendingLength;
    }

    private static void toMono(byte[] bytes, int frames, int channels, float[] mono, long firstFrame, String name)
            throws BadAudioException {
        ByteBuffer buf = ByteBuffer.wrap(bytes, 0, frames * 4 * channels).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < frames; i++) {
            float sum = 0;
            for (int c = 0; c < channels; c++) {
                sum += buf.getFloat();
            }
            float v = sum / channels;
            if (!Float.isFinite(v)) {
                throw new BadAudioException(name + " has a non-finite sample at frame " + (firstFrame + i));
            }
            mono[i] = Math.max(-1f, Math.min(1f, v));
        }
    }
}
