#!/bin/sh
# What decoding a ctc final into the model's lexicon costs against greedy decoding (not run by ./run-tests):
#   bench/lexicon-decode.sh [--no-build] [--smoke]
# Builds the ctc bundles (unless --no-build) and the ctc-speed harness, then runs LexiconDecodeBench, which prints
# one table: per utterance length, greedy against the lexicon's beam search (digits with peaked scores, and a
# 1,000-word lexicon with noisy scores, the worst case). See docs/benchmarks.md.
set -eu
. "$(dirname "$0")/lib.sh"
bench_init
bench_options "$@"
shift "$BENCH_SHIFT"
BUNDLES="protocol core process engine training.spi training engine.ctc"
if [ "$BUILD" = 1 ]; then
    PL=$(for b in $BUNDLES; do printf 'bundles/dev.hark.%s,' "$b"; done)
    ./mvnw -B -ntp -q -o package -DskipTests -pl "targetplatform,${PL%,}" 2>&1 | grep -v "$BENCH_QUIET" >&2 || true
fi
# shellcheck disable=SC2086 # BUNDLES is a list of words
bench_need_bundles $BUNDLES
bench_harness ctc-speed
bench_machine "harness -Xmx512m"
# shellcheck disable=SC2086 # SMOKE is empty or one word
exec "$JAVA_HOME/bin/java" -Xmx512m -cp "$BENCH_CP" dev.hark.bench.ctc.LexiconDecodeBench $SMOKE "$@"
