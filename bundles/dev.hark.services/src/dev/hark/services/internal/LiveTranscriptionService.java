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
import org.osgi.service.event.Event;
import org.osgi.service.event.EventConstants;
import org.osgi.service.event.EventHandler;

import dev.hark.audio.AudioDevices;
import dev.hark.audio.AudioSource;
import dev.hark.audio.FileSource;
import dev.hark.audio.InputDevice;
import dev.hark.audio.MicrophoneSource;
import dev.hark.core.Bus;
import dev.hark.core.ConnectionState;
import dev.hark.core.HarkEvents;
import dev.hark.core.HarkPreferences;
import dev.hark.core.HarkTopics;
import dev.hark.core.StreamMetrics;
import dev.hark.core.StreamStateChanged;
import dev.hark.core.audio.PcmFormat;
import dev.hark.core.services.LiveInput;
import dev.hark.core.services.LiveService;
import dev.hark.core.services.ServerService;
import dev.hark.core.services.ServerStatus;
import dev.hark.core.transcript.Segment;
import dev.hark.session.TranscriptionSession;
import dev.hark.transport.ClientSettings;
import dev.hark.transport.ReconnectPolicy;

/**
 * The workbench's live transcription: one {@link TranscriptionSession} at a time, owned here for its
 * whole life. Commands run on the service's own thread ("hark-live-control"), so a view's button never
 * waits for a network or a device.
 */
@Component(service = { LiveService.class, EventHandler.class }, property = EventConstants.EVENT_TOPIC + "=" + HarkTopics.STREAM_STATE)
public final class LiveTranscriptionService implements LiveService, EventHandler {

    private static final Logger LOG = Logger.getLogger(LiveTranscriptionService.class.getName());
    /** The rate audio is sent at: what the models take, so the server need not resample. */
    static final int SEND_RATE = 16_000;

    @Reference
    private Bus bus;
    @Reference
    private ServerService server;

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
        AudioSource source = switch (input) {
            case LiveInput.File f -> new FileSource(f.path(), SEND_RATE, f.realtime());
            case LiveInput.Microphone m -> {
                String name = m.device() != null ? m.device() : Preferences.get(HarkPreferences.INPUT_DEVICE, null);
                InputDevice device = name == null ? null : AudioDevices.find(name)
                        .orElseThrow(() -> new IllegalStateException("no input device \"" + name + "\" on this machine"));
                yield new MicrophoneSource(device, SEND_RATE);
            }
        };
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
