package dev.hark.server.internal;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.function.Consumer;
import java.util.logging.Level;

import org.eclipse.jetty.websocket.api.Callback;

import com.google.gson.JsonObject;

import dev.hark.core.audio.BadAudioException;
import dev.hark.core.audio.PcmFormat;
import dev.hark.protocol.JsonMessages;
import dev.hark.protocol.ProtocolException;
import dev.hark.protocol.V1;
import dev.hark.engine.EngineException;
import dev.hark.engine.Hypothesis;
import dev.hark.server.ModelCatalog;
import dev.hark.server.TrainingEvents;
import dev.hark.protocol.training.TrainingMessage;
import dev.hark.protocol.training.TrainingMessages;

/**
 * {@code /ws}: protocol v1, as the asr-test backend spoke it, minus its bugs. Every bad input gets an
 * {@code error} and the socket stays usable; an unknown model is an error, not a silent close; a
 * native engine failure ends the recognition session with an error, not the socket. The socket also
 * receives training broadcasts, as v1's did.
 *
 * <p>As v1 did: a {@code start} during a session re-initialises it (after sending the final of what was heard) and
 * answers {@code ready} again; a {@code final}'s {@code text} is the session's text so far (v1 recognized the whole
 * buffer, and its clients replace their final box on each final), with the utterance in Hark's {@code segment_text}.
 * Audio that arrives with no session (e.g. after a failed {@code start}) gets one {@code error}, not one per frame.
 */
public final class V1StreamEndpoint extends StreamEndpointSupport {

    private enum State { IDLE, LOADING, STREAMING }

    private final ModelCatalog catalog;
    private final TrainingEvents training;
    private final int maxFrameBytes;
    private final Consumer<TrainingMessage> trainingListener = message -> send(TrainingMessages.envelope(message));

    // Guarded by "this": normally only the thread delivering the current message touches them, or the
    // loader while reading is paused; a dropped connection may close from another thread.
    private State state = State.IDLE;
    private RecognitionSession recognition;
    private boolean closed;
    /** The finals of the current session, joined: what a v1 final's {@code text} carries. */
    private final StringBuilder sessionText = new StringBuilder();
    /** Whether audio without a session was already refused since the last start or stop. */
    private boolean refusedAudioSaid;
    /** Why the last start failed, for the one error about the audio that follows it. */
    private String lastStartFailure;

    private final StreamAdmission admission;

    V1StreamEndpoint(ModelCatalog catalog, TrainingEvents training, int maxFrameBytes, StreamAdmission admission) {
        this.catalog = catalog;
        this.admission = admission;
        this.training = training;
        this.maxFrameBytes = maxFrameBytes;
    }

    @Override
    protected void opened() {
        training.subscribe(trainingListener);
    }

    @Override
    public void onWebSocketText(String text) {
        boolean resume = true;
        try {
            JsonObject message = JsonMessages.parseObject(text);
            switch (JsonMessages.type(message)) {
                case V1.START -> resume = start(V1.parseStart(message));
                case V1.STOP -> stop();
                default -> send(V1.error("unknown message type \"" + JsonMessages.type(message) + "\"; v1 knows start and stop"));
            }
        } catch (ProtocolException e) {
            send(V1.error(e.getMessage()));
        } finally {
            if (resume) {
                demand();
            }
        }
    }

    /** Returns whether reading may go on now (false while the model loads). */
    private synchronized boolean start(V1.Start start) {
        if (state == State.STREAMING) {
            // v1 re-initialised on a second start: finish what was heard first, so nothing is lost
            finishRecognition();
        }
        refusedAudioSaid = false;
        lastStartFailure = null;
        String model = ModelCatalog.canonicalName(start.modelName());
        if (catalog.find(model).isEmpty()) {
            startFailed(catalog.unknownModelMessage(model));
            return true;
        }
        StreamAdmission.Permit permit = admission.tryAcquire(model);
        if (permit == null) {
            // never a silent queue: the client hears at once that it should come back later
            startFailed(admission.busyMessage(model));
            return true;
        }
        state = State.LOADING;
        catalog.load(model).whenCompleteAsync((loaded, failure) -> {
            synchronized (this) {
            boolean used = false;
            try {
                if (closed) {
                    return;
                }
                if (failure != null) {
                    state = State.IDLE;
                    startFailed(describe(failure));
                    return;
                }
                recognition = new RecognitionSession(model, loaded, start.sampleRate(), PcmFormat.parse(start.format()), 0,
                        permit, new float[0]);
                used = true;
                sessionText.setLength(0);
                state = State.STREAMING;
                send(V1.status("ready"));
            } catch (EngineException | RuntimeException e) {
                state = State.IDLE;
                startFailed(describe(e));
            } finally {
                if (!used) {
                    permit.close();
                }
                demand();
            }
            }
        }, catalog.executor());
        return false;
    }

    private void startFailed(String reason) {
        lastStartFailure = reason;
        send(V1.error(reason));
    }

    private synchronized void stop() {
        finishRecognition();
        refusedAudioSaid = false;
        lastStartFailure = null;
        // v1 clients send stop in a finally, even after a failed start: always confirm
        send(V1.status("stopped"));
    }

    /** Sends the final of what the session heard and ends it; nothing when no session runs. */
    private void finishRecognition() {
        if (state == State.STREAMING) {
            try {
                sendAll(recognition.finish());
            } catch (EngineException | RuntimeException e) {
                send(V1.error(describe(e)));
            }
            endRecognition();
        }
    }

    @Override
    public void onWebSocketBinary(ByteBuffer payload, Callback callback) {
        try {
            feed(payload);
        } finally {
            callback.succeed();
            demand();
        }
    }

    private synchronized void feed(ByteBuffer payload) {
        try {
            if (state != State.STREAMING) {
                refuseAudio();
            } else if (payload.remaining() > maxFrameBytes) {
                send(V1.error("audio frame of " + payload.remaining() + " bytes exceeds the limit of " + maxFrameBytes + "; frame dropped"));
            } else {
                sendAll(recognition.feed(payload));
            }
        } catch (BadAudioException e) {
            send(V1.error(e.getMessage() + "; frame dropped"));
        } catch (EngineException | RuntimeException e) {
            LOG.log(Level.WARNING, "engine failure, ending the recognition session", e);
            send(V1.error("recognition ended: " + describe(e)));
            endRecognition();
            send(V1.status("stopped"));
        }
    }

    /** Audio with no session: one error until the next start or stop, not one per frame (v1 clients keep sending). */
    private void refuseAudio() {
        if (refusedAudioSaid) {
            return;
        }
        refusedAudioSaid = true;
        send(V1.error(lastStartFailure != null
                ? "no session: the start failed (" + lastStartFailure + "); audio is dropped until a start succeeds"
                : "audio before start: send {\"type\":\"start\"} first; audio is dropped until then"));
    }

    private void sendAll(List<Hypothesis> hypotheses) {
        for (Hypothesis h : hypotheses) {
            if (h.isFinal()) {
                if (!h.text().isEmpty()) {
                    if (!sessionText.isEmpty()) {
                        sessionText.append(' ');
                    }
                    sessionText.append(h.text());
                    send(V1.finalResult(sessionText.toString(), h.text(), h.start(), h.end()));
                }
            } else if (!h.text().isEmpty()) {
                send(V1.partial(h.text(), h.start(), h.end()));
            }
        }
    }

    private synchronized void endRecognition() {
        if (recognition != null) {
            recognition.close();
            recognition = null;
        }
        state = State.IDLE;
    }

    @Override
    public void onWebSocketClose(int statusCode, String reason) {
        training.unsubscribe(trainingListener);
        synchronized (this) {
            closed = true;
            endRecognition();
        }
    }

    @Override
    public void onWebSocketError(Throwable cause) {
        training.unsubscribe(trainingListener);
        LOG.log(Level.FINE, "v1 socket error", cause);
    }
}
