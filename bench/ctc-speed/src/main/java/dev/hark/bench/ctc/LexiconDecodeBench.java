package dev.hark.bench.ctc;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import dev.hark.engine.ctc.model.GreedyDecoder;
import dev.hark.engine.ctc.model.Lexicon;
import dev.hark.engine.ctc.model.Vocabulary;

/**
 * What decoding a final into the model's lexicon costs against greedy decoding, per utterance length: the ten digit
 * words with scores shaped like a trained model's (each frame sure of one class: the blank, or the next character of
 * a digit string), and a 1,000-word lexicon with noisy, unsure scores (the search's worst case: many hypotheses stay
 * alive). Median of repeated decodes after a warm-up; one thread. Prints a Markdown table.
 */
public final class LexiconDecodeBench {

    private LexiconDecodeBench() {
    }

    public static void main(String[] args) {
        boolean smoke = List.of(args).contains("--smoke");
        int reps = smoke ? 3 : 25;
        Random random = new Random(42);
        List<String> digits = List.of("zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine");
        Vocabulary letters = Vocabulary.of(List.of("abcdefghijklmnopqrstuvwxyz '"));
        List<String> many = new ArrayList<>();
        while (many.size() < Lexicon.MAX_WORDS) {
            StringBuilder w = new StringBuilder();
            for (int i = 3 + random.nextInt(6); i > 0; i--) {
                w.append((char) ('a' + random.nextInt(26)));
            }
            if (!many.contains(w.toString())) {
                many.add(w.toString());
            }
        }
        Lexicon digitLexicon = Lexicon.of(digits);
        Lexicon bigLexicon = Lexicon.of(many);
        System.out.println("| utterance (s) | output frames | greedy (ms) | digits, peaked scores (ms) | 1,000 words, noisy scores (ms) |");
        System.out.println("| ---: | ---: | ---: | ---: | ---: |");
        for (int seconds : smoke ? new int[] { 2 } : new int[] { 2, 10, 30, 60 }) {
            int frames = seconds * 25; // 40 ms per output frame
            float[][] peaked = peaked(letters, digits, frames, random);
            float[][] noisy = noisy(letters.classes(), frames, random);
            double greedy = median(reps, () -> GreedyDecoder.decode(letters, noisy, frames));
            double small = median(reps, () -> digitLexicon.decode(letters, peaked, frames));
            double big = median(reps, () -> bigLexicon.decode(letters, noisy, frames));
            System.out.printf(Locale.ROOT, "| %d | %d | %.3f | %.2f | %.2f |%n", seconds, frames, greedy, small, big);
        }
    }

    /** Frames of a digit string: each character held for two frames, a blank between characters, a pause between words. */
    static float[][] peaked(Vocabulary v, List<String> words, int frames, Random random) {
        List<Integer> path = new ArrayList<>();
        while (path.size() < frames) {
            String w = words.get(random.nextInt(words.size()));
            for (int id : v.encode(w)) {
                path.add(id);
                path.add(id);
                path.add(0);
            }
            for (int id : v.encode(" ")) {
                path.add(id);
            }
            path.add(0);
            path.add(0);
        }
        float[][] s = new float[frames][v.classes()];
        for (int t = 0; t < frames; t++) {
            for (int k = 0; k < s[t].length; k++) {
                s[t][k] = -8f + (float) random.nextGaussian() * 0.5f;
            }
            s[t][path.get(t)] = -0.05f;
        }
        return s;
    }

    static float[][] noisy(int classes, int frames, Random random) {
        float[][] s = new float[frames][classes];
        for (float[] f : s) {
            for (int k = 0; k < classes; k++) {
                f[k] = (float) random.nextGaussian() * 2;
            }
        }
        return s;
    }

    static double median(int reps, Runnable task) {
        for (int i = 0; i < 5; i++) {
            task.run(); // warm-up
        }
        double[] ms = new double[reps];
        for (int i = 0; i < reps; i++) {
            long t = System.nanoTime();
            task.run();
            ms[i] = (System.nanoTime() - t) / 1e6;
        }
        java.util.Arrays.sort(ms);
        return ms[reps / 2];
    }
}
