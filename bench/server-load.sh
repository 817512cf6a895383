#!/bin/sh
# Server load benchmark (not a test: ./run-tests never runs it). See docs/benchmarks.md.
#   - builds the products (./mvnw verify -DskipTests; --no-build reuses the last build) and the harness
#     (bench/server-streaming with bench/common, the benchmarks' own small Maven reactor outside Hark's),
#   - starts a real Hark server from the Linux workbench product: hark serve --port 0 on 127.0.0.1,
#   - runs the harness against it over loopback (protocol v2): crowds of N real-time streams up to and past the
#     server's stream capacity (admitted, busy, latency, RSS), then start-and-drop churn (RSS over the cycles),
#   - stops the server (SIGTERM, then SIGKILL after 15 s) and prints the tables (also saved to
#     bench/server-streaming/target/load-results.md).
# Extra arguments go to the harness, e.g. --ns 4,8,50 or --churn 100; --smoke (or HARK_BENCH_SMOKE=1) is a
# short run (a minute or two) that only shows the benchmark works.
set -eu
# The same product, server and harness build as bench/server-streaming.sh, with the load harness (LoadBench).
HARK_BENCH_KIND=load exec "$(dirname "$0")/server-streaming.sh" "$@"
