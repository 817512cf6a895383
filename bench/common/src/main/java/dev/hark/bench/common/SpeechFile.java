package dev.hark.bench.common;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Writes a WAV file of speech with pauses for the client benchmark: sentences and digit strings said in turn by
 * flite slt, rms, awb and espeak-ng en-us, each followed by 0.6-1.4 s of silence, 48 kHz 16-bit mono, cut to the
 * length asked for.
 */
@Command(name = "speech-file", mixinStandardHelpOptions = true, description = "Synthesizes speech with pauses into a WAV file.")
public final class SpeechFile implements Callable<Integer> {

    static final List<String> TEXTS = List.of("the weather is nice today", "nine oh five", "please call me tomorrow morning",
            "four two seven one", "i would like a cup of coffee", "open the door and turn on the light", "three eight six",
            "we went to the store yesterday", "the meeting starts at ten in the morning", "five five two zero nine",
            "can you send me the report before lunch", "my brother lives in a small town near the river");
    static final List<String> VOICES = List.of("flite:slt", "flite:rms", "flite:awb", "espeak:en-us");

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "the WAV file to write")
    Path out;

    @Option(names = "--seconds", paramLabel = "S", description = "its length (default ${DEFAULT-VALUE})")
    int seconds = 60;

    @Option(names = "--cache", paramLabel = "DIR", description = "where synthesized clips are kept (default: beside --out)")
    Path cache;

    @Override
    public Integer call() throws Exception {
        Speech speech = new Speech(cache != null ? cache : out.toAbsolutePath().getParent().resolve("clips"));
        int total = seconds * Speech.RATE;
        float[] all = new float[total];
        int at = 0;
        for (int n = 0; at < total; n++) {
            float[] clip = speech.clip(VOICES.get(n % VOICES.size()), TEXTS.get(n % TEXTS.size()));
            int length = Math.min(clip.length, total - at);
            System.arraycopy(clip, 0, all, at, length);
            int tenths = 6 + n * 7 % 9;
            at += length + tenths * Speech.RATE / 10;
        }
        Files.createDirectories(out.toAbsolutePath().getParent());
        Speech.writeWav(out, all);
        return 0;
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new SpeechFile()).execute(args));
    }
}
