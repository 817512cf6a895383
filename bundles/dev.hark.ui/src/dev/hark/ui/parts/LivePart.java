package dev.hark.ui.parts;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import org.eclipse.e4.core.di.annotations.Optional;
import org.eclipse.e4.core.di.extensions.EventTopic;
import org.eclipse.e4.ui.di.Focus;
import org.eclipse.e4.ui.di.UIEventTopic;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.FileDialog;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import dev.hark.core.AudioLevel;
import dev.hark.core.ConnectionState;
import dev.hark.core.StreamMetrics;
import dev.hark.core.StreamStateChanged;
import dev.hark.core.HarkTopics;
import dev.hark.core.UtteranceLatency;
import dev.hark.core.audio.AudioSources;
import dev.hark.core.audio.source.AudioSourceProvider;
import dev.hark.core.services.LiveInput;
import dev.hark.core.services.LiveService;
import dev.hark.core.services.ModelService;
import dev.hark.core.transcript.Segment;
import dev.hark.core.transcript.TranscriptExporter;
import dev.hark.core.transcript.TranscriptExporters;
import dev.hark.protocol.rest.ModelEntry;
import dev.hark.ui.internal.BackgroundWork;
import dev.hark.ui.internal.LevelMeter;
import dev.hark.ui.internal.Messages;
import dev.hark.ui.internal.TranscriptText;
import dev.hark.ui.internal.UiThrottle;
import dev.hark.ui.internal.Widgets;
import dev.hark.ui.internal.WordTranscriptView;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * Live transcription: pick a model and an input, start and stop, watch the level, the connection and
 * the transcript grow (the partial replaced in place, finals appended with their times). The part only
 * commands the {@link LiveService} and follows the bus: opening, closing or moving it never touches the
 * connection. Bus events only store state; a {@link UiThrottle} repaints at most ~30 times a second, and a
 * repaint changes only what changed in the transcript ({@link TranscriptText}): finished segments are
 * appended, the partial at the end replaced, whatever the length of the session. Words are shaded by
 * confidence with their times on hover and each utterance shows its latencies ({@link WordTranscriptView});
 * the level is a {@link LevelMeter} with peak hold and a clip light.
 */
public class LivePart {

    @Inject
    private LiveService live;
    @Inject
    private ModelService models;
    /** every registered audio source, Hark's microphone and file and the plugins' (the Input list follows them) */
    private volatile java.util.List<AudioSourceProvider> sources = java.util.List.of();
    /** what each entry of the Input list opens, index for index */
    private java.util.List<InputChoice> choices = java.util.List.of();
    /** every registered transcript format: Hark's txt, srt, vtt, json and the plugins' (updated as plugins come and go) */
    @Inject
    @org.eclipse.e4.core.di.extensions.Service
    private java.util.List<TranscriptExporter> exporters;

    private Combo model;
    private Combo input;
    private Text file;
    private Button realtime;
    private LevelMeter level;
    private Label levelText;
    private Label status;
    private Label error;
    private WordTranscriptView transcript;
    private UiThrottle throttle;

    // latest state from the bus, read by repaint()
    private volatile AudioLevel lastLevel;
    private volatile StreamStateChanged lastState;
    private volatile StreamMetrics lastMetrics;
    private volatile String lastError = "";
    /** The failure that ended the session, kept until the next Start: a later "Idle (session ended)" does not hide it. */
    private volatile StreamStateChanged failed;
    private final TranscriptText text = new TranscriptText();

    @PostConstruct
    public void createControls(Composite part) {
        Composite parent = Widgets.scrolledForm(part);
        GridLayoutFactory.swtDefaults().numColumns(6).applyTo(parent);

        new Label(parent, SWT.NONE).setText(Messages.Live_model);
        model = Widgets.tag(new Combo(parent, SWT.DROP_DOWN), "live.model");
        model.add(Messages.Live_serverDefault);
        model.select(0);
        model.addListener(SWT.Selection, e -> models.useForLive(chosenModel())); // the choice outlives this view
        model.addListener(SWT.DefaultSelection, e -> models.useForLive(chosenModel()));
        Widgets.field(100).span(2, 1).applyTo(model);
        new Label(parent, SWT.NONE).setText(Messages.Live_input);
        input = Widgets.tag(new Combo(parent, SWT.READ_ONLY), "live.input");
        fillInputs();
        Widgets.field(100).span(2, 1).applyTo(input);

        new Label(parent, SWT.NONE).setText(Messages.Live_file);
        file = Widgets.tag(new Text(parent, SWT.BORDER), "live.file");
        Widgets.field(100).span(3, 1).applyTo(file);
        Button browse = new Button(parent, SWT.PUSH);
        browse.setText(Messages.Live_browse);
        browse.addListener(SWT.Selection, e -> browse(parent));
        realtime = Widgets.tag(new Button(parent, SWT.CHECK), "live.realtime");
        realtime.setText(Messages.Live_realtime);
        realtime.setSelection(true);

        Composite buttons = Widgets.buttonBar(parent, 6);
        Button start = Widgets.tag(new Button(buttons, SWT.PUSH), "live.start");
        start.setText(Messages.Live_start);
        start.addListener(SWT.Selection, e -> start());
        Button stop = Widgets.tag(new Button(buttons, SWT.PUSH), "live.stop");
        stop.setText(Messages.Live_stop);
        stop.addListener(SWT.Selection, e -> live.stop());
        Button clear = Widgets.tag(new Button(buttons, SWT.PUSH), "live.clear");
        clear.setText(Messages.Live_clear);
        clear.addListener(SWT.Selection, e -> live.clear());
        Button export = Widgets.tag(new Button(buttons, SWT.PUSH), "live.export");
        export.setText(Messages.Live_export);
        export.addListener(SWT.Selection, e -> export(parent));

        new Label(parent, SWT.NONE).setText(Messages.Live_level);
        level = Widgets.tag(new LevelMeter(parent), "live.level");
        GridDataFactory.fillDefaults().grab(true, false).span(3, 1).minSize(60, SWT.DEFAULT).applyTo(level);
        levelText = Widgets.wrappingLabel(parent, "live.levelText", 2);

        status = Widgets.wrappingLabel(parent, "live.status", 6);
        error = Widgets.wrappingLabel(parent, "live.error", 6);
        error.setForeground(parent.getDisplay().getSystemColor(SWT.COLOR_DARK_RED));

        transcript = new WordTranscriptView(parent);
        Widgets.tag(transcript.control(), "live.transcript");
        GridDataFactory.fillDefaults().span(6, 1).grab(true, true).hint(200, 120).applyTo(transcript.control());
        Label legend = Widgets.wrappingLabel(parent, "live.legend", 6);
        legend.setText(Messages.Live_legend);

        throttle = new UiThrottle(transcript.control(), this::repaint);
        lastState = StreamStateChanged.of(live.state(), "", "");
        lastMetrics = live.metrics();
        throttle.request(); // show what the service already has: this part may open mid-session
        loadModels();
    }

    private void loadModels() {
        models.liveModel().ifPresent(this::show);
        BackgroundWork.run("Hark: list models", model, monitor -> models.models(), list -> {
            String current = model.getText();
            model.removeAll();
            model.add(Messages.Live_serverDefault);
            for (ModelEntry m : list) {
                model.add(m.name());
            }
            model.setText(current);
        }, message -> { /* the server may still be starting: the list fills when it is running (onServer) */ });
    }

    /** The server became ready: its models fill the list. */
    @Inject
    @Optional
    void onServer(@UIEventTopic(HarkTopics.SERVER_STATE) dev.hark.core.services.ServerStatus s) {
        if (dev.hark.ui.internal.Refreshes.onServer(s) && model != null && !model.isDisposed()) {
            loadModels();
        }
    }

    /** The model chosen for live transcription (here or in the Models view), kept by the model service. */
    @Inject
    @Optional
    void useModel(@UIEventTopic(HarkTopics.MODEL_FOR_LIVE) String name) {
        if (model != null && !model.isDisposed()) {
            show(name);
        }
    }

    private void show(String name) {
        if (name.isBlank()) {
            model.select(0);
        } else if (!model.getText().equals(name)) {
            model.setText(name);
        }
    }

    /** The model in the combo; null for the server's default. */
    private String chosenModel() {
        String text = model.getText().strip();
        return text.isEmpty() || text.equals(Messages.Live_serverDefault) ? null : text;
    }

    /** One entry of the Input list: a provider's input (null: its default). */
    private record InputChoice(String source, String input, AudioSourceProvider.Location location) {
    }

    /** The registered audio sources changed (a plugin came or went): the Input list follows, keeping the choice. */
    @Inject
    void sources(@org.eclipse.e4.core.di.extensions.Service java.util.List<AudioSourceProvider> all) {
        sources = all == null ? java.util.List.of() : java.util.List.copyOf(all);
        Combo c = input;
        if (c != null && !c.isDisposed()) {
            c.getDisplay().asyncExec(() -> {
                if (!c.isDisposed()) {
                    fillInputs();
                }
            });
        }
    }

    /** Every input of every provider, in their order; Hark's own are labelled in the UI's language. */
    private void fillInputs() {
        int selected = input.getSelectionIndex();
        InputChoice was = selected >= 0 && selected < choices.size() ? choices.get(selected) : null;
        java.util.List<InputChoice> next = new java.util.ArrayList<>();
        input.removeAll();
        for (AudioSourceProvider p : AudioSources.ordered(sources)) {
            try {
                java.util.List<AudioSourceProvider.Input> inputs = p.inputs();
                if (inputs == null || inputs.isEmpty()) {
                    input.add(label(p, null, p.label()));
                    next.add(new InputChoice(p.id(), null, p.location()));
                }
                for (AudioSourceProvider.Input i : inputs == null ? java.util.List.<AudioSourceProvider.Input>of() : inputs) {
                    input.add(label(p, i.id(), i.label()));
                    next.add(new InputChoice(p.id(), i.id(), p.location()));
                }
            } catch (RuntimeException | LinkageError e) {
                java.util.logging.Logger.getLogger(LivePart.class.getName()).log(java.util.logging.Level.WARNING,
                        "the audio source " + p.getClass().getName() + " failed to list its inputs", e);
            }
        }
        choices = next;
        int again = was == null ? -1 : next.indexOf(was);
        input.select(Math.max(0, again));
    }

    private static String label(AudioSourceProvider p, String inputId, String given) {
        if (p.id().equals("microphone") && inputId == null) {
            return Messages.Live_defaultMicrophone;
        }
        if (p.id().equals("file")) {
            return Messages.Live_audioFile;
        }
        return given;
    }

    private InputChoice chosenInput() {
        int i = input.getSelectionIndex();
        return i >= 0 && i < choices.size() ? choices.get(i) : null;
    }

    /** Browse: a folder for a source that takes one, else an audio file (and the file input, unless the source takes files). */
    private void browse(Composite parent) {
        InputChoice c = chosenInput();
        if (c != null && c.location() == AudioSourceProvider.Location.FOLDER) {
            org.eclipse.swt.widgets.DirectoryDialog d = new org.eclipse.swt.widgets.DirectoryDialog(parent.getShell());
            String chosen = d.open();
            if (chosen != null) {
                file.setText(chosen);
            }
            return;
        }
        String chosen = Widgets.chooseAudioFile(parent.getShell());
        if (chosen != null) {
            file.setText(chosen);
            if (c == null || c.location() != AudioSourceProvider.Location.FILE) {
                for (int i = 0; i < choices.size(); i++) {
                    if (choices.get(i).location() == AudioSourceProvider.Location.FILE) {
                        input.select(i);
                        break;
                    }
                }
            }
        }
    }

    private void start() {
        String chosenModel = chosenModel();
        InputChoice c = chosenInput();
        if (c == null) {
            Widgets.inform(input.getShell(), Messages.Live_title, Messages.Live_noSource);
            return;
        }
        String location = null;
        if (c.location() != AudioSourceProvider.Location.NONE) {
            if (file.getText().isBlank()) {
                Widgets.inform(file.getShell(), Messages.Live_title,
                        c.location() == AudioSourceProvider.Location.FILE ? Messages.Live_noFile : Messages.Live_noLocation);
                file.setFocus();
                return;
            }
            location = file.getText().strip();
        }
        lastError = "";
        failed = null;
        live.start(new LiveInput.Source(c.source(), c.input(), location, realtime.getSelection()), chosenModel);
    }

    private void export(Composite parent) {
        java.util.List<TranscriptExporter> offered = java.util.List.copyOf(TranscriptExporters.byFormat(
                exporters == null || exporters.isEmpty() ? TranscriptExporters.builtIns() : exporters).values());
        FileDialog d = new FileDialog(parent.getShell(), SWT.SAVE);
        d.setFilterExtensions(offered.stream().map(x -> "*." + x.extension()).toArray(String[]::new));
        d.setFilterNames(offered.stream().map(x -> x.label() + " (*." + x.extension() + ")").toArray(String[]::new));
        d.setOverwrite(true);
        String target = d.open();
        if (target == null) {
            return;
        }
        String ext = target.contains(".") ? target.substring(target.lastIndexOf('.') + 1) : "";
        // the chosen filter's format when the name fits it (several formats may share "txt"), else the name's extension
        TranscriptExporter filtered = offered.get(Math.max(0, Math.min(d.getFilterIndex(), offered.size() - 1)));
        TranscriptExporter chosen = ext.isEmpty() || filtered.extension().equalsIgnoreCase(ext) ? filtered
                : offered.stream().filter(x -> x.extension().equalsIgnoreCase(ext)).findFirst().orElse(filtered);
        try {
            Files.writeString(Path.of(target), chosen.export(TranscriptExporters.committed(live.snapshot())), StandardCharsets.UTF_8);
        } catch (Exception e) {
            Widgets.error(parent.getShell(), e.getMessage());
        }
    }

    // ---- bus: store, then ask for a (coalesced) repaint ----

    @Inject
    @Optional
    void onLevel(@EventTopic(HarkTopics.AUDIO_LEVEL) AudioLevel l) {
        lastLevel = l;
        request();
    }

    /** Everything on {@code hark/stream/*}: keep what the repaint needs, by payload type. */
    @Inject
    @Optional
    void onStream(@EventTopic(HarkTopics.STREAM_ALL) Object payload) {
        switch (payload) {
            case StreamStateChanged s -> onState(s);
            case StreamMetrics m -> lastMetrics = m;
            case UtteranceLatency l -> text.latency(l); // just before its final
            case Segment s -> text.accept(s); // partial, final or gap
            case Boolean cleared -> text.cleared();
            case String error -> lastError = error;
            default -> {
                return;
            }
        }
        request();
    }

    /**
     * A failed session says why until the next Start: the FAILED state (the services post it with the reason) wins
     * over the idle state the ended session reports, whichever arrives first. The level of an ended session is gone.
     */
    private void onState(StreamStateChanged s) {
        if (s.state() == ConnectionState.FAILED) {
            failed = s; // cleared by the next Start only
        }
        if (!s.state().isActive()) {
            lastLevel = null;
        }
        lastState = s;
    }

    /** The state to show: the failure of the last session if it failed. */
    private StreamStateChanged shownState() {
        StreamStateChanged s = lastState;
        StreamStateChanged f = failed;
        return f != null && s != null && !s.state().isActive() ? f : s;
    }

    private void request() {
        UiThrottle t = throttle;
        if (t != null) {
            t.request();
        }
    }

    /** Number of coalesced repaints (tests check it stays bounded). */
    public long repaints() {
        return throttle.repaints();
    }

    private void repaint() {
        level.show(lastLevel);
        levelText.setText(level.describe());
        StreamStateChanged s = shownState();
        StreamStateChanged f = failed;
        StreamMetrics m = lastMetrics;
        if (s != null) {
            String state = dev.hark.ui.internal.StateText.withDetail(s.state(), s.detail());
            status.setText(NLS.bind(Messages.Live_status, new Object[] { state, ms(m == null ? -1 : m.rttMillis()),
                    m == null ? 0 : m.reconnects(), ms(m == null ? -1 : m.firstPartialMillis()), ms(m == null ? -1 : m.finalMillis()),
                    m == null ? 0 : m.pipeDropped() }));
            status.setForeground(status.getDisplay().getSystemColor(
                    s.state() == ConnectionState.FAILED ? SWT.COLOR_DARK_RED : SWT.COLOR_WIDGET_FOREGROUND));
        }
        String err = lastError;
        error.setText(err.isEmpty() && f != null && s == f ? dev.hark.ui.internal.StateText.detail(f.detail()) : err);
        showTranscript();
        Widgets.relayout(status, error, levelText);
    }

    private static String ms(long v) {
        return v < 0 ? "-" : NLS.bind(Messages.Common_ms, v);
    }

    /** Applies what changed: one range replacement at the end of the text, styles only for the new text. */
    private void showTranscript() {
        if (text.needsSnapshot()) {
            text.load(live.snapshot()); // the first repaint, or events were missed: once, not per repaint
        }
        text.take().ifPresent(transcript::apply);
    }

    @Focus
    void focus() {
        model.setFocus();
    }
}
