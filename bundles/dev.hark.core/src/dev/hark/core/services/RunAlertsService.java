package dev.hark.core.services;

import dev.hark.core.runs.RunAlert;

import java.util.List;

/**
 * Watches the runs of every source the workbench follows and raises {@link RunAlert}s (non-finite loss, a validation
 * metric not improving, a run that ended) on {@link dev.hark.core.HarkTopics#RUNS_ALERT}, on its own thread. The
 * workbench shows them as notification popups (and on the desktop when the preference
 * {@link dev.hark.core.HarkPreferences#RUNS_ALERT_DESKTOP} is on and the desktop has a notification service).
 */
public interface RunAlertsService {

    /** The most recent alerts, newest first (at most 100). Never blocks. */
    List<RunAlert> recent();
}
