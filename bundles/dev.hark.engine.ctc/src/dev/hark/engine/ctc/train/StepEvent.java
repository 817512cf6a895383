package dev.hark.engine.ctc.train;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;

/**
 * One training step as a Java Flight Recorder event: start it with the worker under
 * {@code -XX:StartFlightRecording} (bench/ctc-speed.sh {@code --jfr}) to see what a slow step overlapped (a collection,
 * a compilation, a safepoint) beside its shape. Costs nothing while no recording is on.
 */
@Name("dev.hark.ctc.TrainingStep")
@Label("Training step")
@Category({ "Hark", "Training" })
@Description("One forward, loss, backward and optimizer update of the ctc trainer")
final class StepEvent extends Event {

    @Label("Step")
    long step;

    @Label("Utterances")
    int utterances;

    @Label("Padded frames per utterance")
    int frames;

    @Label("Loss")
    double loss;

    @Label("Training thread CPU")
    @jdk.jfr.Timespan(jdk.jfr.Timespan.NANOSECONDS)
    long cpuNanos;

    @Label("Of which in the kernel")
    @Description("Page faults, memory mapping: the system part of the training thread's CPU time. Linux counts it in "
            + "scheduler ticks (10 ms), so one step's value is coarse, even negative: sum it over many steps")
    @jdk.jfr.Timespan(jdk.jfr.Timespan.NANOSECONDS)
    long systemNanos;
}
