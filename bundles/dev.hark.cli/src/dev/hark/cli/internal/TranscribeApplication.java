package dev.hark.cli.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.DoubleSupplier;

import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;

import org.eclipse.equinox.app.IApplication;
import org.eclipse.equinox.app.IApplicationContext;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import dev.hark.audio.AudioDevices;
import dev.hark.audio.AudioSource;
import dev.hark.audio.FileSource;
import dev.hark.audio.InputDevice;
import dev.hark.audio.MicrophoneSource;
import dev.hark.core.Bus;
import dev.hark.core.HarkTopics;
import dev.hark.core.transcript.TranscriptDocument;
import dev.hark.core.transcript.TranscriptExporter;
import dev.hark.core.transcript.TranscriptExporters;
import dev.hark.engine.SpeechEngine;
import dev.hark.server.HarkServer;
import dev.hark.server.ModelCatalog;
import dev.hark.server.ServerConfig;
import dev.hark.session.TranscriptionSession;
import dev.hark.transport.ClientSettings;
import dev.hark.transport.ReconnectPolicy;

/**
 * {@code hark transcribe}: transcribes files, or the microphone ({@code --mic}), through {@link TranscriptionSession},
 * the workbench's own path (file or microphone source, pipe, streaming client). See {@link TranscribeArguments.Options} (or {@code --help}) for
 * options and exit codes.
 */
public final class TranscribeApplication implements IApplication {

    static final int OK = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final int BAD_FILE = 3;
    static final int UNREACHABLE = 4;

    /** The CLI gives up on an unreachable server quickly; the workbench keeps trying longer. */
    static final ReconnectPolicy CLI_RECONNECT = new ReconnectPolicy(Duration.ofMillis(250), Duration.ofSeconds(2), 0.2,
            Duration.ofSeconds(10));

    /** The rate sent to the server: pocketsphinx's and the CTC models' rate. */
    static final int SEND_RATE = 16_000;

    private volatile boolean stopped;
    /** the --format's exporter (a built-in or a plugin's) */
    private TranscriptExporter exporter;
    /** A terminal gets a progress line redrawn in place; a pipe or file gets a plain line every few seconds. */
    private final boolean terminal = System.console() != null;
    private long lastProgressLine;

    @Override
    public Object start(IApplicationContext context) throws Exception {
        String[] args = (String[]) context.getArguments().getOrDefault(IApplicationContext.APPLICATION_ARGS, new String[0]);
        context.applicationRunning();
        return run(args, System.out, System.err);
    }

    int run(String[] args, PrintStream out, PrintStream err) {
        TranscribeArguments a;
        java.util.Map<String, TranscriptExporter> exporters = ExporterLookup.current();
        try {
            a = TranscribeArguments.parse(args, System.getenv("HARK_SERVER"), System.getenv("HARK_SERVER_TOKEN"), exporters.keySet());
        } catch (dev.hark.core.cli.UsageException e) {
            if (e.help()) {
                out.print(e.getMessage());
                out.flush();
                return OK;
            }
            err.println("hark transcribe: " + e.getMessage());
            return USAGE;
        }
        for (Path f : a.files()) {
            String problem = unreadable(f);
            if (problem != null) {
                err.println("hark transcribe: " + problem);
                return BAD_FILE;
            }
        }
        if (a.out() != null && a.files().size() > 1 && !Files.isDirectory(a.out())) {
            err.println("hark transcribe: with several files, --out must be an existing folder");
            return USAGE;
        }
        exporter = exporters.get(a.format());
        ServiceTracker<SpeechEngine, SpeechEngine> engines = null;
        ModelCatalog catalog = null;
        HarkServer embedded = null;
        try {
            URI server = a.server();
            if (a.embedded()) {
                engines = new ServiceTracker<>(bundleContext(), SpeechEngine.class, null);
                engines.open();
                engines.waitForService(5_000);
                ServiceTracker<SpeechEngine, SpeechEngine> tracked = engines;
                catalog = new ModelCatalog(() -> List.of(tracked.getServices(new SpeechEngine[0])));
                Path data = a.data() != null ? a.data().toAbsolutePath() : ServerConfig.defaultDataDir();
                embedded = HarkServer.start(ServerConfig.defaults().withPort(0).withDataDir(data), catalog);
                server = embedded.httpUri();
                err.println("hark transcribe: embedded server on " + server);
            }
            ClientSettings settings = new ClientSettings(server, a.token(), a.protocol(), a.model(), null, CLI_RECONNECT, null, a.endWait());
            if (a.mic()) {
                return transcribeMicrophone(a, settings, out, err);
            }
            int worst = OK;
            for (Path file : a.files()) {
                if (stopped) {
                    return FAILED;
                }
                int code = transcribe(file, a, settings, out, err);
                worst = Math.max(worst, code == UNREACHABLE ? UNREACHABLE : code);
                if (code == UNREACHABLE) {
                    break; // the next file would fail the same way
                }
            }
            return worst;
        } catch (Exception e) {
            err.println("hark transcribe: " + e.getMessage());
            return FAILED;
        } finally {
            if (embedded != null) {
                try {
                    embedded.close();
                } catch (Exception e) {
                    err.println("hark transcribe: stopping the embedded server: " + e.getMessage());
                }
            }
            if (catalog != null) {
                catalog.close();
            }
            if (engines != null) {
                engines.close();
            }
        }
    }

    /** Null if the file looks like audio we can read, else why not. */
    static String unreadable(Path f) {
        if (!Files.isRegularFile(f)) {
            return f + ": no such file";
        }
        if (!Files.isReadable(f)) {
            return f + ": not readable";
        }
        try {
            AudioSystem.getAudioFileFormat(f.toFile());
            return null;
        } catch (UnsupportedAudioFileException e) {
            return f + ": not an audio file Hark can read (use WAV, AIFF or AU with PCM or float samples)";
        } catch (IOException e) {
            return f + ": " + e.getMessage();
        }
    }

    private int transcribe(Path file, TranscribeArguments a, ClientSettings settings, PrintStream out, PrintStream err) {
        FileSource source = new FileSource(file, SEND_RATE, a.realtime());
        Input input = new Input(source, file.getFileName().toString(), file.toString(), stem(file), source::progressSeconds,
                source::durationSeconds, Double.NaN);
        return run(input, (topic, payload) -> {
            // the session's outcome carries what matters; the bus feeds views, which a command line has not
        }, a, settings, out, err);
    }

    /** {@code --mic}: the microphone until {@code --seconds} or Ctrl+C, through the same session as files. */
    private int transcribeMicrophone(TranscribeArguments a, ClientSettings settings, PrintStream out, PrintStream err) {
        InputDevice device = null;
        if (a.device() != null) {
            device = AudioDevices.find(a.device()).orElse(null);
            if (device == null) {
                err.println("hark transcribe: no capture device matches \"" + a.device() + "\" (`hark devices` lists them)");
                return BAD_FILE;
            }
        }
        MicrophoneSource source = new MicrophoneSource(device, SEND_RATE);
        String label = source.description();
        AtomicLong listening = new AtomicLong();
        double limit = a.seconds() == null ? Double.POSITIVE_INFINITY : a.seconds();
        Input input = new Input(source, label, label, "microphone",
                () -> listening.get() == 0 ? 0 : (System.nanoTime() - listening.get()) / 1e9, () -> Double.NaN, limit);
        // audio flows once the first level is measured: say so (people start speaking then), and count --seconds from there
        Bus bus = (topic, payload) -> {
            if (topic.equals(HarkTopics.AUDIO_LEVEL) && listening.compareAndSet(0, System.nanoTime())) {
                err.println("hark transcribe: " + label + ": listening " + (a.seconds() == null ? "until Ctrl+C"
                        : String.format(Locale.ROOT, "for %.1f s", a.seconds())) + " (" + source.captureFormat() + ")");
            }
        };
        return run(input, bus, a, settings, out, err);
    }

    /**
     * One source through one session.
     *
     * @param label   for the summary and progress lines (a file's name, "microphone: default")
     * @param name    for error lines (a file's path as given, "microphone: default")
     * @param stem    the output file's name without extension, when --out is a folder
     * @param sent    seconds of audio sent so far
     * @param total   the audio's length, NaN if unknown
     * @param limit   stop the session after that many seconds of audio (NaN: when the source ends)
     */
    record Input(AudioSource source, String label, String name, String stem, DoubleSupplier sent, DoubleSupplier total,
            double limit) {
    }

    private int run(Input input, Bus bus, TranscribeArguments a, ClientSettings settings, PrintStream out, PrintStream err) {
        try (TranscriptionSession session = new TranscriptionSession(settings, bus)) {
            CompletableFuture<TranscriptDocument> done = session.start(input.source());
            TranscriptDocument doc = null;
            boolean stopping = false;
            double sentAtStop = Double.NaN;
            while (doc == null) {
                try {
                    doc = done.get(stopping ? 1_000 : 100, TimeUnit.MILLISECONDS);
                } catch (TimeoutException e) {
                    if (!stopping && (stopped || input.sent().getAsDouble() >= input.limit())) {
                        stopping = true;
                        sentAtStop = input.sent().getAsDouble();
                        session.stop();
                    }
                    progress(err, input, session);
                }
            }
            clearProgress(err);
            double seconds = !Double.isNaN(input.total().getAsDouble()) ? input.total().getAsDouble()
                    : !Double.isNaN(sentAtStop) ? sentAtStop : input.sent().getAsDouble();
            err.printf(Locale.ROOT, "%s: %.1f s of audio, %d segments, protocol v%d%n", input.label(),
                    seconds, doc.snapshot().size(), session.client().protocolVersion());
            write(input.stem(), a, exporter.extension(), exporter.export(TranscriptExporters.committed(doc.snapshot())), out);
            return OK;
        } catch (ExecutionException e) {
            clearProgress(err);
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof TranscriptionSession.AudioInputException) {
                err.println("hark transcribe: " + input.name() + ": " + cause.getMessage());
                return BAD_FILE;
            }
            String why = cause.getMessage();
            err.println("hark transcribe: " + input.label() + ": " + why);
            return why != null && (why.startsWith("cannot reach") || why.contains("refused the token")) ? UNREACHABLE : FAILED;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return FAILED;
        } catch (Exception e) {
            err.println("hark transcribe: " + input.label() + ": " + e.getMessage());
            return FAILED;
        }
    }

    private void progress(PrintStream err, Input input, TranscriptionSession session) {
        double total = input.total().getAsDouble();
        String line = String.format(Locale.ROOT, "%s: %.1f/%s s sent, %d segments, %s", input.label(), input.sent().getAsDouble(),
                Double.isNaN(total) ? "?" : String.format(Locale.ROOT, "%.1f", total), session.transcript().snapshot().size(),
                session.client().state().name().toLowerCase(Locale.ROOT));
        if (terminal) {
            err.print("\r\033[K" + line);
        } else if (System.nanoTime() - lastProgressLine > 5_000_000_000L) {
            err.println(line);
            lastProgressLine = System.nanoTime();
        }
        err.flush();
    }

    private void clearProgress(PrintStream err) {
        if (terminal) {
            err.print("\r\033[K");
        }
    }

    private static void write(String stem, TranscribeArguments a, String extension, String text, PrintStream out) throws IOException {
        if (a.out() == null) {
            out.print(text);
            out.flush();
            return;
        }
        Path target = Files.isDirectory(a.out())
                ? a.out().resolve(stem + "." + extension)
                : a.out();
        Files.writeString(target, text, StandardCharsets.UTF_8);
    }

    static String stem(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot > 0 ? name.substring(0, dot) : name;
    }

    private static BundleContext bundleContext() throws Exception {
        Bundle bundle = FrameworkUtil.getBundle(TranscribeApplication.class);
        if (bundle.getState() != Bundle.ACTIVE) {
            bundle.start();
        }
        return bundle.getBundleContext();
    }

    @Override
    public void stop() {
        stopped = true;
    }
}
