#!/bin/sh
# ctc training speed, Hark (DJL) against PyTorch on the same model, data, split, features, batch size, schedule and
# thread count (not a test: ./run-tests never runs it). See docs/benchmarks.md, "ctc training: Hark against PyTorch".
#   - builds the Hark bundles the training worker needs (./mvnw package -DskipTests on them; --no-build reuses them)
#     and the harness (bench/ctc-speed with bench/common),
#   - makes a Python venv with CPU torch==2.13.0 from the machine's local wheel folder (pip config list) in
#     bench/ctc-speed/target/venv, once,
#   - generates the digits dataset with Hark's own generator (espeak-ng and flite voices; cached in
#     bench/ctc-speed/target/work/), holds whole voices out for validation, exports Hark's log-mel features for PyTorch,
#   - trains with Hark's worker (a child JVM, as the server starts it) and then with PyTorch, one after the other,
#     each on one intra-op thread, and prints one table (also saved to bench/ctc-speed/target/work/results.md).
# Extra arguments go to the harness: --clips 500 --epochs 8 --batch 8 --lr 0.003 --jfr FILE (record Hark's worker
# with Java Flight Recorder, every compilation and each step as a dev.hark.ctc.TrainingStep event; then
# bench/ctc-speed/src/main/python/slow_steps.py says what the slow steps overlapped); --smoke (or HARK_BENCH_SMOKE=1) is a short run that only shows the benchmark works.
# HARK_BENCH_WORKER_JVM_OPTIONS="..." adds JVM options to Hark's worker (after those the server gives it), to try some out.
set -eu
. "$(dirname "$0")/lib.sh"
bench_init
bench_options "$@"
shift "$BENCH_SHIFT"
bench_need flite espeak-ng sox

BUNDLES="protocol core process engine training.spi training engine.ctc"
if [ "$BUILD" = 1 ]; then
    echo "bench: building the Hark bundles ($BUNDLES)" >&2
    PL=$(for b in $BUNDLES; do printf 'bundles/dev.hark.%s,' "$b"; done)
    ./mvnw -B -ntp -q -o package -DskipTests -pl "${PL%,}" 2>&1 | grep -v "$BENCH_QUIET" >&2 || true
fi
# shellcheck disable=SC2086 # BUNDLES is a list of words
bench_need_bundles $BUNDLES
bench_harness ctc-speed
# the run uses copies of the bundle jars, so that a build during the run cannot change them under the worker
JARS="$ROOT/bench/ctc-speed/target/hark-jars"
rm -rf "$JARS" && mkdir -p "$JARS"
for b in $BUNDLES; do
    cp "bundles/dev.hark.$b/target/dev.hark.$b-0.1.0-SNAPSHOT.jar" "$JARS/"
    BENCH_CP=$(printf '%s' "$BENCH_CP" | sed "s#[^:]*/bundles/dev.hark.$b/target/dev.hark.$b-0.1.0-SNAPSHOT.jar#$JARS/dev.hark.$b-0.1.0-SNAPSHOT.jar#")
done

VENV="$ROOT/bench/ctc-speed/target/venv"
if ! "$VENV/bin/python" -c "import torch, numpy" 2>/dev/null; then
    echo "bench: making $VENV with torch==2.13.0 (CPU) from the local wheel folder" >&2
    python3 -m venv "$VENV"
    "$VENV/bin/pip" install -q --retries 0 --timeout 5 torch==2.13.0 numpy >&2
fi

# PyTorch's natives as Hark's worker unpacks them: the shared cache (README.md: "Training workers share one cache"), not this checkout
CACHE="${HARK_DJL_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hark/djl}"
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(. /etc/os-release && echo "$PRETTY_NAME"), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1), $("$VENV/bin/python" -c 'import torch; print("torch", torch.__version__)'); $(date -u +%Y-%m-%dT%H:%MZ)"
# shellcheck disable=SC2086 # SMOKE is empty or one word
exec "$JAVA_HOME/bin/java" -Xmx2g -cp "$BENCH_CP" dev.hark.bench.ctc.CtcSpeedBench --python "$VENV/bin/python" \
    --djl-cache "$CACHE" $SMOKE "$@"
