#!/bin/sh
# Training and inference benchmark (not run by ./run-tests). Needs a built server product:
#   ./mvnw -B -ntp verify -DskipTests && bench/training-bench.sh [EPOCHS]
# Builds the harness (bench/training with bench/common), unpacks the Linux server archive into bench/target and
# runs the harness, which starts the server on 127.0.0.1 and stops it (and its training worker) at the end.
# --smoke (or HARK_BENCH_SMOKE=1) is a short run (a small dataset, 2 epochs) that only shows the benchmark works.
set -eu
. "$(dirname "$0")/lib.sh"
bench_init
bench_smoke "$@"
ARCHIVE=$(ls "$ROOT"/releng/dev.hark.server.product/target/products/hark-server-*-linux.gtk.x86_64.tar.gz 2>/dev/null | head -1)
[ -n "$ARCHIVE" ] || { echo "bench: no server product: ./mvnw -B -ntp verify -DskipTests first" >&2; exit 1; }
bench_harness training
WORK="$ROOT/bench/target"
rm -rf "$WORK" && mkdir -p "$WORK/server"
tar -xzf "$ARCHIVE" -C "$WORK/server"
LAUNCHER=$(find "$WORK/server" -name hark-server -type f | head -1)
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(. /etc/os-release && echo "$PRETTY_NAME"), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1); $(date -u +%Y-%m-%d)"
# shellcheck disable=SC2086 # SMOKE is empty or one word
exec "$JAVA_HOME/bin/java" -cp "$BENCH_CP" dev.hark.bench.training.TrainingBench "$LAUNCHER" $SMOKE "$@"
