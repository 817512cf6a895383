#!/bin/sh
# Server streaming benchmark (not a test: ./run-tests never runs it). See docs/benchmarks.md.
#   - builds the products (./mvnw verify -DskipTests; --no-build reuses the last build) and the harness
#     (bench/server-streaming, a Maven project outside the Hark reactor),
#   - starts a real Hark server from the Linux workbench product: hark serve --port 0 on 127.0.0.1,
#   - runs the harness against it over loopback (protocol v2): real-time factor, concurrent real-time streams,
#     end of speech -> final latency,
#   - stops the server (SIGTERM, then SIGKILL after 15 s) and prints the tables (also saved to
#     bench/server-streaming/target/results.md).
# Extra arguments go to the harness, e.g. --ns 1,2,4 or --bound 1.5.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
cd "$ROOT"
HARK_NEED_JAVAC=1
. "$ROOT/scripts/find-jdk.sh"

BUILD=1
if [ "${1:-}" = --no-build ]; then BUILD=0; shift; fi

for tool in flite espeak-ng sox; do
    command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is missing: apt-get install flite espeak-ng sox" >&2; exit 1; }
done

PRODUCTS=releng/dev.hark.workbench.product/target/products
ARCHIVE=$PRODUCTS/hark-workbench-0.1.0-SNAPSHOT-linux.gtk.x86_64.tar.gz
if [ "$BUILD" = 1 ] || [ ! -f "$ARCHIVE" ]; then
    echo "bench: building the products (./mvnw -B -ntp -q verify -DskipTests)" >&2
    ./mvnw -B -ntp -q verify -DskipTests 2>&1 | grep -v '^WARNING: .*[Uu]nsafe\|^WARNING: Please consider' >&2 || true
    [ -f "$ARCHIVE" ] || { echo "bench: the build made no $ARCHIVE" >&2; exit 1; }
fi
echo "bench: building the harness (bench/server-streaming)" >&2
./mvnw -B -ntp -q -f bench/server-streaming/pom.xml package 2>&1 | grep -v '^WARNING: .*[Uu]nsafe\|^WARNING: Please consider' >&2 || true
JAR=bench/server-streaming/target/server-streaming-bench-0.1.0-SNAPSHOT.jar
[ -f "$JAR" ] || { echo "bench: the harness did not build" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/hark-bench.XXXXXX")
SERVER_PID=
cleanup() {
    stop_pid "$SERVER_PID" server
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A fresh copy of the Linux product, unpacked from the archive the build made.
tar xzf "$ARCHIVE" -C "$WORK"
HARK="$WORK/hark-workbench/hark"
[ -x "$HARK" ] || { echo "bench: no hark launcher in $ARCHIVE" >&2; exit 1; }
mkdir "$WORK/data"

"$HARK" serve --port 0 --data "$WORK/data" >"$WORK/server.out" 2>"$WORK/server.log" &
SERVER_PID=$!
i=0
URL=
while [ -z "$URL" ]; do
    URL=$(sed -n 's|^Hark server listening on \(http://127\.0\.0\.1:[0-9]*\) .*|\1|p' "$WORK/server.out" | head -1)
    i=$((i + 1))
    if [ -z "$URL" ] && { [ $i -gt 600 ] || ! kill -0 "$SERVER_PID" 2>/dev/null; }; then
        echo "bench: the server did not start; its output:" >&2
        cat "$WORK/server.out" "$WORK/server.log" >&2
        exit 1
    fi
    [ -n "$URL" ] || sleep 0.1
done
[ "$(cat /proc/$SERVER_PID/comm)" = java ] || { echo "bench: process $SERVER_PID is not the server's JVM" >&2; exit 1; }
echo "bench: server $SERVER_PID at $URL" >&2

echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "Machine: $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -1)), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM"
echo "OS: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
echo "JDK: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1) ($JAVA_HOME), server -Xmx2g"
echo "Hark: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (with local changes)')"
echo "Load before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo

timeout 600 "$JAVA_HOME/bin/java" -Xmx512m -jar "$JAR" --server "$URL" --pid "$SERVER_PID" --cores "$(nproc)" \
    --clk-tck "$(getconf CLK_TCK)" --cache bench/server-streaming/target/speech \
    --out bench/server-streaming/target/results.md "$@"

echo "Load after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
