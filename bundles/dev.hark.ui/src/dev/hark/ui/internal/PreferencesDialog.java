package dev.hark.ui.internal;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.eclipse.core.runtime.preferences.IEclipsePreferences;
import org.eclipse.core.runtime.preferences.InstanceScope;
import org.eclipse.jface.dialogs.Dialog;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Control;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Shell;
import org.eclipse.swt.widgets.Spinner;
import org.eclipse.swt.widgets.Text;
import org.osgi.service.prefs.BackingStoreException;

import dev.hark.core.HarkPreferences;
import dev.hark.core.services.DeviceService;
import dev.hark.core.services.ServerApi;
import dev.hark.core.services.ServerService;
import dev.hark.core.services.ServerStatus;
import dev.hark.protocol.rest.Health;

/**
 * Window &gt; Preferences (Ctrl+,): server mode and address, token, the embedded server's data folder, default
 * model, input device (from {@link DeviceService}), protocol and the streaming timeouts. Each field starts with the
 * value that applies now and says where it comes from (saved, {@code -Dhark.<key>}, or Hark's default); OK saves
 * only what differs from that fallback, so a system property or default keeps applying until changed here.
 * Fields of the other server mode are disabled. "Test connection" asks the server the fields describe for its
 * health, off the UI thread.
 */
public final class PreferencesDialog extends HarkDialog {

    private final IEclipsePreferences prefs = InstanceScope.INSTANCE.getNode(HarkPreferences.NODE);
    private final DeviceService devices;
    private final ServerApi api;
    private final ServerService server;
    private final Map<String, HarkPreferences.Effective> effective = new LinkedHashMap<>();
    private Button embedded;
    private Button remote;
    private Text url;
    private Text token;
    private Text data;
    private Text model;
    private Combo device;
    private Combo protocol;
    private Spinner giveUp;
    private Spinner endWait;
    private Combo language;
    private Spinner alertPatience;
    private Button alertDesktop;

    /** The protocol values stored, in the order of the combo's items ("auto" is shown in the UI language). */
    static final List<String> PROTOCOLS = List.of("auto", "v2", "v1");
    private Button test;
    private Label testResult;
    /** Plugins' pages (tabs after Hark's own), when any plugin contributes one. */
    private final ContributedPages pages = new ContributedPages();

    public PreferencesDialog(Shell shell, DeviceService devices, ServerApi api, ServerService server) {
        super(shell);
        this.devices = devices;
        this.api = api;
        this.server = server;
        for (String key : HarkPreferences.DEFAULTS.keySet()) {
            effective.put(key, HarkPreferences.effective(key, prefs.get(key, null)));
        }
    }

    /** The value that applies now for {@code key} and where it comes from. */
    public HarkPreferences.Effective effective(String key) {
        return effective.get(key);
    }


    @Override
    protected void configureShell(Shell shell) {
        super.configureShell(shell);
        shell.setText(Messages.Prefs_title);
    }

    @Override
    protected boolean isResizable() {
        return true;
    }

    @Override
    protected Control createDialogArea(Composite parent) {
        Composite outer = (Composite) super.createDialogArea(parent);
        Composite area = outer;
        if (!pages.isEmpty()) { // Hark's settings in the first tab, each plugin's page in one after it
            org.eclipse.swt.widgets.TabFolder tabs = Widgets.tag(new org.eclipse.swt.widgets.TabFolder(outer, SWT.TOP), "prefs.tabs");
            GridDataFactory.fillDefaults().grab(true, true).applyTo(tabs);
            org.eclipse.swt.widgets.TabItem hark = new org.eclipse.swt.widgets.TabItem(tabs, SWT.NONE);
            hark.setText(Messages.Prefs_general);
            area = new Composite(tabs, SWT.NONE);
            hark.setControl(area);
            pages.createTabs(tabs);
            outer.addDisposeListener(e -> pages.dispose());
        }
        GridLayoutFactory.swtDefaults().numColumns(3).applyTo(area);
        boolean isRemote = HarkPreferences.MODE_REMOTE.equals(value(HarkPreferences.SERVER_MODE));
        embedded = Widgets.tag(new Button(area, SWT.RADIO), "prefs.embedded");
        embedded.setText(Messages.Prefs_embedded);
        GridDataFactory.fillDefaults().span(2, 1).applyTo(embedded);
        source(area, HarkPreferences.SERVER_MODE);
        remote = Widgets.tag(new Button(area, SWT.RADIO), "prefs.remote");
        remote.setText(Messages.Prefs_remote);
        url = text(area, null, HarkPreferences.SERVER_URL, "prefs.url");
        token = text(area, Messages.Prefs_token, HarkPreferences.SERVER_TOKEN, "prefs.token");
        token.setEchoChar('*');

        new Label(area, SWT.NONE);
        Composite testRow = new Composite(area, SWT.NONE);
        GridLayoutFactory.fillDefaults().numColumns(2).applyTo(testRow);
        GridDataFactory.fillDefaults().span(2, 1).grab(true, false).applyTo(testRow);
        test = Widgets.tag(new Button(testRow, SWT.PUSH), "prefs.test");
        test.setText(Messages.Prefs_test);
        test.addListener(SWT.Selection, e -> testConnection());
        testResult = Widgets.tag(new Label(testRow, SWT.WRAP), "prefs.testResult");
        GridDataFactory.fillDefaults().grab(true, false).hint(280, SWT.DEFAULT).applyTo(testResult);

        data = text(area, Messages.Prefs_data, HarkPreferences.EMBEDDED_DATA, "prefs.data");
        data.setMessage(Messages.Prefs_dataDefault);
        model = text(area, Messages.Prefs_model, HarkPreferences.DEFAULT_MODEL, "prefs.model");
        model.setMessage(Messages.Prefs_modelDefault);

        new Label(area, SWT.NONE).setText(Messages.Prefs_device);
        device = Widgets.tag(new Combo(area, SWT.READ_ONLY), "prefs.device");
        device.setItems(PreferenceText.deviceChoices(devices.inputDevices(), value(HarkPreferences.INPUT_DEVICE)).toArray(String[]::new));
        String chosen = value(HarkPreferences.INPUT_DEVICE);
        device.select(chosen.isEmpty() ? 0 : Math.max(0, device.indexOf(chosen)));
        GridDataFactory.fillDefaults().grab(true, false).applyTo(device);
        source(area, HarkPreferences.INPUT_DEVICE);

        new Label(area, SWT.NONE).setText(Messages.Prefs_protocol);
        protocol = Widgets.tag(new Combo(area, SWT.READ_ONLY), "prefs.protocol");
        protocol.setItems(Messages.Prefs_protocolAuto, "v2", "v1");
        protocol.select(Math.max(0, PROTOCOLS.indexOf(value(HarkPreferences.PROTOCOL))));
        source(area, HarkPreferences.PROTOCOL);
        giveUp = spinner(area, Messages.Prefs_giveUp, HarkPreferences.RECONNECT_GIVE_UP_SECONDS, 0, 86_400, "prefs.giveUp");
        endWait = spinner(area, Messages.Prefs_endWait, HarkPreferences.END_WAIT_SECONDS, 1, 3_600, "prefs.endWait");
        alertPatience = spinner(area, Messages.Prefs_alertPatience, HarkPreferences.RUNS_ALERT_PATIENCE, 1, 1_000, "prefs.alertPatience");
        alertDesktop = Widgets.tag(new Button(area, SWT.CHECK), "prefs.alertDesktop");
        alertDesktop.setText(Messages.Prefs_alertDesktop);
        alertDesktop.setSelection(Boolean.parseBoolean(value(HarkPreferences.RUNS_ALERT_DESKTOP)));
        GridDataFactory.fillDefaults().span(2, 1).applyTo(alertDesktop);
        source(area, HarkPreferences.RUNS_ALERT_DESKTOP);
        new Label(area, SWT.NONE).setText(Messages.Prefs_language);
        language = Widgets.tag(new Combo(area, SWT.READ_ONLY), "prefs.language");
        language.setItems(Messages.Prefs_languageSystem, Messages.Prefs_languageEnglish, Messages.Prefs_languageJapanese);
        language.select(UiLanguage.LANGUAGES.indexOf(UiLanguage.preference()) + 1);
        GridDataFactory.fillDefaults().grab(true, false).applyTo(language);
        new Label(area, SWT.NONE);   // the language applies from the next start (its label says so)

        remote.setSelection(isRemote);
        embedded.setSelection(!isRemote);
        embedded.addListener(SWT.Selection, e -> enableForMode());
        remote.addListener(SWT.Selection, e -> enableForMode());
        enableForMode();
        return outer;
    }

    /** Address and token are for a remote server, the data folder for the embedded one. */
    private void enableForMode() {
        boolean isRemote = remote.getSelection();
        url.setEnabled(isRemote);
        token.setEnabled(isRemote);
        data.setEnabled(!isRemote);
    }

    private String value(String key) {
        String v = effective.get(key).value();
        return v == null ? "" : v;
    }

    private Text text(Composite area, String label, String key, String id) {
        if (label != null) {
            new Label(area, SWT.NONE).setText(label);
        }
        Text t = Widgets.tag(new Text(area, SWT.BORDER), id);
        t.setText(value(key));
        GridDataFactory.fillDefaults().grab(true, false).hint(280, SWT.DEFAULT).applyTo(t);
        source(area, key);
        return t;
    }

    private Spinner spinner(Composite area, String label, String key, int min, int max, String id) {
        new Label(area, SWT.NONE).setText(label);
        Spinner s = Widgets.tag(new Spinner(area, SWT.BORDER), id);
        int v;
        try {
            v = Integer.parseInt(value(key));
        } catch (NumberFormatException e) {
            v = Integer.parseInt(HarkPreferences.DEFAULTS.get(key));
        }
        s.setValues(Math.max(min, Math.min(max, v)), min, max, 0, 1, 60);
        GridDataFactory.fillDefaults().applyTo(s);
        source(area, key);
        return s;
    }

    private void source(Composite area, String key) {
        Label l = Widgets.tag(new Label(area, SWT.NONE), "prefs.source." + key);
        l.setText(PreferenceText.source(effective.get(key)));
        l.setForeground(area.getDisplay().getSystemColor(SWT.COLOR_DARK_GRAY));
    }

    /** Asks the server the fields describe for its health, on a job; the answer (or the reason) shows beside the button. */
    private void testConnection() {
        boolean isRemote = remote.getSelection();
        String address = url.getText().strip();
        String key = token.getText().strip();
        test.setEnabled(false);
        testResult.setText(Messages.Prefs_testing);
        BackgroundWork.run("Hark: test connection", testResult, monitor -> {
            if (isRemote) {
                return describe(api.probe(URI.create(address), key.isEmpty() ? null : key), address);
            }
            ServerStatus s = server.status();
            if (!s.embedded() || s.state() != ServerStatus.State.RUNNING || s.uri() == null) {
                throw new IllegalStateException(NLS.bind(Messages.Prefs_embeddedNotRunning, s.state().name().toLowerCase(java.util.Locale.ROOT)));
            }
            return describe(api.probe(s.uri(), server.token()), s.uri().toString());
        }, answer -> {
            test.setEnabled(true);
            testResult.setText(answer);
            testResult.getParent().getParent().layout(true, true);
        }, reason -> {
            test.setEnabled(true);
            testResult.setText(NLS.bind(Messages.Prefs_testFailed, reason));
            testResult.getParent().getParent().layout(true, true);
        });
    }

    private static String describe(Health h, String address) {
        return NLS.bind(Messages.Prefs_testOk, new Object[] { address, h.server() == null ? "?" : h.server(), h.status(), h.models() });
    }

    @Override
    protected void okPressed() {
        save(HarkPreferences.SERVER_MODE, remote.getSelection() ? HarkPreferences.MODE_REMOTE : HarkPreferences.MODE_EMBEDDED);
        save(HarkPreferences.SERVER_URL, url.getText());
        save(HarkPreferences.SERVER_TOKEN, token.getText());
        save(HarkPreferences.EMBEDDED_DATA, data.getText());
        save(HarkPreferences.DEFAULT_MODEL, model.getText());
        save(HarkPreferences.INPUT_DEVICE, device.getSelectionIndex() <= 0 ? "" : device.getText());
        save(HarkPreferences.PROTOCOL, PROTOCOLS.get(Math.max(0, protocol.getSelectionIndex())));
        prefs.put(UiLanguage.KEY, language.getSelectionIndex() <= 0 ? "" : UiLanguage.LANGUAGES.get(language.getSelectionIndex() - 1));
        save(HarkPreferences.RECONNECT_GIVE_UP_SECONDS, Integer.toString(giveUp.getSelection()));
        save(HarkPreferences.END_WAIT_SECONDS, Integer.toString(endWait.getSelection()));
        save(HarkPreferences.RUNS_ALERT_PATIENCE, Integer.toString(alertPatience.getSelection()));
        save(HarkPreferences.RUNS_ALERT_DESKTOP, Boolean.toString(alertDesktop.getSelection()));
        try {
            prefs.flush();
        } catch (BackingStoreException e) {
            // kept in memory for this session; the next flush may succeed
        }
        pages.performOk();
        super.okPressed();
    }

    @Override
    protected void cancelPressed() {
        pages.performCancel();
        super.cancelPressed();
    }

    /** Saves {@code value} unless it is what applies without a saved preference (then the preference goes). */
    private void save(String key, String value) {
        String v = value == null ? "" : value.strip();
        HarkPreferences.Effective fallback = HarkPreferences.effective(key, null);
        if (v.equals(fallback.value() == null ? "" : fallback.value())) {
            prefs.remove(key);
        } else {
            prefs.put(key, v);
        }
    }
}
