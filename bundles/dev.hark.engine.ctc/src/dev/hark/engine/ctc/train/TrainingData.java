package dev.hark.engine.ctc.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.hark.core.audio.AudioFiles;
import dev.hark.core.audio.BadAudioException;
import dev.hark.core.audio.Resampler;
import dev.hark.engine.ctc.model.LogMel;
import dev.hark.engine.ctc.model.ModelConfig;
import dev.hark.engine.ctc.model.Vocabulary;
import dev.hark.training.dataset.DatasetEntry;
import dev.hark.training.dataset.DatasetReader;
import dev.hark.training.dataset.ValidationSplit;
import dev.hark.training.run.RunSpec;
import dev.hark.training.run.WorkerProtocol;

/**
 * A run's utterances: the dataset read, shuffled with the run's seed, limited and split into training and
 * validation; audio read (resampled to 16 kHz) and featurized, the features kept in memory up to the run's
 * budget; transcripts encoded and utterances that cannot be trained on dropped. Every skipped entry is counted and
 * reported as a log line.
 */
final class TrainingData {

    private static final long PROGRESS_INTERVAL_NANOS = 1_000_000_000L;

    private final RunSpec spec;
    private final WorkerProtocol out;
    final List<Utterance> train = new ArrayList<>();
    final List<Utterance> validation = new ArrayList<>();
    private Vocabulary vocabulary;
    private long cachedBytes;
    private int skipped;
    private int totalEntries;

    private TrainingData(RunSpec spec, WorkerProtocol out, Vocabulary vocabulary) {
        this.spec = spec;
        this.out = out;
        this.vocabulary = vocabulary;
    }

    /**
     * Reads the run's dataset and featurizes its audio.
     *
     * @param vocabulary the resumed model's vocabulary, or null to take the training transcripts' characters
     */
    static TrainingData load(RunSpec spec, WorkerProtocol out, Vocabulary vocabulary) throws IOException {
        TrainingData data = new TrainingData(spec, out, vocabulary);
        data.load();
        return data;
    }

    Vocabulary vocabulary() {
        return vocabulary;
    }

    int skipped() {
        return skipped;
    }

    CheckpointMetadata.DataStatistics statistics() {
        return new CheckpointMetadata.DataStatistics(train.size(), validation.size(), skipped, totalEntries);
    }

    private void load() throws IOException {
        DatasetReader.Contents contents = DatasetReader.read(Path.of(spec.datasetPath()));
        skipped += contents.skipped();
        for (String p : contents.problems()) {
            out.log("WARNING", "skipped entry: " + p);
        }
        List<DatasetEntry> entries = new ArrayList<>(contents.entries());
        totalEntries = entries.size() + contents.skipped();
        ValidationSplit split = ValidationSplit.of(entries, spec.validationSplit(), spec.limitSamples(), spec.seed());
        List<DatasetEntry> valEntries = split.validation();
        List<DatasetEntry> trainEntries = split.train();
        entries = new ArrayList<>(trainEntries);
        entries.addAll(valEntries);
        out.log("INFO", "dataset " + spec.datasetName() + " (" + contents.layout().id() + "): " + trainEntries.size() + " training and "
                + valEntries.size() + " validation utterances" + (contents.skipped() > 0 ? ", " + contents.skipped() + " entries skipped" : "")
                + (split.heldOut().isEmpty() ? "" : "; voices held out for validation: " + String.join(", ", split.heldOut())));
        long budget = (long) spec.featureCacheMb() << 20;
        LogMel mel = new LogMel();
        int done = 0;
        long lastReport = System.nanoTime();
        List<String> texts = new ArrayList<>();
        for (int pass = 0; pass < 2; pass++) {
            List<DatasetEntry> list = pass == 0 ? trainEntries : valEntries;
            for (DatasetEntry e : list) {
                Utterance u = load(e, mel, budget);
                done++;
                if (u != null) {
                    (pass == 0 ? train : validation).add(u);
                    if (pass == 0) {
                        texts.add(u.text);
                    }
                }
                if (System.nanoTime() - lastReport > PROGRESS_INTERVAL_NANOS) {
                    lastReport = System.nanoTime();
                    out.log("INFO", "loading audio: " + done + " of " + entries.size());
                }
            }
        }
        if (vocabulary == null) {
            vocabulary = Vocabulary.of(texts);
        }
        out.log("INFO", "loaded " + train.size() + " training and " + validation.size() + " validation utterances, "
                + String.format(Locale.ROOT, "%.1f", train.stream().mapToDouble(u -> u.seconds).sum() / 60)
                + " min of training audio; vocabulary of " + vocabulary.symbols().size() + " characters; " + skipped
                + " entries skipped");
    }

    /** Reads and featurizes one entry; null (counted and reported) when its audio is unusable. */
    private Utterance load(DatasetEntry e, LogMel mel, long budget) {
        try {
            float[] samples = audio(e);
            float[][] features = mel.compute(samples);
            if (features.length < 8) {
                throw new BadAudioException("shorter than 0.1 s");
            }
            String text = Vocabulary.normalize(e.text());
            if (text.isEmpty()) {
                throw new IOException("empty transcript after normalization");
            }
            long bytes = (long) features.length * LogMel.BANDS * 4;
            boolean keep = cachedBytes + bytes <= budget;
            if (keep) {
                cachedBytes += bytes;
            }
            return new Utterance(e, text, features.length, (double) samples.length / LogMel.SAMPLE_RATE, keep ? features : null);
        } catch (IOException | BadAudioException | RuntimeException ex) {
            skipped++;
            out.log("WARNING", "skipped " + e.id() + " (" + e.audio().getFileName() + "): " + ex.getMessage());
            return null;
        }
    }

    /** The entry's audio at 16 kHz. */
    static float[] audio(DatasetEntry e) throws IOException, BadAudioException {
        AudioFiles.Mono audio = AudioFiles.read(e.audio());
        float[] samples = audio.samples();
        if (audio.sampleRate() != LogMel.SAMPLE_RATE) {
            Resampler r = new Resampler(audio.sampleRate(), LogMel.SAMPLE_RATE);
            float[] head = r.process(samples, 0, samples.length);
            float[] tail = r.flush();
            samples = new float[head.length + tail.length];
            System.arraycopy(head, 0, samples, 0, head.length);
            System.arraycopy(tail, 0, samples, head.length, tail.length);
        }
        for (float s : samples) {
            if (!Float.isFinite(s)) {
                throw new BadAudioException("samples are not finite");
            }
        }
        return samples;
    }

    /** The utterance's raw log-mel features: cached, or computed again from its audio. */
    static float[][] features(Utterance u, LogMel mel) throws IOException, BadAudioException {
        return u.features != null ? u.features : mel.compute(audio(u.entry));
    }

    /** Per-band mean and standard deviation over (up to 500 of) the training utterances. */
    float[][] normalization() throws IOException, BadAudioException {
        int bands = LogMel.BANDS;
        double[] sum = new double[bands], sq = new double[bands];
        long n = 0;
        LogMel mel = new LogMel();
        for (Utterance u : train.subList(0, Math.min(500, train.size()))) {
            for (float[] f : features(u, mel)) {
                for (int b = 0; b < bands; b++) {
                    sum[b] += f[b];
                    sq[b] += (double) f[b] * f[b];
                }
                n++;
            }
        }
        float[] mean = new float[bands], std = new float[bands];
        for (int b = 0; b < bands; b++) {
            double m = sum[b] / n;
            mean[b] = (float) m;
            std[b] = (float) Math.sqrt(Math.max(1e-6, sq[b] / n - m * m));
        }
        return new float[][] { mean, std };
    }

    /** Encodes the transcripts with the vocabulary and drops (counting and reporting) what cannot be trained on. */
    void encode() {
        for (Utterance u : train) {
            u.labels = vocabulary.encode(u.text);
        }
        for (Utterance u : validation) {
            u.labels = vocabulary.encode(u.text);
        }
        train.removeIf(u -> !trainable(u));
        validation.removeIf(u -> !trainable(u));
    }

    private boolean trainable(Utterance u) {
        if (u.labels.length == 0) {
            skipped++;
            out.log("WARNING", "skipped " + u.entry.id() + ": no transcript characters in the vocabulary");
            return false;
        }
        if (ModelConfig.outputFrames(u.frames) < minimumFrames(u.labels)) {
            skipped++;
            out.log("WARNING", "skipped " + u.entry.id() + ": " + u.seconds + " s of audio is too short for its transcript");
            return false;
        }
        return true;
    }

    /** Output frames CTC needs for {@code labels}: one per label and a blank between each repeated pair. */
    static int minimumFrames(int[] labels) {
        int needed = labels.length;
        for (int i = 1; i < labels.length; i++) {
            if (labels[i] == labels[i - 1]) {
                needed++;
            }
        }
        return needed;
    }
}
