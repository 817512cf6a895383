package dev.hark.ui.internal;

import java.util.Set;

import dev.hark.core.services.ServerStatus;
import dev.hark.protocol.training.TrainingStatus;

/** When a view's lists (models, datasets, checkpoints) must be fetched again without the user pressing Refresh. */
public final class Refreshes {

    private static final Set<String> ENDED = Set.of(TrainingStatus.COMPLETED, TrainingStatus.STOPPED, TrainingStatus.FAILED);

    private Refreshes() {
    }

    /** The server in use became ready: at launch, after a restart, or another server was chosen. */
    public static boolean onServer(ServerStatus s) {
        return s != null && s.state() == ServerStatus.State.RUNNING && s.uri() != null;
    }

    /** A training run ended, however it ended. */
    public static boolean ended(TrainingStatus s) {
        return s != null && s.status() != null && ENDED.contains(s.status());
    }
}
