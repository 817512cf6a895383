package dev.hark.services.internal;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.logging.Level;
import java.util.logging.Logger;

import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import dev.hark.audio.AudioSource;
import dev.hark.core.Bus;
import dev.hark.core.ConnectionState;
import dev.hark.core.HarkEvents;
import dev.hark.core.HarkPreferences;
import dev.hark.core.HarkTopics;
import dev.hark.core.StreamMetrics;
import dev.hark.core.StreamStateChanged;
import dev.hark.core.audio.AudioSources;
import dev.hark.core.audio.PcmFormat;
import dev.hark.core.audio.source.AudioSourceProvider;
import dev.hark.core.audio.source.PcmSource;
import dev.hark.core.services.LiveInput;
import dev.hark.core.services.LiveService;
import dev.hark.core.services.ServerService;
import dev.hark.core.services.ServerStatus;
import dev.hark.core.transcript.LiveTranscript;
import dev.hark.core.transcript.Segment;
import dev.hark.session.TranscriptionSession;
import dev.hark.transport.ClientSettings;
import dev.hark.transport.ReconnectPolicy;

/**
 * The workbench's live transcription: one {@link TranscriptionSession} at a time, owned here for its
 * whole life. Commands run on the service's own thread ("hark-live-control"), so a view's button never
 * waits for a network or a device.
 */
@Component(service = { LiveService.class, LiveTranscript.class, EventHandler.class }, property = EventConstants.EVENT_TOPIC + "=" + HarkTopics.STREAM_STATE)
public final class LiveTranscriptionService implements LiveService, LiveTranscript, EventHandler {

    private static final Logger LOG = Logger.getLogger(LiveTranscriptionService.class.getName());
    /** The ids of Hark's own providers (audio is always sent at 16 kHz, what the models take). */
    static final String MICROPHONE = "microphone";
    static final String FILE = "file";

    @Reference
    private Bus bus;
    @Reference
    private ServerService server;
    /** Every audio source: Hark's microphone and file, and the plugins' ({@link AudioSources} picks one per id). */
    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, policyOption = ReferencePolicyOption.GREEDY)
    private volatile List<AudioSourceProvider> sources;

    private final ExecutorService control = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "hark-live-control");
        t.setDaemon(true);
        return t;
    });
    private volatile TranscriptionSession session;
    private volatile StreamStateChanged lastChange;

    @Override
    public void start(LiveInput input, String model) {
        control.execute(() -> {
            try {
                startNow(input, model);
            } catch (Exception e) {
                LOG.log(Level.WARNING, "live transcription did not start", e);
                bus.post(HarkTopics.STREAM_ERROR, "cannot start: " + e.getMessage());
                bus.post(HarkTopics.STREAM_STATE, StreamStateChanged.of(ConnectionState.FAILED, "", e.getMessage()));
            }
        });
    }

    private void startNow(LiveInput input, String model) throws Exception {
        closeSession();
        server.start();
        ServerStatus s = awaitServer();
        String protocol = Preferences.get(HarkPreferences.PROTOCOL);
        int giveUp = Preferences.getInt(HarkPreferences.RECONNECT_GIVE_UP_SECONDS);
        ReconnectPolicy policy = new ReconnectPolicy(Duration.ofMillis(250), Duration.ofSeconds(10), 0.2, Duration.ofSeconds(giveUp));
        String chosen = model == null || model.isBlank() ? Preferences.get(HarkPreferences.DEFAULT_MODEL, null) : model;
        ClientSettings settings = new ClientSettings(s.uri(), server.token(), ClientSettings.Protocol.parse(protocol), chosen,
                PcmFormat.F32, policy, null, Duration.ofSeconds(Math.max(1, Preferences.getInt(HarkPreferences.END_WAIT_SECONDS))));
        AudioSource source = AudioSource.of(open(input));
        TranscriptionSession next = new TranscriptionSession(settings, bus);
        session = next;
        next.start(source).whenComplete((doc, failure) -> {
            if (failure == null) {
                return;
            }
            Throwable why = failure instanceof java.util.concurrent.CompletionException && failure.getCause() != null
                    ? failure.getCause() : failure;
            LOG.log(Level.WARNING, "live session ended: " + why.getMessage(), why);
            if (why instanceof TranscriptionSession.AudioInputException) {
                // the input failed (no microphone, a device unplugged, an unreadable file): say so where the user looks
                bus.post(HarkTopics.STREAM_ERROR, why.getMessage());
                bus.post(HarkTopics.STREAM_STATE, StreamStateChanged.of(ConnectionState.FAILED, "", why.getMessage()));
            }
        });
    }

    /**
     * Opens the input through its provider: Hark's microphone and file are providers like a plugin's. The microphone's
     * default input is the device chosen in Preferences (the system's default when none is).
     */
    private PcmSource open(LiveInput input) throws Exception {
        LiveInput.Source s = switch (input) {
            case LiveInput.Source x -> x;
            case LiveInput.File f -> new LiveInput.Source(FILE, null, f.path().toString(), f.realtime());
            case LiveInput.Microphone m -> new LiveInput.Source(MICROPHONE, m.device(), null, false);
        };
        String in = s.input();
        if (MICROPHONE.equals(s.source()) && (in == null || in.isBlank())) {
            in = Preferences.get(HarkPreferences.INPUT_DEVICE, null);
        }
        AudioSourceProvider provider = AudioSources.find(sources, s.source())
                .orElseThrow(() -> new IllegalStateException("no audio source \"" + s.source() + "\" is installed"));
        PcmSource opened = provider.open(new AudioSourceProvider.Request(in, s.location(), s.realtime()));
        if (opened == null) {
            throw new IllegalStateException("the audio source \"" + s.source() + "\" opened nothing");
        }
        return opened;
    }

    /** The embedded server may still be starting when the user presses Start: wait for it (off the UI thread). */
    private ServerStatus awaitServer() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        ServerStatus s = server.status();
        while (s.state() != ServerStatus.State.RUNNING && System.nanoTime() < deadline) {
            if (s.state() == ServerStatus.State.FAILED) {
                throw new IllegalStateException("the server is not available: " + s.detail());
            }
            bus.post(HarkTopics.STREAM_STATE, StreamStateChanged.of(ConnectionState.CONNECTING, "", "waiting for the server to start"));
            Thread.sleep(250);
            s = server.status();
        }
        if (s.uri() == null) {
            throw new IllegalStateException("the server did not start: " + s.detail());
        }
        return s;
    }

    @Override
    public void stop() {
        control.execute(() -> {
            TranscriptionSession s = session;
            if (s != null) {
                s.stop();
            }
        });
    }

    @Override
    public void clear() {
        TranscriptionSession s = session;
        if (s != null) {
            s.transcript().clear();
        }
        bus.post(HarkTopics.STREAM_CLEARED, Boolean.TRUE);
    }

    @Override
    public List<Segment> snapshot() {
        TranscriptionSession s = session;
        return s == null ? List.of() : s.transcript().snapshot();
    }

    @Override
    public ConnectionState state() {
        TranscriptionSession s = session;
        return s == null ? ConnectionState.IDLE : s.client().state();
    }

    /** Remembers the last published state (cheap: never blocks the dispatcher). */
    @Override
    public void handleEvent(Event event) {
        HarkEvents.payload(event, StreamStateChanged.class).ifPresent(c -> lastChange = c);
    }

    @Override
    public StreamStateChanged stateChange() {
        ConnectionState now = state();
        StreamStateChanged c = lastChange;
        if (c != null && c.state() == now) {
            return c;
        }
        return new StreamStateChanged(now, c == null ? "" : c.server(), now == ConnectionState.IDLE ? "no session" : "",
                metrics().reconnects(), Instant.now());
    }

    @Override
    public StreamMetrics metrics() {
        TranscriptionSession s = session;
        return s == null ? new StreamMetrics(-1, 0, -1, -1, 0, 0, 0, 0, 0) : s.client().metrics();
    }

    private void closeSession() {
        TranscriptionSession s = session;
        session = null;
        if (s != null) {
            s.close();
        }
    }

    @Deactivate
    void deactivate() {
        control.shutdownNow();
        closeSession();
    }
}
