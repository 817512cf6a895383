"""Writes a TensorBoard run of N scalar points (tag "loss") with tensorboardX, as a training loop would.

  write_big_run.py DIR N
"""
import math
import sys

from tensorboardX import SummaryWriter

logdir, n = sys.argv[1], int(sys.argv[2])
w = SummaryWriter(logdir, flush_secs=3600, max_queue=100000)
for step in range(n):
    w.add_scalar("loss", 2.0 * math.exp(-step / (n / 5)) + 0.05 * math.sin(step / 7.0), global_step=step,
                 walltime=1_700_000_000 + step * 0.01)
w.close()
