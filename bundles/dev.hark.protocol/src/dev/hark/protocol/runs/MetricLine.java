package dev.hark.protocol.runs;

/**
 * One line of a Hark server run's {@code metrics.jsonl}: a value of one tag ({@code loss}, {@code learning_rate},
 * {@code val_loss}, {@code cer}, {@code wer}) at a global step, with the wall time in epoch seconds. Finite values only.
 */
public record MetricLine(String tag, long step, double wallTime, double value) {

    public static final String LOSS = "loss";
    public static final String LEARNING_RATE = "learning_rate";
    public static final String VAL_LOSS = "val_loss";
    public static final String CER = "cer";
    public static final String WER = "wer";
}
