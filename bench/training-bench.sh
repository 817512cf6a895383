#!/bin/sh
# Training and inference benchmark (not run by ./run-tests). Needs a built server product:
#   ./mvnw -B -ntp verify -DskipTests && bench/training-bench.sh [EPOCHS]
set -e
ROOT=$(cd "$(dirname "$0")/.." && pwd)
HARK_NEED_JAVAC=0 . "$ROOT/scripts/find-jdk.sh"
ARCHIVE=$(ls "$ROOT"/releng/dev.hark.server.product/target/products/hark-server-*-linux.gtk.x86_64.tar.gz | head -1)
WORK="$ROOT/bench/target"
rm -rf "$WORK" && mkdir -p "$WORK/server"
tar -xzf "$ARCHIVE" -C "$WORK/server"
LAUNCHER=$(find "$WORK/server" -name hark-server -type f | head -1)
echo "machine: $(nproc) cores, $(free -g | awk '/Mem:/ {print $2}') GiB, $(. /etc/os-release && echo "$PRETTY_NAME"), $("$JAVA_HOME/bin/java" -version 2>&1 | head -1); $(date -u +%Y-%m-%d)"
exec "$JAVA_HOME/bin/java" "$ROOT/bench/TrainingBench.java" "$LAUNCHER" "${1:-12}"
