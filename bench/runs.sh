#!/bin/sh
# Training-runs benchmark (not a test: ./run-tests never runs it). See docs/benchmarks.md, "Training runs".
#   - builds Hark's protocol, core and tensorboard bundles (--no-build reuses the last build) and the harness
#     (bench/runs with bench/common, on a plain classpath),
#   - writes TensorBoard runs with tensorboardX (the venv of scripts/test-venv.sh, from the machine's local
#     wheels): small (1,000 points), big (1,000,000 points) and extra (1,000 points appended during the run),
#     cached in bench/runs/target/logs,
#   - prints the table (also saved to bench/runs/target/results.md).
set -eu
. "$(dirname "$0")/lib.sh"
bench_init

bench_options "$@"
if [ "$BUILD" = 1 ]; then
    echo "bench: building the bundles (protocol, core, tensorboard)" >&2
    ./mvnw -B -ntp -q verify -DskipTests -pl targetplatform,bundles/dev.hark.protocol,bundles/dev.hark.core,bundles/dev.hark.tensorboard 2>&1 \
        | grep -v "$BENCH_QUIET" >&2 || true
fi
bench_need_bundles protocol core tensorboard
bench_harness runs

PY=$(scripts/test-venv.sh)
LOGS=bench/runs/target/logs
for run in small:1000 big:1000000 extra:1000; do
    name=${run%%:*}
    n=${run#*:}
    if [ ! -d "$LOGS/$name" ]; then
        echo "bench: writing $name ($n points) with tensorboardX" >&2
        "$PY" bench/runs/write_big_run.py "$LOGS/$name.tmp" "$n"
        mv "$LOGS/$name.tmp" "$LOGS/$name"
    fi
done
# the harness appends extra's points to small and big: start from fresh copies
bench_workdir hark-runsbench
cp -r "$LOGS/small" "$LOGS/big" "$LOGS/extra" "$WORK/"

RESULTS=bench/runs/target/results.md
bench_machine "-Xmx1g" | tee "$RESULTS.head"
"$JAVA_HOME/bin/java" -Xmx1g -cp "$BENCH_CP" dev.hark.bench.runs.RunsBench "$WORK" "$RESULTS.body"
echo "Load after the run: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$RESULTS.tail"
cat "$RESULTS.head" "$RESULTS.body" "$RESULTS.tail" >"$RESULTS"
rm -f "$RESULTS.head" "$RESULTS.body" "$RESULTS.tail"
echo "bench: results in $RESULTS" >&2
