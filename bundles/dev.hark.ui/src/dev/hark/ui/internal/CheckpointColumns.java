package dev.hark.ui.internal;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;

import dev.hark.protocol.runs.CheckpointInfo;

/** The columns of the Runs view's checkpoint table ({@link CheckpointTable}). No widgets: tests read them directly. */
public final class CheckpointColumns {

    private static final DateTimeFormatter SAVED = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private CheckpointColumns() {
    }

    /** The columns, in order; numbers NaN (unmeasured, not evaluated) are blank and sort first. */
    public static List<Column<CheckpointInfo>> columns() {
        return List.of(Column.text(Messages.Runs_cpName, CheckpointInfo::name),
                Column.number(Messages.Runs_cpEpoch, CheckpointInfo::epoch, "%d"),
                Column.number(Messages.Runs_cpStep, CheckpointInfo::step, "%d"),
                Column.number(Messages.Runs_cpValLoss, c -> value(c.valLoss()), "%.4f"),
                Column.number(Messages.Runs_cpCer, c -> value(c.cer()), "%.4f"),
                Column.number(Messages.Runs_cpWer, c -> value(c.wer()), "%.4f"),
                Column.number(Messages.Runs_cpEvalWer, c -> value(c.evalWer()), "%.4f"),
                Column.number(Messages.Runs_cpEvalCer, c -> value(c.evalCer()), "%.4f"),
                Column.text(Messages.Runs_cpSavedAt, c -> saved(c.savedAt(), ZoneId.systemDefault())));
    }

    private static Double value(double d) {
        return Double.isNaN(d) ? null : d;
    }

    /** An ISO-8601 instant as local time to the second (sorts as text); anything else as it came. */
    static String saved(String iso, ZoneId zone) {
        if (iso == null || iso.isBlank()) {
            return "";
        }
        try {
            return SAVED.format(Instant.parse(iso.strip()).atZone(zone));
        } catch (DateTimeParseException e) {
            return iso;
        }
    }

}
