package dev.hark.ui.internal;

import java.util.Comparator;
import java.util.Locale;
import java.util.function.Function;

/**
 * A column of a record table: its header, the cell text of a row and the order of rows when the table is
 * sorted by it. Numbers sort as numbers (missing values first), text without regard to case.
 */
public record Column<T>(String header, Function<T, String> text, Comparator<T> order) {

    /** A text column sorted by its text. */
    public static <T> Column<T> text(String header, Function<T, String> text) {
        Function<T, String> safe = row -> {
            String s = text.apply(row);
            return s == null ? "" : s;
        };
        return new Column<>(header, safe, Comparator.comparing(row -> safe.apply(row).toLowerCase(Locale.ROOT)));
    }

    /** A number column: {@code format} for the cell ({@link String#format} in the root locale), blank when null. */
    public static <T> Column<T> number(String header, Function<T, ? extends Number> value, String format) {
        return new Column<>(header, row -> {
            Number n = value.apply(row);
            return n == null ? "" : String.format(Locale.ROOT, format, n);
        }, Comparator.comparing(row -> value.apply(row) == null ? null : value.apply(row).doubleValue(),
                Comparator.nullsFirst(Comparator.naturalOrder())));
    }

    public String cell(T row) {
        return text.apply(row);
    }
}
