package dev.hark.core.audio;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.hark.core.audio.source.AudioSourceProvider;

/**
 * The registered audio sources as the Live view lists them and the live service opens them: one per id (Hark's own
 * microphone and file win their names, then the first registered), in {@link AudioSourceProvider#order()} then id.
 * A provider whose id is not lower-case letters, digits and '-', or that throws when asked, is left out.
 */
public final class AudioSources {

    private static final String BUILT_IN_PACKAGE = "dev.hark.audio.internal";

    private AudioSources() {
    }

    public static List<AudioSourceProvider> ordered(Collection<? extends AudioSourceProvider> services) {
        if (services == null) {
            return List.of();
        }
        record Entry(AudioSourceProvider provider, String id, int order, boolean builtIn) {
        }
        List<Entry> entries = new ArrayList<>();
        for (AudioSourceProvider p : services) {
            try {
                String id = p.id();
                if (id != null && id.matches("[a-z0-9][a-z0-9-]*")) {
                    entries.add(new Entry(p, id, p.order(), p.getClass().getPackageName().equals(BUILT_IN_PACKAGE)));
                }
            } catch (RuntimeException | LinkageError e) {
                // a broken plugin's provider is not offered; the others are
            }
        }
        entries.sort(Comparator.comparing((Entry e) -> !e.builtIn()));
        Map<String, Entry> byId = new LinkedHashMap<>();
        entries.forEach(e -> byId.putIfAbsent(e.id(), e));
        return byId.values().stream().sorted(Comparator.comparingInt(Entry::order).thenComparing(Entry::id))
                .map(Entry::provider).toList();
    }

    /** The provider called {@code id}, as {@link #ordered} chooses it. */
    public static Optional<AudioSourceProvider> find(Collection<? extends AudioSourceProvider> services, String id) {
        return ordered(services).stream().filter(p -> p.id().equals(id)).findFirst();
    }
}
