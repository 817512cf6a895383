#!/bin/sh
# Client streaming benchmark (not a test: ./run-tests never runs it). See docs/benchmarks.md.
#   - builds the products and bundles (./mvnw verify -DskipTests; --no-build reuses the last build) and the harness
#     (bench/client-streaming with bench/common, the benchmarks' own small Maven reactor outside Hark's; it runs
#     Hark's client bundles on a plain classpath),
#   - synthesizes ~60 s of speech with pauses (flite + espeak-ng + sox, bench/common's SpeechFile; cached in
#     bench/client-streaming/target/),
#   - starts a real Hark server from the Linux workbench product (hark serve --port 0) and the harness's ack-only
#     v2 server (its own JVM), both on 127.0.0.1,
#   - runs the harness: file-replay throughput (v2/v1, en-us/en-us-digits, and against the ack-only server),
#     capture -> wire latency p50/p99, client CPU per real-time stream for N = 1, 4, 8,
#   - stops both servers (SIGTERM, then SIGKILL after 15 s), says when they are gone, and prints the tables
#     (also saved to bench/client-streaming/target/results.md).
# Extra arguments go to the harness, e.g. --ns 1,2,4 or --reps 3; --smoke (or HARK_BENCH_SMOKE=1) is a short run
# (10 s of speech, one rep, N = 1: a few minutes) that only shows the benchmark works.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
HARK_NEED_JAVAC=1
. "$ROOT/scripts/find-jdk.sh"
. "$ROOT/bench/lib.sh"

BUILD=1
if [ "${1:-}" = --no-build ]; then BUILD=0; shift; fi
SMOKE=
SECONDS_OF_SPEECH=60
case " $* " in
    *" --smoke "*) SECONDS_OF_SPEECH=10 ;; # the harness gets it with the other arguments
    *) if [ "${HARK_BENCH_SMOKE:-0}" = 1 ]; then SMOKE=--smoke; SECONDS_OF_SPEECH=10; fi ;;
esac

bench_need flite espeak-ng sox
ARCHIVE=releng/dev.hark.workbench.product/target/products/hark-workbench-0.1.0-SNAPSHOT-linux.gtk.x86_64.tar.gz
bench_products "$BUILD" "$ARCHIVE"
for b in core audio transport session; do
    [ -f "bundles/dev.hark.$b/target/dev.hark.$b-0.1.0-SNAPSHOT.jar" ] || { echo "bench: bundles/dev.hark.$b is not built" >&2; exit 1; }
done
bench_harness client-streaming

# Speech with pauses: sentences and digit strings by several voices, each followed by 0.6-1.4 s of silence,
# as a 48 kHz 16-bit mono WAV (FileSource resamples it to 16 kHz, as for a 48 kHz microphone).
SPEECH=bench/client-streaming/target/speech
WAV=$SPEECH/speech-${SECONDS_OF_SPEECH}s.wav
if [ ! -f "$WAV" ]; then
    echo "bench: synthesizing $WAV" >&2
    "$JAVA_HOME/bin/java" -cp "$BENCH_CP" dev.hark.bench.common.SpeechFile --out "$WAV" --seconds "$SECONDS_OF_SPEECH" \
        --cache "$SPEECH/clips"
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/hark-cbench.XXXXXX")
SERVER_PID=
ACK_PID=
cleanup() {
    # processes the server started itself (an embedded child server, if the services bundle starts one)
    KIDS=
    [ -n "$SERVER_PID" ] && KIDS=$(pgrep -P "$SERVER_PID" 2>/dev/null || true)
    for k in $KIDS; do echo "bench: the server $SERVER_PID has a child process $k: $(tr '\0' ' ' </proc/$k/cmdline 2>/dev/null | cut -c1-300)" >&2; done
    stop_pid "$SERVER_PID" server
    for k in $KIDS; do
        i=0
        while kill -0 "$k" 2>/dev/null && [ $i -lt 150 ]; do sleep 0.1; i=$((i + 1)); done
        stop_pid "$k" "server child"
        kill -0 "$k" 2>/dev/null || echo "bench: server child $k is gone" >&2
    done
    stop_pid "$ACK_PID" "ack-only server"
    rm -rf "$WORK"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A fresh copy of the Linux product, unpacked from the archive the build made.
tar xzf "$ARCHIVE" -C "$WORK"
HARK="$WORK/hark-workbench/hark"
[ -x "$HARK" ] || { echo "bench: no hark launcher in $ARCHIVE" >&2; exit 1; }
bench_serve "$HARK" "$WORK"

"$JAVA_HOME/bin/java" -Xmx128m -cp "$BENCH_CP" dev.hark.bench.client.AckServer >"$WORK/ack.out" 2>&1 &
ACK_PID=$!
ACK_URL=$(wait_for_url "$WORK/ack.out" 's|^ack server listening on \(http://127\.0\.0\.1:[0-9]*\) .*|\1|p' "$ACK_PID" "ack-only server")
echo "bench: ack-only server $ACK_PID at $ACK_URL" >&2

RESULTS=bench/client-streaming/target/results.md
bench_machine "client -Xmx512m, ack-only server -Xmx128m" | tee "$RESULTS.head"

# shellcheck disable=SC2086 # SMOKE is empty or one word
timeout 600 "$JAVA_HOME/bin/java" -Xmx512m -cp "$BENCH_CP" dev.hark.bench.client.ClientStreamingBench \
    --server "$URL" --server-pid "$SERVER_PID" --ack "$ACK_URL" --ack-pid "$ACK_PID" --wav "$WAV" \
    --cores "$(nproc)" --clk-tck "$(getconf CLK_TCK)" --out "$RESULTS.body" $SMOKE "$@"

echo "Load after the run: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$RESULTS.tail"
cat "$RESULTS.head" "$RESULTS.body" "$RESULTS.tail" >"$RESULTS"
rm -f "$RESULTS.head" "$RESULTS.body" "$RESULTS.tail"
echo "bench: results in $RESULTS" >&2
