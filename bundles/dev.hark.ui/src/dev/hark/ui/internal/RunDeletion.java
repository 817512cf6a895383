package dev.hark.ui.internal;

import java.util.List;
import java.util.function.BiConsumer;

import org.eclipse.jface.dialogs.MessageDialog;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Shell;

import dev.hark.core.runs.RunInProgressException;
import dev.hark.core.services.RunsService;
import dev.hark.protocol.runs.CheckpointInfo;
import dev.hark.protocol.runs.RunDeleted;

/**
 * "Delete run...": reads the run's checkpoints afresh (off the UI thread), asks with exactly what goes (the run's name
 * and source, its checkpoints by name, its metric history), deletes at the source, and reports how it went: a line
 * for the view and, when it failed (a run still training, the server unreachable), an error dialog too. Runs of a
 * source that cannot delete (a TensorBoard folder) are refused at once, saying why.
 */
public final class RunDeletion {

    /** At most this many checkpoint names in the question; more are counted. */
    static final int NAMES_SHOWN = 20;

    private RunDeletion() {
    }

    /** What the question says goes. */
    public static String confirmation(RunRow row, List<CheckpointInfo> checkpoints) {
        String kept;
        if (checkpoints.isEmpty()) {
            kept = Messages.Runs_deleteNoCheckpoints;
        } else {
            List<String> names = checkpoints.stream().map(CheckpointInfo::name).toList();
            String shown = String.join(", ", names.subList(0, Math.min(NAMES_SHOWN, names.size())));
            if (names.size() > NAMES_SHOWN) {
                shown += ", \u2026 (+" + (names.size() - NAMES_SHOWN) + ")";
            }
            kept = NLS.bind(Messages.Runs_deleteCheckpoints, checkpoints.size(), shown);
        }
        String history = NLS.bind(Messages.Runs_deleteHistory, row.info().points(), String.join(", ", row.info().tags()));
        return NLS.bind(Messages.Runs_deleteConfirm, new Object[] { row.info().name(), row.key().source(), kept, history });
    }

    /**
     * Deletes {@code row}'s run after asking. {@code report} gets each line for the view and whether it is an error; the
     * runs service reads the runs again after a delete, so the run leaves the list by itself.
     */
    public static void start(RunsService runs, Shell shell, Control owner, RunRow row, BiConsumer<String, Boolean> report) {
        start(runs, shell, owner, row, report, gone -> "");
    }

    /**
     * As {@link #start(RunsService, Shell, Control, RunRow, BiConsumer)}; after a delete, {@code deleted} gets every name
     * the deleted checkpoints went by (their names and folders) and returns what to add to the view's line ("" for
     * nothing).
     */
    public static void start(RunsService runs, Shell shell, Control owner, RunRow row, BiConsumer<String, Boolean> report,
            java.util.function.Function<java.util.Set<String>, String> deleted) {
        String name = row.info().name();
        if (!runs.canDelete(row.key())) {
            report.accept(NLS.bind(Messages.Runs_cannotDelete, name, row.key().source()), true);
            return;
        }
        BackgroundWork.run("Hark: read the checkpoints of a run", owner, monitor -> runs.checkpoints(row.key()), checkpoints -> {
            if (ask(shell, confirmation(row, checkpoints))) {
                report.accept(NLS.bind(Messages.Runs_deleting, name), false);
                delete(runs, shell, owner, row, checkpoints, report, deleted);
            }
        }, error -> failed(shell, NLS.bind(Messages.Runs_deleteFailed, name, error), report));
    }

    private static boolean ask(Shell shell, String question) {
        // Cancel is the default button: Enter alone never deletes
        return new MessageDialog(shell, Messages.Runs_deleteTitle, null, question, MessageDialog.WARNING, 1, Messages.Runs_deleteButton,
                Messages.Common_cancel).open() == 0;
    }

    /** The outcome of the call: what went, or why not (a run in progress). */
    private record Outcome(RunDeleted deleted, String refused) {
    }

    private static void delete(RunsService runs, Shell shell, Control owner, RunRow row, List<CheckpointInfo> checkpoints,
            BiConsumer<String, Boolean> report, java.util.function.Function<java.util.Set<String>, String> deleted) {
        String name = row.info().name();
        BackgroundWork.run("Hark: delete a run", owner, monitor -> {
            try {
                return new Outcome(runs.delete(row.key()), null);
            } catch (RunInProgressException e) {
                return new Outcome(null, NLS.bind(Messages.Runs_deleteInProgress, name, e.getMessage()));
            }
        }, outcome -> {
            if (outcome.refused() != null) {
                failed(shell, outcome.refused(), report);
            } else {
                java.util.Set<String> gone = new java.util.HashSet<>(outcome.deleted().checkpoints());
                checkpoints.forEach(c -> gone.add(c.name()));
                report.accept(NLS.bind(Messages.Runs_deleted, name, outcome.deleted().checkpoints().size()) + deleted.apply(gone), false);
            }
        }, error -> failed(shell, NLS.bind(Messages.Runs_deleteFailed, name, error), report));
    }

    private static void failed(Shell shell, String text, BiConsumer<String, Boolean> report) {
        report.accept(text, true);
        if (!shell.isDisposed()) {
            Widgets.error(shell, text);
        }
    }
}
