package dev.hark.examples.textgrid;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.osgi.service.component.annotations.Component;

import dev.hark.core.transcript.Segment;
import dev.hark.core.transcript.TranscriptExporter;

/**
 * {@code --format textgrid}: a Praat TextGrid (long text format) with two interval tiers, "segments" (one interval per
 * utterance) and "words" (one per timed word). Praat wants each tier to cover the whole time span without holes, so
 * silences become empty intervals.
 */
@Component(service = TranscriptExporter.class)
public final class TextGridExporter implements TranscriptExporter {

    @Override
    public String format() {
        return "textgrid";
    }

    @Override
    public String extension() {
        return "TextGrid";
    }

    @Override
    public String label() {
        return "Praat TextGrid (segment and word tiers)";
    }

    @Override
    public String export(List<Segment> segments) {
        List<Interval> utterances = Interval.segments(segments);
        List<Interval> words = Interval.words(segments);
        double xmax = 0;
        for (Interval i : utterances) {
            xmax = Math.max(xmax, i.end());
        }
        for (Interval i : words) {
            xmax = Math.max(xmax, i.end());
        }
        StringBuilder b = new StringBuilder();
        b.append("File type = \"ooTextFile\"\nObject class = \"TextGrid\"\n\n");
        b.append("xmin = 0 \nxmax = ").append(num(xmax)).append(" \ntiers? <exists> \nsize = 2 \nitem []: \n");
        tier(b, 1, "segments", utterances, xmax);
        tier(b, 2, "words", words, xmax);
        return b.toString();
    }

    private static void tier(StringBuilder b, int index, String name, List<Interval> labelled, double xmax) {
        List<Interval> all = new ArrayList<>();
        double t = 0;
        for (Interval i : labelled) {
            if (i.start() > t) {
                all.add(new Interval(t, i.start(), ""));
            }
            all.add(i);
            t = i.end();
        }
        if (t < xmax || all.isEmpty()) {
            all.add(new Interval(t, Math.max(t, xmax), ""));
        }
        b.append("    item [").append(index).append("]:\n");
        b.append("        class = \"IntervalTier\" \n");
        b.append("        name = ").append(quote(name)).append(" \n");
        b.append("        xmin = 0 \n        xmax = ").append(num(xmax)).append(" \n");
        b.append("        intervals: size = ").append(all.size()).append(" \n");
        for (int k = 0; k < all.size(); k++) {
            Interval i = all.get(k);
            b.append("        intervals [").append(k + 1).append("]:\n");
            b.append("            xmin = ").append(num(i.start())).append(" \n");
            b.append("            xmax = ").append(num(i.end())).append(" \n");
            b.append("            text = ").append(quote(i.text())).append(" \n");
        }
    }

    /** Praat's strings: in double quotes, a quote doubled. */
    static String quote(String s) {
        return '"' + s.replace("\"", "\"\"") + '"';
    }

    static String num(double seconds) {
        String s = String.format(Locale.ROOT, "%.6f", seconds);
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s.substring(0, s.length() - 1) : s;
    }
}
