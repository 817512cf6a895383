package dev.hark.services.internal;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import dev.hark.api.AsrTestRunSource;
import dev.hark.api.HarkApi;
import dev.hark.api.ServerRunSource;
import dev.hark.core.runs.SourceRuns;
import dev.hark.core.runs.TrainingRunSource;
import dev.hark.core.services.ServerCallException;
import dev.hark.protocol.runs.RunInfo;

/**
 * The runs of the workbench's server in use, for {@link RunsFollower}: a Hark server's own ({@link ServerRunSource},
 * following its pushes), or, for a server that keeps none (an asr-test backend), the runs observed on it
 * ({@link AsrTestRunSource}, watching it and recording into the workbench's observed-runs folder). A new server (a new
 * client) closes the sources of the last. Used on the follower's thread only; {@link #source(String)} from any.
 */
final class ServerRuns implements AutoCloseable {

    /**
     * Whether the runs of a server that keeps none are observed ({@code -Dhark.runs.observeAsrTest=false} turns it off:
     * the workbench's UI tests, whose Runs view must list only the runs each test makes; their asr-test run would be
     * the first runs the view lists and checks).
     */
    static final boolean OBSERVE = !"false".equals(System.getProperty("hark.runs.observeAsrTest"));

    private final Runnable onChange;
    private final Supplier<Path> observedFolder;
    private HarkApi client;
    private volatile ServerRunSource hark;
    private volatile AsrTestRunSource observed;

    ServerRuns(Runnable onChange, Supplier<Path> observedFolder) {
        this.onChange = onChange;
        this.observedFolder = observedFolder;
    }

    /** The server's runs as of now; empty when there is no server or it has no runs yet. */
    Optional<SourceRuns> read(ApiSource api) {
        HarkApi now = null;
        try {
            now = api == null ? null : api.api();
        } catch (ServerCallException e) {
            // no server right now
        }
        if (now != client) {
            close();
            client = now;
            if (now != null) {
                hark = new ServerRunSource(now);
                hark.follow(onChange);
            }
        }
        if (client == null) {
            return Optional.empty();
        }
        ServerRunSource h = hark;
        if (h != null) {
            try {
                return shown(h, h.runs());
            } catch (ServerRunSource.NoRuns e) {
                hark = null;
                h.close();
                if (!OBSERVE) {
                    return Optional.empty();
                }
                try {
                    observed = new AsrTestRunSource(client, observedFolder.get());
                    observed.follow(onChange);
                } catch (IOException | RuntimeException ex) {
                    return Optional.of(new SourceRuns("asr-test backend: " + client.base(), List.of(),
                            "cannot keep the runs observed: " + ex.getMessage()));
                }
            } catch (IOException | RuntimeException e) {
                return Optional.of(new SourceRuns(h.label(), List.of(), RunsFollower.describe(e)));
            }
        }
        AsrTestRunSource o = observed;
        if (o == null) {
            return Optional.empty();
        }
        try {
            return shown(o, o.runs());
        } catch (IOException | RuntimeException e) {
            return Optional.of(new SourceRuns(o.label(), List.of(), RunsFollower.describe(e)));
        }
    }

    /** A source without runs yet adds nothing (the view keeps saying how to add a folder). */
    private static Optional<SourceRuns> shown(TrainingRunSource s, List<RunInfo> runs) {
        return runs.isEmpty() ? Optional.empty() : Optional.of(new SourceRuns(s.label(), runs, ""));
    }

    /** The server source with this label, if it is one of these. */
    Optional<TrainingRunSource> source(String label) {
        for (TrainingRunSource s : new TrainingRunSource[] { hark, observed }) {
            if (s != null && s.label().equals(label)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** Stops following (the client is the workbench's: not closed here). */
    @Override
    public void close() {
        ServerRunSource h = hark;
        AsrTestRunSource o = observed;
        hark = null;
        observed = null;
        if (h != null) {
            h.close();
        }
        if (o != null) {
            o.close();
        }
    }
}
