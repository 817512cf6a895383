package dev.hark.examples.textgrid;

import java.util.List;
import java.util.Locale;

/** Audacity's label track text: {@code start<TAB>end<TAB>label} per line, seconds with six decimals. */
final class AudacityLabels {

    private AudacityLabels() {
    }

    static String write(List<Interval> intervals) {
        StringBuilder b = new StringBuilder();
        for (Interval i : intervals) {
            b.append(String.format(Locale.ROOT, "%.6f\t%.6f\t%s%n", i.start(), i.end(), i.text().replace('\t', ' ').replace('\n', ' ')));
        }
        return b.toString();
    }
}
