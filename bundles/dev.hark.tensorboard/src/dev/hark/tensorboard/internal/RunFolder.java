package dev.hark.tensorboard.internal;

import dev.hark.core.runs.Downsampler;
import dev.hark.protocol.runs.RunInfo;
import dev.hark.protocol.runs.RunState;
import dev.hark.protocol.runs.ScalarSeries;
import dev.hark.tensorboard.internal.proto.TfEvents.Event;
import dev.hark.tensorboard.internal.proto.TfEvents.Summary;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * One run: a folder holding {@code events.out.tfevents.*} files, read in name order (their names begin with the
 * time they were opened), their scalar points merged by tag. Not thread-safe: {@link dev.hark.tensorboard.TensorBoardLogDir}
 * guards it.
 */
public final class RunFolder {

    /** A run whose files changed within this time counts as {@link RunState#ACTIVE}. */
    public static final long ACTIVE_MILLIS = 60_000;

    private final String id;
    private final Path folder;
    private final int pointsPerTag;
    private final Map<Path, EventFileReader> files = new TreeMap<>();
    private final Map<String, ScalarColumn> tags = new LinkedHashMap<>();
    private final Map<String, Cached> lastSeries = new java.util.HashMap<>();

    private record Cached(long seen, ScalarSeries series) {
    }
    /** From the hparams plugin's session start info, when the writer logged one (sorted by name). */
    private final Map<String, String> hparams = new TreeMap<>();
    private String hparamsProblem = "";
    private long lastStep = -1;
    private double lastWall = Double.NaN;
    private long lastModified;

    public RunFolder(String id, Path folder, int pointsPerTag) {
        this.id = id;
        this.folder = folder;
        this.pointsPerTag = pointsPerTag;
    }

    public String id() {
        return id;
    }

    /** Finds new event files and reads what was appended to every file since the last poll. */
    public void poll() throws IOException {
        try (Stream<Path> list = Files.list(folder)) {
            list.filter(p -> isEventFile(p) && Files.isRegularFile(p)).forEach(p -> files.computeIfAbsent(p, EventFileReader::new));
        }
        for (EventFileReader reader : files.values()) {
            if (!Files.exists(reader.file())) {
                continue;
            }
            lastModified = Math.max(lastModified, Files.getLastModifiedTime(reader.file()).toMillis());
            reader.poll(this::accept);
        }
    }

    public static boolean isEventFile(Path p) {
        return p.getFileName().toString().contains("tfevents");
    }

    private void accept(Event event) {
        if (!event.hasSummary()) {
            return;
        }
        for (Summary.Value v : event.getSummary().getValueList()) {
            if (HParams.isHParams(v)) {
                try {
                    HParams.read(v, hparams);
                } catch (com.google.protobuf.InvalidProtocolBufferException e) {
                    hparamsProblem = "unreadable hyperparameters (" + v.getTag() + "): " + e.getMessage();
                }
                continue;
            }
            OptionalDouble value = ScalarValues.scalar(v);
            if (value.isEmpty() || v.getTag().isEmpty()) {
                continue;
            }
            tags.computeIfAbsent(v.getTag(), t -> new ScalarColumn(pointsPerTag))
                    .add(event.getStep(), event.getWallTime(), value.getAsDouble());
            lastStep = Math.max(lastStep, event.getStep());
            lastWall = Double.isNaN(lastWall) ? event.getWallTime() : Math.max(lastWall, event.getWallTime());
        }
    }

    public RunInfo info(long nowMillis) {
        long points = 0;
        List<String> problems = new ArrayList<>();
        for (ScalarColumn c : tags.values()) {
            points += c.seen();
        }
        for (EventFileReader r : files.values()) {
            if (!r.problem().isEmpty()) {
                problems.add(r.problem());
            }
        }
        if (!hparamsProblem.isEmpty()) {
            problems.add(hparamsProblem);
        }
        if (tags.values().stream().anyMatch(ScalarColumn::thinned)) {
            problems.add("over " + pointsPerTag + " points in a tag: every other point kept");
        }
        RunState state = nowMillis - lastModified <= ACTIVE_MILLIS ? RunState.ACTIVE : RunState.IDLE;
        return new RunInfo(id, id, state, String.join("; ", problems), List.copyOf(tags.keySet()), points, lastStep,
                lastWall, hparams);
    }

    /**
     * One tag, downsampled; the result is kept until the tag has new points, so a chart that redraws (resize,
     * zoom, another run checked) costs nothing for a run that did not change.
     */
    public ScalarSeries series(String tag, int maxPoints) {
        ScalarColumn c = tags.get(tag);
        if (c == null) {
            throw new IllegalArgumentException("run " + id + " has no tag " + tag);
        }
        String key = tag + '\n' + maxPoints;
        Cached cached = lastSeries.get(key);
        if (cached != null && cached.seen() == c.seen()) {
            return cached.series();
        }
        ScalarSeries fresh = new ScalarSeries(id, tag, Downsampler.downsample(c, maxPoints), c.size());
        if (lastSeries.size() > 64) {
            lastSeries.clear();   // bounded: a few tags at a few chart widths
        }
        lastSeries.put(key, new Cached(c.seen(), fresh));
        return fresh;
    }
}
