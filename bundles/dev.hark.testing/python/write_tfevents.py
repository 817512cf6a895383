"""Writes TensorBoard event files with the real writers, for Hark's tests (dev.hark.testing.TensorBoardWriters).

  write_tfevents.py batch DIR   - finished runs: DIR/tbx (tensorboardX: simple_value scalars, a NaN, a histogram and a
                              text summary that are not scalars), DIR/tb (tensorboard's own Writer: rank-0 float
                              tensors with the "scalars" plugin, as TF2 writes them), DIR/group/nested (tensorboardX)
  write_tfevents.py hparams DIR - DIR/lightning (tensorboardX): hyperparameters written into the run's own folder
                              as Lightning's TensorBoardLogger does (experiment, session start and end summaries of
                              the hparams plugin) and 5 points of "loss"; DIR/tbx-add (tensorboardX's add_hparams:
                              a run folder of its own holding the hyperparameters and the metric "hparam/accuracy")
  write_tfevents.py follow DIR  - a run being written: reads commands from stdin, one per line:
                              "N" writes N more points of tag "loss" and flushes, then prints "ok LASTSTEP";
                              "close" closes the writer and exits.
Values are exact in float32: loss(step) = 1 / 2**(step % 16), lr(step) = step / 4.
"""
import math
import sys


def loss(step):
    return 1.0 / 2 ** (step % 16)


def batch(root):
    import numpy as np
    from tensorboardX import SummaryWriter
    from tensorboard.summary import Writer

    w = SummaryWriter(root + "/tbx")
    for step in range(0, 50):
        w.add_scalar("loss", float("nan") if step == 7 else loss(step), global_step=step, walltime=1_700_000_000 + step)
        w.add_scalar("lr", step / 4, global_step=step, walltime=1_700_000_000 + step)
    w.add_histogram("weights", np.arange(10, dtype=np.float32), global_step=3)
    w.add_text("notes", "not a scalar", global_step=3)
    w.close()

    t = Writer(root + "/tb")
    for step in range(0, 20):
        t.add_scalar("loss", loss(step), step, wall_time=1_700_000_000 + step)
        t.add_scalar("accuracy", step / 32, step, wall_time=1_700_000_000 + step)
    t.close()

    n = SummaryWriter(root + "/group/nested")
    n.add_scalar("loss", 0.5, global_step=1)
    n.close()


def settle(w, logdir):
    """tensorboardX queues events for a writer thread and flush() does not wait for the queue: flush until the
    file stops growing, so that "ok" means the points are on disk."""
    import glob
    import os
    import time

    last = -1
    stable = 0
    while stable < 3:
        w.flush()
        time.sleep(0.05)
        size = sum(os.path.getsize(f) for f in glob.glob(os.path.join(logdir, "*tfevents*")))
        stable = stable + 1 if size == last else 0
        last = size


def follow(logdir):
    from tensorboardX import SummaryWriter

    w = SummaryWriter(logdir, flush_secs=3600)
    step = -1
    for line in sys.stdin:
        cmd = line.strip()
        if cmd == "close":
            break
        for _ in range(int(cmd)):
            step += 1
            w.add_scalar("loss", loss(step), global_step=step)
        settle(w, logdir)
        print("ok", step, flush=True)
    w.close()
    print("closed", flush=True)


def hparams(root):
    from tensorboardX import SummaryWriter
    from tensorboardX.summary import hparams as hparams_summaries
    w = SummaryWriter(root + "/lightning")
    exp, ssi, sei = hparams_summaries({"lr": 0.001, "batch_size": 32, "optimizer": "adam", "augment": True},
                                      {"val/loss": 0})
    for summary in (exp, ssi, sei):
        w.file_writer.add_summary(summary)
    for step in range(5):
        w.add_scalar("loss", loss(step), global_step=step, walltime=1_700_000_000 + step)
    w.close()
    t = SummaryWriter(root + "/tbx")
    t.add_hparams({"lr": 0.01, "layers": 3}, {"hparam/accuracy": 0.75}, name="add")
    t.close()
    print("written", flush=True)


if __name__ == "__main__":
    {"batch": batch, "follow": follow, "hparams": hparams}[sys.argv[1]](sys.argv[2])
