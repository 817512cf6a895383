#!/bin/sh
# Endpointing benchmark (not a test: ./run-tests never runs it). See docs/benchmarks.md, "Endpointing".
#   - builds the products (./mvnw verify -DskipTests; --no-build reuses the last build) and the harness
#     (bench/server-streaming with bench/common),
#   - for each setting (the first is the reference the others are compared with) starts a real Hark server from the
#     Linux workbench product with it, runs the harness (dev.hark.bench.EndpointBench: one real-time en-us
#     stream of whole sentences, then of sentences with a pause inside), stops the server,
#   - prints one table of all settings, latencies also as ratios of the first setting's (also saved to
#     bench/server-streaming/target/endpoint-results.md). The settings run one after another in one run, so
#     they see the same machine; on a shared machine compare the ratios rather than the seconds.
# Settings: HARK_BENCH_SETTINGS, space-separated, each a comma-separated list of vad=N (-vad_postspeech, 10 ms
# frames: the wait when the words do not look like a whole sentence), sentence=N (the wait after a likely whole
# sentence, -Dhark.pocketsphinx.sentenceEndPostspeech; sentence=N not below vad=N means one fixed wait) and
# end=full|bestpath|tree (the end-of-utterance search passes, -Dhark.pocketsphinx.endSearch), e.g.
# "vad=40 vad=40,end=bestpath vad=25,end=tree"; or the older HARK_BENCH_POSTSPEECH="50 30 20" (vad only).
# Extra arguments go to the harness, e.g. --utterances 24 or --pauses 0.2,0.3; --smoke is a short run.
set -eu
. "$(dirname "$0")/lib.sh"
bench_init
bench_options "$@"
shift "$BENCH_SHIFT"
if [ -n "${HARK_BENCH_SETTINGS:-}" ]; then
    SETTINGS=$HARK_BENCH_SETTINGS
else
    SETTINGS=
    for N in ${HARK_BENCH_POSTSPEECH:-50 30 20}; do SETTINGS="$SETTINGS vad=$N"; done
fi

# The server's JVM arguments for one setting ("vad=40,end=bestpath"), and its label in the table.
setting_args() {
    ARGS=
    LABEL=
    for KV in $(echo "$1" | tr ',' ' '); do
        case "$KV" in
            vad=*) ARGS="$ARGS -Dhark.pocketsphinx.vadPostspeech=${KV#vad=}"; LABEL="$LABEL vad_postspeech=${KV#vad=}" ;;
            end=*) ARGS="$ARGS -Dhark.pocketsphinx.endSearch=${KV#end=}"; LABEL="$LABEL end_search=${KV#end=}" ;;
            sentence=*) ARGS="$ARGS -Dhark.pocketsphinx.sentenceEndPostspeech=${KV#sentence=}"; LABEL="$LABEL sentence_end=${KV#sentence=}" ;;
            *) echo "bench: unknown setting $KV (vad=N, sentence=N or end=full|bestpath|tree)" >&2; exit 2 ;;
        esac
    done
    LABEL=$(echo "$LABEL" | sed 's/^ //; s/ /, /g')
}

bench_need flite espeak-ng sox
bench_products "$BUILD"
bench_harness server-streaming
bench_workdir hark-bench
bench_unpack
TSV="$WORK/endpoint.tsv"
OUT=bench/server-streaming/target/endpoint-results.md

{
    bench_machine "server -Xmx2g, harness -Xmx512m; settings run in this order: $SETTINGS"
    for S in $SETTINGS; do
        setting_args "$S"
        rm -rf "$WORK/data"
        HARK_VM_ARGS="-Xmx2g -Djava.awt.headless=true$ARGS"
        export HARK_VM_ARGS
        bench_serve "$HARK" "$WORK"
        timeout 600 "$JAVA_HOME/bin/java" -Xmx512m -cp "$BENCH_CP" dev.hark.bench.EndpointBench --server "$URL" \
            --label "$LABEL" --tsv "$TSV" --cache bench/server-streaming/target/speech "$@" >&2
        bench_stop_server
    done
    "$JAVA_HOME/bin/java" -cp "$BENCH_CP" dev.hark.bench.EndpointBench --tsv "$TSV" --summarize
    echo
    echo "Load after the run: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT"
