package dev.hark.engine.ctc.train;

import static dev.hark.engine.ctc.train.Numbers.round;

import java.util.List;

import java.util.ArrayList;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import dev.hark.core.eval.ErrorRate;
import dev.hark.training.dataset.ValidationSplit;
import dev.hark.engine.ctc.model.Lexicon;
import dev.hark.engine.ctc.model.LogMel;
import dev.hark.engine.ctc.model.ModelConfig;
import dev.hark.engine.ctc.model.Vocabulary;
import dev.hark.protocol.training.ValidationResult;
import dev.hark.training.run.WorkerProtocol;

/**
 * The end-of-epoch validation: mean CTC loss, character and word error rates of decoding as the engine decodes finals
 * (into the {@link Lexicon}'s words when the training transcripts have few, else greedily), and the first
 * three reference/hypothesis pairs, sent as a {@code validation_result} message.
 */
final class Validator {

    /** Reference/hypothesis pairs a result carries. */
    static final int EXAMPLES = 3;

    private final List<Utterance> validation;
    private final Vocabulary vocabulary;
    private final Lexicon lexicon;
    private final ModelConfig config;
    private final int batchSize;
    private final WorkerProtocol out;

    Validator(List<Utterance> validation, Vocabulary vocabulary, Lexicon lexicon, ModelConfig config, int batchSize, WorkerProtocol out) {
        this.validation = validation;
        this.vocabulary = vocabulary;
        this.lexicon = lexicon;
        this.config = config;
        this.batchSize = batchSize;
        this.out = out;
    }

    /**
     * The family of a speaker for the per-family WER: each flite voice on its own (there are five, and they differ
     * most), espeak-ng's voices together, "" for speakers of no synthesizer.
     */
    static String family(String speaker) {
        String voice = ValidationSplit.voice(speaker);
        return voice.startsWith("flite:") ? voice : voice.startsWith("espeak:") ? "espeak-ng" : "";
    }

    /** Validates and reports after epoch {@code epoch} (1-based); null without a validation set. */
    ValidationResult validate(CtcNetwork network, NDManager manager, ParameterStore store, int epoch, LogMel mel) throws Exception {
        if (validation.isEmpty()) {
            return null;
        }
        double lossSum = 0;
        int lossCount = 0;
        long edits = 0, chars = 0, wordEdits = 0, words = 0;
        List<ValidationResult.Example> samples = new ArrayList<>();
        java.util.Map<String, long[]> byFamily = new java.util.TreeMap<>();
        for (List<Utterance> batch : Batches.sorted(validation, batchSize)) {
            try (NDManager scope = manager.newSubManager()) {
                NDArray logProbs = network.forward(store, new NDList(Batches.inputs(scope, batch, config, mel)), false).head();
                int[] lengths = Batches.outputLengths(batch);
                float[] losses = CtcLoss.perUtterance(logProbs, Batches.labels(batch), lengths).toFloatArray();
                for (float l : losses) {
                    if (Float.isFinite(l)) {
                        lossSum += l;
                        lossCount++;
                    }
                }
                long frames = logProbs.getShape().get(1), classes = logProbs.getShape().get(2);
                float[] all = logProbs.toFloatArray();
                for (int b = 0; b < batch.size(); b++) {
                    float[][] scores = new float[lengths[b]][(int) classes];
                    for (int t = 0; t < lengths[b]; t++) {
                        System.arraycopy(all, (int) ((b * frames + t) * classes), scores[t], 0, (int) classes);
                    }
                    String hyp = lexicon.decode(vocabulary, scores, lengths[b]); // as the engine decodes finals
                    String ref = batch.get(b).text;
                    edits += ErrorRate.characterEdits(ref, hyp);
                    chars += ref.codePointCount(0, ref.length());
                    int we = ErrorRate.wordEdits(ref, hyp), w = ref.isBlank() ? 0 : ref.strip().split("\\s+").length;
                    wordEdits += we;
                    words += w;
                    long[] f = byFamily.computeIfAbsent(family(batch.get(b).entry.speaker()), k -> new long[3]);
                    f[0] += we;
                    f[1] += w;
                    f[2]++;
                    if (samples.size() < EXAMPLES) {
                        samples.add(new ValidationResult.Example(ref, hyp));
                    }
                }
            }
        }
        ValidationResult p = new ValidationResult(epoch, lossCount == 0 ? null : round(lossSum / lossCount, 5),
                chars == 0 ? null : round((double) edits / chars, 5), words == 0 ? null : round((double) wordEdits / words, 5),
                validation.size(), samples);
        out.send(p);
        if (!byFamily.isEmpty() && !(byFamily.size() == 1 && byFamily.containsKey(""))) {
            StringBuilder line = new StringBuilder("validation WER by voice family:");
            byFamily.forEach((family, f) -> line.append(String.format(java.util.Locale.ROOT, " %s %.3f (%d clips),",
                    family.isEmpty() ? "other" : family, f[1] == 0 ? 0 : (double) f[0] / f[1], f[2])));
            out.log("INFO", line.substring(0, line.length() - 1));
        }
        return p;
    }
}
