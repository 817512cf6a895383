package dev.hark.engine.ctc.model;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The words a model was trained on, when they are few (a closed vocabulary such as digits or commands: at most
 * {@value #MAX_WORDS}), and decoding constrained to them: a CTC prefix beam search whose hypotheses are sequences of
 * those words, separated by the vocabulary's space. A character model that is 13 % wrong per character on an unseen
 * voice spells many words slightly wrong ("tiur" for "four"); constrained, it must choose the word its frames fit
 * best. Stored with a checkpoint as {@value #FILE} (one word per line); a model trained on more words (sentences)
 * has none and decodes greedily, so it can still write words it never saw. Immutable and thread-safe.
 */
public final class Lexicon {

    public static final String FILE = "lexicon.txt";
    /** More distinct words than this and the vocabulary is open: no lexicon. */
    public static final int MAX_WORDS = 1000;
    /** Hypotheses kept per frame. */
    static final int BEAM = 16;
    private static final double NEVER = Double.NEGATIVE_INFINITY;
    /** No lexicon: {@link #decode} is greedy decoding. */
    public static final Lexicon EMPTY = new Lexicon(List.of());

    private final List<String> words;
    /** The words as a trie over the class ids of the vocabulary it was last used with. */
    private volatile Trie trie;

    private Lexicon(List<String> words) {
        this.words = List.copyOf(words);
    }

    /** The distinct words of the normalized transcripts, or {@link #EMPTY} when there are more than {@link #MAX_WORDS}. */
    public static Lexicon of(Collection<String> normalizedTexts) {
        TreeSet<String> distinct = new TreeSet<>();
        for (String t : normalizedTexts) {
            for (String w : t.strip().split(" +")) {
                if (!w.isEmpty()) {
                    distinct.add(w);
                    if (distinct.size() > MAX_WORDS) {
                        return EMPTY;
                    }
                }
            }
        }
        return new Lexicon(new ArrayList<>(distinct));
    }

    /** The lexicon stored in a checkpoint folder, or {@link #EMPTY} when it has none (or an unreadable one). */
    public static Lexicon read(Path checkpoint) {
        Path file = checkpoint.resolve(FILE);
        try {
            if (!Files.isRegularFile(file) || Files.size(file) > 64L * MAX_WORDS) {
                return EMPTY;
            }
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip).filter(l -> !l.isEmpty())
                    .map(Vocabulary::normalize).filter(w -> !w.isEmpty() && !w.contains(" ")).distinct().toList();
            return lines.size() > MAX_WORDS ? EMPTY : new Lexicon(lines);
        } catch (IOException | RuntimeException e) {
            return EMPTY;
        }
    }

    /** Writes {@value #FILE} into {@code checkpoint} (nothing for {@link #EMPTY}). */
    public void write(Path checkpoint) throws IOException {
        if (!words.isEmpty()) {
            Files.write(checkpoint.resolve(FILE), words, StandardCharsets.UTF_8);
        }
    }

    public List<String> words() {
        return words;
    }

    public boolean isEmpty() {
        return words.isEmpty();
    }

    /**
     * Decodes one utterance's scores {@code [frames][classes]} (log-probabilities or logits: each frame is
     * log-softmax-normalized here) into words of this lexicon; greedily when the lexicon is empty, or when no
     * sequence of its words fits (e.g. a word's characters are not all in the vocabulary).
     */
    public String decode(Vocabulary vocabulary, float[][] scores, int frames) {
        if (words.isEmpty() || frames == 0) {
            return GreedyDecoder.decode(vocabulary, scores, frames);
        }
        Trie trie = this.trie;
        if (trie == null || !trie.symbols.equals(vocabulary.symbols())) {
            trie = new Trie(vocabulary, words);
            this.trie = trie;
        }
        if (trie.nodes() == 1) {
            return GreedyDecoder.decode(vocabulary, scores, frames);
        }
        int classes = vocabulary.classes();
        int space = trie.space;
        Map<String, Hyp> beam = new HashMap<>();
        beam.put("", new Hyp("", Trie.ROOT, 0, 0, NEVER));
        double[] lp = new double[classes];
        for (int t = 0; t < frames; t++) {
            logSoftmax(scores[t], lp);
            beam = prune(advance(beam, lp, trie, classes, space));
        }
        Hyp best = null;
        for (Hyp h : beam.values()) {
            if ((h.node == Trie.ROOT || trie.isWord(h.node)) && (best == null || h.score() > best.score())) {
                best = h;
            }
        }
        if (best == null) {
            return GreedyDecoder.decode(vocabulary, scores, frames);
        }
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < best.prefix.length(); i++) {
            text.append(vocabulary.symbol(best.prefix.charAt(i)));
        }
        return text.toString().strip();
    }

    /**
     * The beam after one more frame. Each frame's work is a method of its own (as is {@link #prune}): the JIT compiles
     * small hot methods once, where one method holding the whole search was compiled and recompiled on stack
     * replacement during validation, into the training steps that followed (docs/benchmarks.md).
     */
    private static Map<String, Hyp> advance(Map<String, Hyp> beam, double[] lp, Trie trie, int classes, int space) {
        Map<String, Hyp> next = new HashMap<>();
        for (Hyp h : beam.values()) {
            double total = logAdd(h.blank, h.label);
            Hyp same = next.get(h.prefix);
            if (same == null) {
                same = new Hyp(h.prefix, h.node, h.last, NEVER, NEVER);
                next.put(h.prefix, same);
            }
            same.addBlank(total + lp[0]);
            if (h.last != 0) {
                same.addLabel(h.label + lp[h.last]); // the last label repeated: collapsed into the same prefix
            }
            for (int c = 1; c < classes; c++) {
                int node;
                if (c == space) {
                    if (!trie.isWord(h.node)) {
                        continue; // a space only after a whole word
                    }
                    node = Trie.ROOT;
                } else {
                    node = trie.child(h.node, c);
                    if (node < 0) {
                        continue;
                    }
                }
                double p = (c == h.last ? h.blank : total) + lp[c];
                if (p == NEVER) {
                    continue;
                }
                String prefix = h.prefix + (char) c;
                Hyp extended = next.get(prefix);
                if (extended == null) {
                    extended = new Hyp(prefix, node, c, NEVER, NEVER);
                    next.put(prefix, extended);
                }
                extended.addLabel(p);
            }
        }
        return next;
    }

    /**
     * The {@link #BEAM} best hypotheses of {@code all}; among equal scores the first in {@code all}'s order, as a stable
     * sort would keep them. Each score is computed once, and the best are kept by insertion into a short sorted array.
     */
    private static Map<String, Hyp> prune(Map<String, Hyp> all) {
        if (all.size() <= BEAM) {
            return all;
        }
        Hyp[] best = new Hyp[BEAM];
        double[] scores = new double[BEAM];
        int kept = 0;
        for (Hyp h : all.values()) {
            double score = h.score();
            if (kept == BEAM && !(score > scores[BEAM - 1])) {
                continue;
            }
            int at = kept == BEAM ? BEAM - 1 : kept++;
            while (at > 0 && score > scores[at - 1]) {
                best[at] = best[at - 1];
                scores[at] = scores[at - 1];
                at--;
            }
            best[at] = h;
            scores[at] = score;
        }
        Map<String, Hyp> out = new HashMap<>();
        for (Hyp h : best) {
            out.put(h.prefix, h);
        }
        return out;
    }

    private static void logSoftmax(float[] in, double[] out) {
        double max = NEVER;
        for (int k = 0; k < out.length; k++) {
            max = Math.max(max, in[k]);
        }
        double sum = 0;
        for (int k = 0; k < out.length; k++) {
            sum += Math.exp(in[k] - max);
        }
        double log = max + Math.log(sum);
        for (int k = 0; k < out.length; k++) {
            out[k] = in[k] - log;
        }
    }

    static double logAdd(double a, double b) {
        if (a == NEVER) {
            return b;
        }
        if (b == NEVER) {
            return a;
        }
        double max = Math.max(a, b);
        return max + Math.log(Math.exp(a - max) + Math.exp(b - max));
    }

    /** A hypothesis: the class ids emitted (as chars), where it stands in the trie, its last label and its two scores. */
    private static final class Hyp {
        final String prefix;
        final int node;
        final int last;
        double blank;
        double label;

        Hyp(String prefix, int node, int last, double blank, double label) {
            this.prefix = prefix;
            this.node = node;
            this.last = last;
            this.blank = blank;
            this.label = label;
        }

        void addBlank(double p) {
            blank = logAdd(blank, p);
        }

        void addLabel(double p) {
            label = logAdd(label, p);
        }

        double score() {
            return logAdd(blank, label);
        }
    }

    /** The words as a character trie over class ids. */
    private static final class Trie {
        static final int ROOT = 0;
        final List<String> symbols;
        final int space;
        private final int classes;
        private final List<int[]> children = new ArrayList<>();
        private final List<Boolean> word = new ArrayList<>();

        Trie(Vocabulary vocabulary, List<String> words) {
            this.symbols = vocabulary.symbols();
            this.classes = vocabulary.classes();
            int[] spaceIds = vocabulary.encode(" ");
            this.space = spaceIds.length == 1 ? spaceIds[0] : -1;
            add();
            for (String w : words) {
                int[] ids = vocabulary.encode(w);
                if (ids.length != w.codePointCount(0, w.length())) {
                    continue; // a character the model cannot write
                }
                int node = ROOT;
                for (int id : ids) {
                    int next = children.get(node)[id];
                    if (next == 0) {
                        next = add();
                        children.get(node)[id] = next;
                    }
                    node = next;
                }
                word.set(node, true);
            }
        }

        private int add() {
            children.add(new int[classes]);
            word.add(false);
            return children.size() - 1;
        }

        int nodes() {
            return children.size();
        }

        int child(int node, int id) {
            int c = children.get(node)[id];
            return c == 0 ? -1 : c;
        }

        boolean isWord(int node) {
            return node != ROOT && word.get(node);
        }
    }
}
