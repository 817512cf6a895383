#!/bin/sh
# Server streaming benchmark (not a test: ./run-tests never runs it). See docs/benchmarks.md.
#   - builds the products (./mvnw verify -DskipTests; --no-build reuses the last build) and the harness
#     (bench/server-streaming with bench/common, the benchmarks' own small Maven reactor outside Hark's),
#   - starts a real Hark server from the Linux workbench product: hark serve --port 0 on 127.0.0.1,
#   - runs the harness against it over loopback (protocol v2): real-time factor, concurrent real-time streams,
#     end of speech -> final latency,
#   - stops the server (SIGTERM, then SIGKILL after 15 s) and prints the tables (also saved to
#     bench/server-streaming/target/results.md).
# Extra arguments go to the harness, e.g. --ns 1,2,4 or --bound 1.5; --smoke (or HARK_BENCH_SMOKE=1) is a
# short run (a minute or two) that only shows the benchmark works.
set -eu
. "$(dirname "$0")/lib.sh"
bench_init
bench_options "$@"
shift "$BENCH_SHIFT"

bench_need flite espeak-ng sox
bench_products "$BUILD"
bench_harness server-streaming
bench_workdir hark-bench
bench_unpack
bench_serve "$HARK" "$WORK"

bench_machine "server -Xmx2g, harness -Xmx512m"

# shellcheck disable=SC2086 # SMOKE is empty or one word
if [ "${HARK_BENCH_KIND:-streaming}" = load ]; then   # bench/server-load.sh: the same server, the load harness
    timeout 600 "$JAVA_HOME/bin/java" -Xmx512m -cp "$BENCH_CP" dev.hark.bench.LoadBench --server "$URL" \
        --pid "$SERVER_PID" --cache bench/server-streaming/target/speech \
        --out bench/server-streaming/target/load-results.md $SMOKE "$@"
else
    timeout 600 "$JAVA_HOME/bin/java" -Xmx512m -cp "$BENCH_CP" dev.hark.bench.ServerStreamingBench --server "$URL" \
        --pid "$SERVER_PID" --cores "$(nproc)" --clk-tck "$(getconf CLK_TCK)" --cache bench/server-streaming/target/speech \
        --out bench/server-streaming/target/results.md $SMOKE "$@"
fi

echo "Load after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
