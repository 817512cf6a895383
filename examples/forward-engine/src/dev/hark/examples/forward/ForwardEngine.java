package dev.hark.examples.forward;

import java.net.URI;
import java.util.List;
import java.util.Map;

import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;

import dev.hark.engine.EngineException;
import dev.hark.engine.ModelInfo;
import dev.hark.engine.RecognitionModel;
import dev.hark.engine.SpeechEngine;

/**
 * A speech engine that forwards audio to another Hark (or asr-test) server: each model of that server appears here
 * as {@code forward-<name>}, and audio sent to it is transcribed there through {@code POST /api/inference}.
 * The server is {@code $HARK_FORWARD_SERVER} (or {@code -Dhark.forward.server=URL}); without one it offers no model.
 */
@Component(service = SpeechEngine.class)
public final class ForwardEngine implements SpeechEngine {

    static final String PREFIX = "forward-";

    private RemoteServer remote;

    @Activate
    void activate() {
        String url = System.getProperty("hark.forward.server", System.getenv("HARK_FORWARD_SERVER"));
        remote = url == null || url.isBlank() ? null : new RemoteServer(URI.create(url.strip()));
    }

    @Override
    public String id() {
        return "forward";
    }

    @Override
    public List<ModelInfo> models() {
        if (remote == null) {
            return List.of();
        }
        try {
            return remote.models().stream()
                    .map(name -> new ModelInfo(PREFIX + name, id(), name + " on " + remote.uri(), RemoteServer.RATE, true,
                            Map.of("remote", remote.uri().toString(), "remote_model", name)))
                    .toList();
        } catch (EngineException e) {
            return List.of(); // the other server is down: no model now, asked again on the next listing
        }
    }

    @Override
    public RecognitionModel open(String modelName) throws EngineException {
        if (remote == null || !modelName.startsWith(PREFIX)) {
            throw new EngineException(EngineException.Kind.UNKNOWN_MODEL, "no model " + modelName);
        }
        String name = modelName.substring(PREFIX.length());
        if (!remote.models().contains(name)) {
            throw new EngineException(EngineException.Kind.UNKNOWN_MODEL, remote.uri() + " has no model " + name);
        }
        return new ForwardModel(new ModelInfo(modelName, id(), name + " on " + remote.uri(), RemoteServer.RATE, true, Map.of()), remote, name);
    }
}
