package dev.hark.training.run;

import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How trained checkpoints are named in the data folder's {@code checkpoints/} — the one place that knows it. A
 * checkpoint is a folder {@code {model}-{dataset}-{run}-epoch-{N}}: {@code {run}} is the tag of the run that wrote
 * it ({@code r} and the run's start as {@code yyMMddHHmmss}, a letter added when two runs started in the same
 * second), so that a second run of the same model and dataset never overwrites the first one's checkpoints. The
 * asr-test frontend still parses these names with {@code name.split("-")} (model first, {@code -epoch-N} last);
 * v1's own names {@code {model}-{dataset}-epoch-{N}} (folders of earlier versions, and the names v1 clients are shown
 * for the newest run, see {@link CheckpointNames}) parse too, with no run tag. The file
 * {@code {model}-{dataset}-latest} holds the name of the newest checkpoint of a model and dataset, whatever its run.
 * Half-written checkpoints are hidden folders ({@code .name.tmp}) until they are moved into place.
 */
public final class CheckpointLayout {

    private static final String EPOCH = "-epoch-";
    private static final String LATEST = "-latest";
    private static final String TAG = "r\\d{12}[a-z]?";
    private static final Pattern TAG_PATTERN = Pattern.compile(TAG);
    private static final Pattern FOLDER = Pattern.compile("(.+?)-(.+?)(?:-(" + TAG + "))?" + EPOCH + "(\\d{1,9})");
    private static final DateTimeFormatter TAG_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss");

    private CheckpointLayout() {
    }

    /** What a checkpoint folder's name says; {@code tag} is null for v1's names. */
    public record Name(String model, String dataset, String tag, int epoch) {

        /** A v1 name (no run tag). */
        public Name(String model, String dataset, int epoch) {
            this(model, dataset, null, epoch);
        }

        /** The folder name. */
        @Override
        public String toString() {
            return folderName(model, dataset, tag, epoch);
        }

        /** The name v1 gave this checkpoint: without the run tag. */
        public String v1Name() {
            return folderName(model, dataset, epoch);
        }

        /** The checkpoints of the same run: {@code {model}-{dataset}[-{tag}]}. */
        public String series() {
            return CheckpointLayout.series(model, dataset, tag);
        }
    }

    /** {@code {model}-{dataset}-epoch-{N}}: v1's name. */
    public static String folderName(String model, String dataset, int epoch) {
        return model + "-" + dataset + EPOCH + epoch;
    }

    /** {@code {model}-{dataset}-{tag}-epoch-{N}}; v1's name when {@code tag} is null. */
    public static String folderName(String model, String dataset, String tag, int epoch) {
        return series(model, dataset, tag) + EPOCH + epoch;
    }

    /** {@code {model}-{dataset}-{tag}}, or {@code {model}-{dataset}} without a tag: what a run's checkpoint names start with. */
    public static String series(String model, String dataset, String tag) {
        return model + "-" + dataset + (tag == null ? "" : "-" + tag);
    }

    /** The checkpoint folder of a model, dataset and epoch (v1's name). */
    public static Path folder(Path checkpoints, String model, String dataset, int epoch) {
        return checkpoints.resolve(folderName(model, dataset, epoch));
    }

    /**
     * The run tag of a run started at {@code start}: {@code r{yyMMddHHmmss}}, then with {@code b}, {@code c}, ... for
     * {@code attempt} 1, 2, ... (runs started in the same second).
     */
    public static String runTag(LocalDateTime start, int attempt) {
        if (attempt < 0 || attempt > 25) {
            throw new IllegalArgumentException("attempt " + attempt);
        }
        return "r" + start.format(TAG_TIME) + (attempt == 0 ? "" : String.valueOf((char) ('a' + attempt)));
    }

    /** True for a run tag as {@link #runTag} makes them. */
    public static boolean isRunTag(String tag) {
        return tag != null && TAG_PATTERN.matcher(tag).matches();
    }

    /** {@code {model}-{dataset}-latest}: the file naming the newest checkpoint of a model and dataset. */
    public static String latestPointer(String model, String dataset) {
        return model + "-" + dataset + LATEST;
    }

    /** True for a latest-pointer file name. */
    public static boolean isLatestPointer(String fileName) {
        return fileName.endsWith(LATEST) && fileName.length() > LATEST.length() && !fileName.startsWith(".");
    }

    /** The {@code {model}-{dataset}} a latest-pointer file name stands for. */
    public static String pointerSeries(String pointerFileName) {
        return pointerFileName.substring(0, pointerFileName.length() - LATEST.length());
    }

    /** The model, dataset, run tag and epoch of a checkpoint folder name; empty for anything else. */
    public static Optional<Name> parse(String folderName) {
        Matcher m = FOLDER.matcher(folderName);
        return m.matches() ? Optional.of(new Name(m.group(1), m.group(2), m.group(3), Integer.parseInt(m.group(4))))
                : Optional.empty();
    }

    /** The epoch of a folder of the given model and dataset, of any run; empty for other folders. */
    public static Optional<Integer> epochOf(String folderName, String model, String dataset) {
        return parse(folderName).filter(n -> n.model().equals(model) && n.dataset().equals(dataset)).map(Name::epoch)
                .or(() -> epochOfSeries(folderName, series(model, dataset, null)));
    }

    /** The epoch of a folder of one series ({@link #series}: one run's checkpoints, or v1's); empty for other folders. */
    public static Optional<Integer> epochOfSeries(String folderName, String series) {
        String prefix = series + EPOCH;
        if (!folderName.startsWith(prefix)) {
            return Optional.empty();
        }
        String rest = folderName.substring(prefix.length());
        if (rest.isEmpty() || rest.length() > 9 || !rest.chars().allMatch(Character::isDigit)) {
            return Optional.empty();
        }
        return Optional.of(Integer.parseInt(rest));
    }

    /** The prefix of the hidden folder (or file) a checkpoint (or pointer) is written to before it is moved into place. */
    public static String temporaryPrefix(String name) {
        return "." + name + ".tmp";
    }

    /** True for a half-written checkpoint folder ({@code .{name}.tmp-*}; not a pointer's {@code .{pointer}.tmp}). */
    public static boolean isTemporary(String fileName) {
        return fileName.startsWith(".") && fileName.contains(".tmp-");
    }
}
