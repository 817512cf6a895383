"""What the slow training steps of a Hark ctc worker overlapped, from its flight recording.

    jfr print --json --events dev.hark.ctc.TrainingStep,jdk.GCPhasePause,jdk.SafepointBegin,jdk.Compilation,\
jdk.Deoptimization,jdk.ExecutionSample worker.jfr > steps.json
    python3 slow_steps.py steps.json [--factor 1.5]

Prints the steps after the first epoch slower than factor x the median, with the collector pauses, safepoints and
compilations that overlapped each, and a summary: how much of the slow steps' excess time pauses explain.
"""
import argparse
import json
import statistics
from datetime import datetime


def when(value):
    return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()


def seconds(duration):
    # JFR's JSON durations are ISO-8601 ("PT0.012345S"); a bare number is nanoseconds
    if isinstance(duration, (int, float)):
        return duration / 1e9
    d = duration.removeprefix("PT")
    total = 0.0
    for unit, scale in (("H", 3600), ("M", 60), ("S", 1)):
        if unit in d:
            head, d = d.split(unit, 1)
            total += float(head) * scale
    return total


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("json")
    ap.add_argument("--factor", type=float, default=1.5)
    ap.add_argument("--skip", type=int, default=60, help="steps of warm-up left out (about an epoch)")
    a = ap.parse_args()
    events = json.load(open(a.json))["recording"]["events"]
    steps, pauses, safepoints, compiles = [], [], [], []
    for e in events:
        t, v = e["type"], e["values"]
        start = when(v["startTime"])
        end = start + seconds(v.get("duration", "PT0S"))
        if t == "dev.hark.ctc.TrainingStep":
            steps.append((start, end, v["step"], v["utterances"], v["frames"], seconds(v.get("cpuNanos", "PT0S")),
                          seconds(v.get("systemNanos", "PT0S"))))
        elif t == "jdk.GCPhasePause":
            pauses.append((start, end, v.get("name", "")))
        elif t == "jdk.SafepointBegin":
            safepoints.append((start, end, ""))
        elif t == "jdk.Compilation":
            compiles.append((start, end, v["method"]["type"]["name"].split(".")[-1] + "." + v["method"]["name"]))
    steps.sort()
    steady = steps[a.skip:]
    if not steady:
        print("no steps after the warm-up")
        return
    median = statistics.median(s[1] - s[0] for s in steady)
    slow = [s for s in steady if s[1] - s[0] > a.factor * median]
    times = sorted(s[1] - s[0] for s in steady)
    p99 = times[min(len(times) - 1, int(0.99 * len(times)))]
    print(f"{len(steady)} steps after the first {a.skip}: p50 {median * 1e3:.2f} ms, p99 {p99 * 1e3:.2f} ms; "
          f"{len(slow)} slower than {a.factor} x p50")

    def overlap(s, spans):
        return [(max(s[0], p[0]), min(s[1], p[1]), p[2]) for p in spans if p[0] < s[1] and p[1] > s[0]]

    excess = explained = 0.0
    for s in slow:
        took = s[1] - s[0]
        gc = overlap(s, pauses)
        sp = overlap(s, safepoints)
        co = overlap(s, compiles)
        paused = sum(e - b for b, e, _ in sp) or sum(e - b for b, e, _ in gc)
        excess += took - median
        explained += min(paused, took - median)
        print(f"step {s[2]:5d} {s[3]:2d}x{s[4]:4d} {took * 1e3:7.2f} ms, on the CPU {s[5] * 1e3:7.2f} (kernel {s[6] * 1e3:6.2f}): paused {paused * 1e3:6.2f} ms "
              f"({len(gc)} gc phases, {len(sp)} safepoints); compiling during it: "
              + ", ".join(sorted({n for _, _, n in co}))[:160])
    fast = [s for s in steady if s[1] - s[0] <= median]
    if slow and fast:
        print(f"CPU time / wall time: slow steps {sum(s[5] for s in slow) / sum(s[1] - s[0] for s in slow):.2f}, "
              f"steps at or under the median {sum(s[5] for s in fast) / sum(s[1] - s[0] for s in fast):.2f}; "
              f"kernel time per step: slow {1e3 * sum(s[6] for s in slow) / len(slow):.2f} ms, "
              f"at or under the median {1e3 * sum(s[6] for s in fast) / len(fast):.2f} ms")
    if excess:
        print(f"pauses explain {explained / excess:.0%} of the slow steps' time above the median")


if __name__ == "__main__":
    try:
        main()
    except BrokenPipeError:  # piped into head
        pass
