package dev.hark.ui.internal;

import java.util.function.Consumer;

import org.eclipse.core.runtime.IProgressMonitor;
import org.eclipse.core.runtime.IStatus;
import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.swt.widgets.Control;

/**
 * Runs server calls as Eclipse Jobs (never on the UI thread) and hands the result, or the error, back to
 * the UI thread with one asyncExec. Jobs report to their progress monitor; the workbench's progress
 * service and the part's own progress bar show it.
 */
public final class BackgroundWork {

    /** Work that may fail with a message for the user. */
    @FunctionalInterface
    public interface Task<T> {
        T run(IProgressMonitor monitor) throws Exception;
    }

    private BackgroundWork() {
    }

    public static <T> Job run(String name, Control owner, Task<T> task, Consumer<T> onResult, Consumer<String> onError) {
        Job job = Job.create(name, monitor -> {
            try {
                T result = task.run(monitor);
                deliver(owner, () -> onResult.accept(result));
                return Status.OK_STATUS;
            } catch (Exception e) {
                String message = ErrorText.message(e);
                deliver(owner, () -> onError.accept(message));
                return new Status(IStatus.INFO, "dev.hark.ui", message); // shown by the part, not as a crash dialog
            }
        });
        job.setUser(false);
        job.schedule();
        return job;
    }

    private static void deliver(Control owner, Runnable r) {
        if (!owner.isDisposed()) {
            owner.getDisplay().asyncExec(() -> {
                if (!owner.isDisposed()) {
                    r.run();
                }
            });
        }
    }
}
