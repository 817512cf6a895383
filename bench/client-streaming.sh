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
. "$(dirname "$0")/lib.sh"
bench_init
bench_options "$@"
shift "$BENCH_SHIFT"
SECONDS_OF_SPEECH=60
[ "$BENCH_SMOKE" = 0 ] || SECONDS_OF_SPEECH=10

bench_need flite espeak-ng sox
bench_products "$BUILD"
bench_need_bundles core audio transport session
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

bench_workdir hark-cbench
ACK_PID=
bench_on_exit() {   # after the server (and its child processes, if any) are stopped
    stop_pid "$ACK_PID" "ack-only server"
}
bench_unpack
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
