package dev.hark.core.transcript;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How Hark picks among the registered {@link TranscriptExporter}s (not for plugins): Hark's own formats first
 * (txt, srt, vtt, json), then the others by name; for a name, Hark's own exporter wins, else the first service.
 */
public final class TranscriptExporters {

    private static final List<String> BUILT_IN = List.of("txt", "srt", "vtt", "json");

    private TranscriptExporters() {
    }

    /** The exporters by format name, in the order a user is offered them. */
    public static Map<String, TranscriptExporter> byFormat(Collection<? extends TranscriptExporter> services) {
        List<TranscriptExporter> sorted = new ArrayList<>(services);
        sorted.sort(Comparator.comparingInt((TranscriptExporter e) -> {
            int i = BUILT_IN.indexOf(e.format());
            return i < 0 ? BUILT_IN.size() : i;
        }).thenComparing(TranscriptExporter::format).thenComparing(e -> isBuiltIn(e) ? 0 : 1));
        Map<String, TranscriptExporter> out = new LinkedHashMap<>();
        for (TranscriptExporter e : sorted) {
            if (e.format() != null && e.format().matches("[a-z0-9][a-z0-9-]*")) {
                out.putIfAbsent(e.format(), e);
            }
        }
        return out;
    }

    private static boolean isBuiltIn(TranscriptExporter e) {
        return e.getClass().getPackageName().equals("dev.hark.core.internal.export");
    }

    /** "txt, srt, vtt or json" */
    public static String names(Collection<String> formats) {
        List<String> f = List.copyOf(formats);
        if (f.size() <= 1) {
            return String.join("", f);
        }
        return String.join(", ", f.subList(0, f.size() - 1)) + " or " + f.get(f.size() - 1);
    }

    /** Hark's own four, for a runtime without a service registry (tests, tools). */
    public static List<TranscriptExporter> builtIns() {
        return List.of(new dev.hark.core.internal.export.TxtExporter(), new dev.hark.core.internal.export.SrtExporter(),
                new dev.hark.core.internal.export.VttExporter(), new dev.hark.core.internal.export.JsonExporter());
    }

    /** What an exporter is given: finals and gaps, without the partial. */
    public static List<Segment> committed(List<Segment> snapshot) {
        return snapshot.stream().filter(s -> s.kind() != Segment.Kind.PARTIAL).toList();
    }
}
