package dev.hark.core;

/** The one key of {@code Widget#setData(String, Object)} under which the ui and app bundles tag widgets with a stable id (tests and accessibility tools find them by it). */
public final class WidgetIds {

    /** The key; the value is the widget's id, e.g. "live.start". */
    public static final String KEY = "hark.widget";

    private WidgetIds() {
    }
}
