package dev.hark.ui.parts;

import java.nio.file.Path;

import org.eclipse.e4.ui.di.Focus;
import org.eclipse.jface.layout.GridDataFactory;
import org.eclipse.jface.layout.GridLayoutFactory;
import org.eclipse.osgi.util.NLS;
import org.eclipse.swt.SWT;
import org.eclipse.swt.widgets.Button;
import org.eclipse.swt.widgets.Combo;
import org.eclipse.swt.widgets.Composite;
import org.eclipse.swt.widgets.Label;
import org.eclipse.swt.widgets.Text;

import java.util.Locale;

import dev.hark.core.services.ModelService;
import dev.hark.core.services.ServerApi;
import dev.hark.core.services.ServerCallException;
import dev.hark.protocol.rest.ModelEntry;
import dev.hark.ui.internal.BackgroundWork;
import dev.hark.ui.internal.InferenceProgress;
import dev.hark.ui.internal.Messages;
import dev.hark.ui.internal.ModelChoices;
import dev.hark.ui.internal.Widgets;
import jakarta.annotation.PostConstruct;
import jakarta.inject.Inject;

/**
 * File inference: choose a file and a model, run it on the server, read the transcript and its timings. A run
 * shows how far the server decoded and can be cancelled ({@link InferenceProgress}); a new run clears the last
 * one's timings and text.
 */
public class InferencePart {

    @Inject
    private ServerApi server;
    @Inject
    private ModelService models;

    private Text file;
    private Combo model;
    private Text result;
    private Label timings;
    private Button run;
    private InferenceProgress progress;
    /** The default the server named last ("" before): replaced by the next server's while the user kept it. */
    private String serverDefault = "";

    @PostConstruct
    public void createControls(Composite part) {
        Composite parent = Widgets.scrolledForm(part);
        GridLayoutFactory.swtDefaults().numColumns(3).applyTo(parent);
        new Label(parent, SWT.NONE).setText(Messages.Live_file);
        file = Widgets.tag(new Text(parent, SWT.BORDER), "inference.file");
        Widgets.field(100).applyTo(file);
        Button browse = new Button(parent, SWT.PUSH);
        browse.setText(Messages.Live_browse);
        browse.addListener(SWT.Selection, e -> {
            String chosen = Widgets.chooseAudioFile(parent.getShell());
            if (chosen != null) {
                file.setText(chosen);
            }
        });
        new Label(parent, SWT.NONE).setText(Messages.Live_model);
        model = Widgets.tag(new Combo(parent, SWT.DROP_DOWN), "inference.model");
        Widgets.field(100).applyTo(model);
        run = Widgets.tag(new Button(parent, SWT.PUSH), "inference.run");
        run.setText(Messages.Inference_run);
        run.addListener(SWT.Selection, e -> run());
        progress = new InferenceProgress(parent);
        GridDataFactory.fillDefaults().span(3, 1).grab(true, false).applyTo(progress.control());
        timings = Widgets.wrappingLabel(parent, "inference.timings", 3);
        result = Widgets.tag(new Text(parent, SWT.BORDER | SWT.MULTI | SWT.WRAP | SWT.V_SCROLL | SWT.READ_ONLY), "inference.result");
        GridDataFactory.fillDefaults().span(3, 1).grab(true, true).hint(200, 80).applyTo(result);
        loadModels();
    }

    /** The server's models; an untouched model field takes the server's default (or first) model. */
    private void loadModels() {
        BackgroundWork.run("Hark: list models", model, monitor -> new Choices(models.models(), ModelChoices.inferenceDefault(server.config())),
                c -> {
                    String current = model.getText();
                    model.removeAll();
                    for (ModelEntry m : c.models()) {
                        model.add(m.name());
                    }
                    model.setText(current.isEmpty() || current.equals(serverDefault) ? c.serverDefault() : current);
                    serverDefault = c.serverDefault();
                }, message -> { });
    }

    private record Choices(java.util.List<ModelEntry> models, String serverDefault) {
    }

    /** The server became ready (launch, restart, another server): its models and default. */
    @org.eclipse.e4.core.di.annotations.Optional
    @Inject
    void onServer(@org.eclipse.e4.ui.di.UIEventTopic(dev.hark.core.HarkTopics.SERVER_STATE) dev.hark.core.services.ServerStatus s) {
        if (dev.hark.ui.internal.Refreshes.onServer(s) && model != null && !model.isDisposed()) {
            loadModels();
        }
    }

    private void run() {
        String path = file.getText().strip();
        String name = model.getText().strip();
        if (path.isEmpty()) {
            result.setText(Messages.Live_noFile);
            return;
        }
        run.setEnabled(false);
        result.setText(Messages.Common_working);
        timings.setText(""); // the last run's timings do not belong to this one
        org.eclipse.core.runtime.IProgressMonitor[] monitor = new org.eclipse.core.runtime.IProgressMonitor[1];
        ServerApi.InferenceProgress reports = progress.begin(monitor);
        BackgroundWork.run("Hark: transcribe " + Path.of(path).getFileName(), result,
                m -> {
                    monitor[0] = m;
                    return server.inference(Path.of(path), name, reports);
                }, r -> {
                    run.setEnabled(true);
                    progress.end(Messages.Inference_done);
                    String text = r.transcription() == null ? "" : r.transcription();
                    result.setText(text.isBlank() ? Messages.Inference_empty : text);
                    timings.setText(NLS.bind(Messages.Inference_timings, new Object[] { ms(r.firstTokenTimeMs()),
                            ms(r.inferenceTimeMs()), ms(r.totalTimeMs()) }));
                    Widgets.relayout(timings);
                }, message -> {
                    run.setEnabled(true);
                    boolean cancelled = progress.cancelled() || ServerCallException.Cancelled.MESSAGE.equals(message);
                    progress.end(cancelled ? Messages.Inference_cancelled : Messages.Inference_failed);
                    result.setText(cancelled ? Messages.Inference_cancelled : NLS.bind(Messages.Common_errorWith, message));
                });
    }

    /** As the server wrote it: {@code 12.3}, without a trailing {@code .0}. */
    static String ms(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }

    @Focus
    void focus() {
        file.setFocus();
    }
}
