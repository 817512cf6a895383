package dev.hark.engine.pocketsphinx.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.util.tracker.ServiceTracker;

import dev.hark.engine.ModelInfo;
import dev.hark.engine.RecognitionModel;
import dev.hark.engine.SpeechEngine;
import dev.hark.engine.pocketsphinx.internal.PocketsphinxEngine;

/** The engine is found the way the server finds it: as a Declarative Services component in the registry. */
class EngineServiceTest {

    @Test
    void engineIsRegisteredWithItsModelsAndWorks() throws Exception {
        Bundle bundle = FrameworkUtil.getBundle(PocketsphinxEngine.class);
        if (bundle.getState() != Bundle.ACTIVE) {
            bundle.start();
        }
        BundleContext context = bundle.getBundleContext();
        ServiceTracker<SpeechEngine, SpeechEngine> tracker = new ServiceTracker<>(context, SpeechEngine.class, null);
        tracker.open();
        try {
            assertNotNull(tracker.waitForService(10_000), "no SpeechEngine service (is Declarative Services running?)");
            SpeechEngine engine = tracker.getTracked().values().stream()
                    .filter(e -> PocketsphinxEngine.ID.equals(e.id())).findFirst()
                    .orElseThrow(() -> new AssertionError("no SpeechEngine with id pocketsphinx"));
            assertEquals("pocketsphinx", engine.id());

            List<ModelInfo> models = engine.models();
            assertEquals(List.of("en-us", "en-us-digits"), models.stream().map(ModelInfo::name).toList());
            for (ModelInfo info : models) {
                assertEquals("pocketsphinx", info.engine());
                assertEquals(16_000, info.sampleRate());
                assertTrue(info.builtIn());
                assertEquals("en-US", info.details().get("language"));
                assertEquals(Boolean.TRUE, info.details().get("available"),
                        "model " + info.name() + " unavailable: " + info.details().get("problem"));
            }

            try (RecognitionModel model = engine.open("en-us-digits")) {
                assertEquals("five", model.transcribe(Speech.utterance(Speech.flite("five"))).text());
            }
        } finally {
            tracker.close();
        }
    }
}
