package dev.hark.training.run;

import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How trained checkpoints are named in the data folder's {@code checkpoints/} — the one place that knows it. A
 * checkpoint is a folder {@code {model}-{dataset}-epoch-{N}} (v1's naming, which the asr-test frontend parses with
 * {@code name.split("-")}); the file {@code {model}-{dataset}-latest} holds the name of the newest one. Half-written
 * checkpoints are hidden folders ({@code .name.tmp}) until they are moved into place.
 */
public final class CheckpointLayout {

    private static final String EPOCH = "-epoch-";
    private static final String LATEST = "-latest";
    private static final Pattern FOLDER = Pattern.compile("(.+?)-(.+)" + EPOCH + "(\\d{1,9})");

    private CheckpointLayout() {
    }

    /** What a checkpoint folder's name says. */
    public record Name(String model, String dataset, int epoch) {

        /** The folder name. */
        @Override
        public String toString() {
            return folderName(model, dataset, epoch);
        }
    }

    /** {@code {model}-{dataset}-epoch-{N}}. */
    public static String folderName(String model, String dataset, int epoch) {
        return model + "-" + dataset + EPOCH + epoch;
    }

    /** The checkpoint folder of a model, dataset and epoch. */
    public static Path folder(Path checkpoints, String model, String dataset, int epoch) {
        return checkpoints.resolve(folderName(model, dataset, epoch));
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

    /** The model, dataset and epoch of a checkpoint folder name; empty for anything else. */
    public static Optional<Name> parse(String folderName) {
        Matcher m = FOLDER.matcher(folderName);
        return m.matches() ? Optional.of(new Name(m.group(1), m.group(2), Integer.parseInt(m.group(3)))) : Optional.empty();
    }

    /** The epoch of a folder of the given model and dataset; empty for other folders. */
    public static Optional<Integer> epochOf(String folderName, String model, String dataset) {
        String prefix = model + "-" + dataset + EPOCH;
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
