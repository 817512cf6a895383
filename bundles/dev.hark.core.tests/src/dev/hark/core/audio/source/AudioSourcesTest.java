package dev.hark.core.audio.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;

import org.junit.jupiter.api.Test;

import dev.hark.core.audio.AudioSources;

/** The Live view's list of sources: ordered, one per id, broken or badly named providers left out. */
class AudioSourcesTest {

    record Provider(String id, int order) implements AudioSourceProvider {
        @Override
        public String label() {
            return id;
        }

        @Override
        public PcmSource open(Request request) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void orderedByOrderThenIdOnePerIdFirstRegisteredWins() {
        Provider mic = new Provider("microphone", 0);
        Provider file = new Provider("file", 1000);
        Provider net = new Provider("net-stream", 100);
        Provider folder = new Provider("wav-folder", 100);
        Provider net2 = new Provider("net-stream", 5);
        List<AudioSourceProvider> ordered = AudioSources.ordered(List.of(file, folder, net, mic, net2));
        assertEquals(List.of(mic, net, folder, file), ordered);
        assertSame(net, AudioSources.find(List.of(net, net2), "net-stream").orElseThrow());
    }

    @Test
    void badIdsAndThrowingProvidersAreLeftOut() {
        AudioSourceProvider throwing = new AudioSourceProvider() {
            @Override
            public String id() {
                throw new IllegalStateException("broken plugin");
            }

            @Override
            public String label() {
                return "broken";
            }

            @Override
            public PcmSource open(Request request) {
                throw new UnsupportedOperationException();
            }
        };
        Provider upper = new Provider("Net", 1);
        Provider empty = new Provider("", 1);
        Provider good = new Provider("good", 1);
        assertEquals(List.of(good), AudioSources.ordered(List.of(throwing, upper, empty, good)));
        assertEquals(List.of(), AudioSources.ordered(null));
    }

    @Test
    void anInputNeedsALabel() {
        assertThrows(IllegalArgumentException.class, () -> new AudioSourceProvider.Input("x", " "));
    }
}
