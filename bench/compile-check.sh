#!/bin/sh
# Compiles every benchmark harness of bench/pom.xml (common, server-streaming, client-streaming, training, runs,
# ctc-speed) against the Hark bundle jars the last build left in bundles/*/target, and runs nothing: a cheap check
# (about 30 s) that a change to the bundles did not break a benchmark. ./run-tests runs it after ./mvnw verify.
# Needs those bundles built: ./mvnw verify, or ./mvnw package -DskipTests -pl <the bundles the harnesses' pom.xml name>.
# Each harness is compiled afresh (its target/classes is removed first; what the benchmarks cache in target/, the
# synthesized speech and the ctc-speed venv, stays).
set -eu
. "$(dirname "$0")/lib.sh"
bench_init
# the bundles the harnesses compile against: their pom.xml's system-scope jars
# shellcheck disable=SC2016 # ${hark.bundles} is Maven's, not the shell's
BUNDLES=$(sed -n 's#.*<systemPath>${hark.bundles}/dev\.hark\.\([^/]*\)/target/.*#\1#p' bench/*/pom.xml | sort -u)
# shellcheck disable=SC2086 # BUNDLES is a list of words
bench_need_bundles $BUNDLES
rm -rf bench/*/target/classes bench/*/target/maven-status
LOG=$(mktemp "${TMPDIR:-/tmp}/hark-bench-compile.XXXXXX")
trap 'rm -f "$LOG"' EXIT
if ! ./mvnw -B -ntp -q -f bench/pom.xml compile >"$LOG" 2>&1; then
    grep -v "$BENCH_QUIET" "$LOG" >&2
    echo "bench: a benchmark harness does not compile against the bundles (bench/compile-check.sh; see above)" >&2
    exit 1
fi
echo "bench: every benchmark harness compiles ($(echo $BUNDLES | wc -w) bundles)" >&2
