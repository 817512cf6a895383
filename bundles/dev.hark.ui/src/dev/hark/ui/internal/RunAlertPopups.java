package dev.hark.ui.internal;

import java.util.Optional;

import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.core.runtime.Status;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.layout.GridLayout;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Display;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;

import dev.hark.core.HarkPreferences;
import dev.hark.core.HarkTopics;
import dev.hark.core.runs.RunAlert;
import jakarta.inject.Inject;

/**
 * Application add-on: shows each {@link HarkTopics#RUNS_ALERT} as a notification popup at the bottom right of the
 * screen (JFace notifications; problems stay 15 s, a run that ended 6 s) and, when the preference
 * {@link HarkPreferences#RUNS_ALERT_DESKTOP} is on and the desktop has one, as a desktop notification (run on a
 * job, never on the UI thread). The popup's message label carries the id {@code alert.message} for tests.
 */
public final class RunAlertPopups {

    static final long PROBLEM_MS = 15_000;
    static final long ENDED_MS = 6_000;

    private final Optional<DesktopNotifier> desktop = DesktopNotifier.find();

    @Inject
    private org.eclipse.e4.ui.model.application.MApplication application;

    @Inject
    @org.eclipse.e4.core.di.annotations.Optional
    void alert(@UIEventTopic(HarkTopics.RUNS_ALERT) RunAlert alert) {
        Display display = Display.getCurrent();
        if (alert == null || display == null || display.isDisposed()) {
            return;
        }
        int patience;
        try {
            patience = Integer.parseInt(preference(HarkPreferences.RUNS_ALERT_PATIENCE));
        } catch (NumberFormatException e) {
            patience = Integer.parseInt(HarkPreferences.DEFAULTS.get(HarkPreferences.RUNS_ALERT_PATIENCE));
        }
        String title = AlertText.title(alert);
        String message = AlertText.message(alert, patience);
        Shell before = display.getActiveShell();
        // a child of the workbench window: it goes with the window when Hark quits
        Shell window = application.getSelectedElement() != null && application.getSelectedElement().getWidget() instanceof Shell s
                && !s.isDisposed() ? s : null;
        new AlertPopup(display, window, title, message, alert.isProblem() ? PROBLEM_MS : ENDED_MS).open();
        if (before != null && !before.isDisposed() && display.getActiveShell() != before) {
            before.setActive(); // the window the user was typing in keeps the keyboard
        }
        if (desktop.isPresent() && Boolean.parseBoolean(preference(HarkPreferences.RUNS_ALERT_DESKTOP))) {
            Job job = Job.create("Hark: desktop notification", monitor -> {
                desktop.get().show(title, message, alert.isProblem());
                return Status.OK_STATUS;
            });
            job.setSystem(true);
            job.schedule();
        }
    }

    private static String preference(String key) {
        String saved = org.eclipse.core.runtime.preferences.InstanceScope.INSTANCE.getNode(HarkPreferences.NODE).get(key, null);
        String v = HarkPreferences.effective(key, saved).value();
        return v == null ? "" : v;
    }

}
