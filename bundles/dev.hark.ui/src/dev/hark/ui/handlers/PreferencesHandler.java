package dev.hark.ui.handlers;

import java.util.HashMap;
import java.util.Map;

import org.eclipse.core.runtime.Status;
import org.eclipse.core.runtime.jobs.ISchedulingRule;
import org.eclipse.core.runtime.jobs.Job;
import org.eclipse.e4.core.di.annotations.Execute;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;
import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.osgi.service.prefs.BackingStoreException;

import dev.hark.core.HarkPreferences;
import dev.hark.core.services.ServerService;
import dev.hark.ui.internal.Messages;
import dev.hark.ui.internal.ServerPreferences;
import jakarta.inject.Named;

/** Window &gt; Preferences (Ctrl+,): server, default model, input device, reconnect policy; persisted. */
public class PreferencesHandler {

    @Execute
    public void execute(@Named("activeShell") Shell shell, ServerService server) {
        IEclipsePreferences prefs = InstanceScope.INSTANCE.getNode(HarkPreferences.NODE);
        Map<String, String> before = serverValues(prefs);
        if (new PreferencesDialog(shell).open() == Dialog.OK && ServerPreferences.changed(before, serverValues(prefs))) {
            reconfigure(server);
        }
    }

    private static Map<String, String> serverValues(IEclipsePreferences prefs) {
        Map<String, String> values = new HashMap<>();
        for (String key : ServerPreferences.KEYS) {
            values.put(key, prefs.get(key, ""));
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

    static final class PreferencesDialog extends Dialog {
        private final IEclipsePreferences prefs = InstanceScope.INSTANCE.getNode(HarkPreferences.NODE);
        private Button embedded;
        private Button remote;
        private Text url;
        private Text token;
        private Text data;
        private Text model;
        private Text device;
        private Combo protocol;
        private Spinner giveUp;
        private Combo language;

        /** The protocol values stored, in the order of the combo's items. */
        static final java.util.List<String> PROTOCOLS = java.util.List.of("auto", "v2", "v1");

        PreferencesDialog(Shell shell) {
            super(shell);
        }

        @Override
        protected void configureShell(Shell shell) {
            super.configureShell(shell);
            shell.setText(Messages.Prefs_title);
        }

        @Override
        protected void createButtonsForButtonBar(Composite parent) {
            createButton(parent, org.eclipse.jface.dialogs.IDialogConstants.OK_ID, Messages.Common_ok, true);
            createButton(parent, org.eclipse.jface.dialogs.IDialogConstants.CANCEL_ID, Messages.Common_cancel, false);
        }

        @Override
        protected Control createDialogArea(Composite parent) {
            Composite area = (Composite) super.createDialogArea(parent);
            GridLayoutFactory.swtDefaults().numColumns(2).applyTo(area);
            embedded = new Button(area, SWT.RADIO);
            embedded.setText(Messages.Prefs_embedded);
            GridDataFactory.fillDefaults().span(2, 1).applyTo(embedded);
            remote = new Button(area, SWT.RADIO);
            remote.setText(Messages.Prefs_remote);
            url = text(area, null, prefs.get(HarkPreferences.SERVER_URL, "http://127.0.0.1:58081"));
            token = text(area, Messages.Prefs_token, prefs.get(HarkPreferences.SERVER_TOKEN, ""));
            token.setEchoChar('*');
            data = text(area, Messages.Prefs_data, prefs.get(HarkPreferences.EMBEDDED_DATA, ""));
            model = text(area, Messages.Prefs_model, prefs.get(HarkPreferences.DEFAULT_MODEL, ""));
            device = text(area, Messages.Prefs_device, prefs.get(HarkPreferences.INPUT_DEVICE, ""));
            new Label(area, SWT.NONE).setText(Messages.Prefs_protocol);
            protocol = new Combo(area, SWT.READ_ONLY);
            protocol.setItems(Messages.Prefs_protocolAuto, "v2", "v1"); // "auto" is stored, "automatic" in the UI language shown
            protocol.select(Math.max(0, PROTOCOLS.indexOf(prefs.get(HarkPreferences.PROTOCOL, "auto"))));
            new Label(area, SWT.NONE).setText(Messages.Prefs_giveUp);
            giveUp = new Spinner(area, SWT.BORDER);
            giveUp.setValues(prefs.getInt(HarkPreferences.RECONNECT_GIVE_UP_SECONDS, 300), 0, 86_400, 0, 10, 60);
            new Label(area, SWT.NONE).setText(Messages.Prefs_language);
            language = new Combo(area, SWT.READ_ONLY);
            language.setItems(Messages.Prefs_languageSystem, Messages.Prefs_languageEnglish, Messages.Prefs_languageJapanese);
            language.select(dev.hark.ui.internal.UiLanguage.LANGUAGES.indexOf(dev.hark.ui.internal.UiLanguage.preference()) + 1);
            boolean isRemote = HarkPreferences.MODE_REMOTE.equals(prefs.get(HarkPreferences.SERVER_MODE, HarkPreferences.MODE_EMBEDDED));
            remote.setSelection(isRemote);
            embedded.setSelection(!isRemote);
            return area;
        }

        private static Text text(Composite area, String label, String value) {
            if (label != null) {
                new Label(area, SWT.NONE).setText(label);
            }
            Text t = new Text(area, SWT.BORDER);
            t.setText(value);
            GridDataFactory.fillDefaults().grab(true, false).hint(280, SWT.DEFAULT).applyTo(t);
            return t;
        }

        @Override
        protected void okPressed() {
            prefs.put(HarkPreferences.SERVER_MODE, remote.getSelection() ? HarkPreferences.MODE_REMOTE : HarkPreferences.MODE_EMBEDDED);
            prefs.put(HarkPreferences.SERVER_URL, url.getText().strip());
            prefs.put(HarkPreferences.SERVER_TOKEN, token.getText().strip());
            prefs.put(HarkPreferences.EMBEDDED_DATA, data.getText().strip());
            prefs.put(HarkPreferences.DEFAULT_MODEL, model.getText().strip());
            prefs.put(HarkPreferences.INPUT_DEVICE, device.getText().strip());
            prefs.put(HarkPreferences.PROTOCOL, PROTOCOLS.get(Math.max(0, protocol.getSelectionIndex())));
            prefs.put(dev.hark.ui.internal.UiLanguage.KEY,
                    language.getSelectionIndex() <= 0 ? "" : dev.hark.ui.internal.UiLanguage.LANGUAGES.get(language.getSelectionIndex() - 1));
            prefs.putInt(HarkPreferences.RECONNECT_GIVE_UP_SECONDS, giveUp.getSelection());
            try {
                prefs.flush();
            } catch (BackingStoreException e) {
                // kept in memory for this session; the next flush may succeed
            }
            super.okPressed();
        }
    }
}
