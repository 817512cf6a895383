package dev.hark.ui.handlers;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.ISchedulingRule;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;

import dev.hark.core.HarkPreferences;
import dev.hark.core.services.DeviceService;
import dev.hark.core.services.ServerApi;
import dev.hark.core.services.ServerService;
import dev.hark.ui.internal.Messages;
import dev.hark.ui.internal.PreferencesDialog;
import dev.hark.ui.internal.ServerPreferences;
import jakarta.inject.Named;

/** Window &gt; Preferences (Ctrl+,): opens the {@link PreferencesDialog}; a changed server is applied on a job. */
public class PreferencesHandler {

    @Execute
    public void execute(@Named("activeShell") Shell shell, ServerService server, ServerApi api, DeviceService devices) {
        IEclipsePreferences prefs = InstanceScope.INSTANCE.getNode(HarkPreferences.NODE);
        Map<String, String> before = serverValues(prefs);
        if (new PreferencesDialog(shell, devices, api, server).open() == Dialog.OK && ServerPreferences.changed(before, serverValues(prefs))) {
            reconfigure(server);
        }
    }

    private static Map<String, String> serverValues(IEclipsePreferences prefs) {
        Map<String, String> values = new HashMap<>();
        for (String key : ServerPreferences.KEYS) {
            values.put(key, java.util.Objects.requireNonNullElse(HarkPreferences.effective(key, prefs.get(key, null)).value(), ""));
        }
        return values;
    }

    /**
     * Switching servers stops the old one (an embedded child may take many seconds to stop): a background
     * job does it, never the UI thread. Jobs of this family run one after the other.
     */
    static Job reconfigure(ServerService server) {
        Job job = Job.create(Messages.Prefs_applying, monitor -> {
            server.reconfigure();
            return Status.OK_STATUS;
        });
        job.setRule(RECONFIGURE);
        job.setSystem(false);
        job.schedule();
        return job;
    }

    /** Serializes reconfigure jobs: a second OK waits for the first switch to finish. */
    private static final ISchedulingRule RECONFIGURE = new ISchedulingRule() {
        @Override
        public boolean contains(ISchedulingRule rule) {
            return rule == this;
        }

        @Override
        public boolean isConflicting(ISchedulingRule rule) {
            return rule == this;
        }
    };
}
