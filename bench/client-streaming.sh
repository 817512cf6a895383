#!/bin/sh
# Client streaming benchmark (not a test: ./run-tests never runs it). See docs/benchmarks.md.
#   - builds the products and bundles (./mvnw verify -DskipTests; --no-build reuses the last build) and the harness
#     (bench/client-streaming, a Maven project outside the Hark reactor that runs Hark's client bundles on a plain
#     classpath),
#   - synthesizes ~60 s of speech with pauses (flite + espeak-ng + sox; cached in bench/client-streaming/target/),
#   - starts a real Hark server from the Linux workbench product (hark serve --port 0) and the harness's ack-only
#     v2 server (its own JVM), both on 127.0.0.1,
#   - runs the harness: file-replay throughput (v2/v1, en-us/en-us-digits, and against the ack-only server),
#     capture -> wire latency p50/p99, client CPU per real-time stream for N = 1, 4, 8,
#   - stops both servers (SIGTERM, then SIGKILL after 15 s), says when they are gone, and prints the tables
#     (also saved to bench/client-streaming/target/results.md).
# Extra arguments go to the harness, e.g. --ns 1,2,4 or --reps 3.
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/bench/lib.sh"
cd "$ROOT"
HARK_NEED_JAVAC=1
. "$ROOT/scripts/find-jdk.sh"

BUILD=1
if [ "${1:-}" = --no-build ]; then BUILD=0; shift; fi

for tool in flite espeak-ng sox soxi; do
    command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is missing: apt-get install flite espeak-ng sox" >&2; exit 1; }
done

QUIET='^WARNING: .*[Uu]nsafe\|^WARNING: Please consider\|^WARNING: A terminally\|systemPath\|^\[WARNING\] *$\|It is highly recommended\|For this reason, future Maven\|^\[WARNING\] Some problems were encountered'
PRODUCTS=releng/dev.hark.workbench.product/target/products
ARCHIVE=$PRODUCTS/hark-workbench-0.1.0-SNAPSHOT-linux.gtk.x86_64.tar.gz
if [ "$BUILD" = 1 ] || [ ! -f "$ARCHIVE" ]; then
    echo "bench: building the products (./mvnw -B -ntp -q verify -DskipTests)" >&2
    ./mvnw -B -ntp -q verify -DskipTests 2>&1 | grep -v "$QUIET" >&2 || true
    [ -f "$ARCHIVE" ] || { echo "bench: the build made no $ARCHIVE" >&2; exit 1; }
fi
for b in core audio transport session; do
    [ -f "bundles/dev.hark.$b/target/dev.hark.$b-0.1.0-SNAPSHOT.jar" ] || { echo "bench: bundles/dev.hark.$b is not built" >&2; exit 1; }
done
echo "bench: building the harness (bench/client-streaming)" >&2
rm -f bench/client-streaming/target/classpath.txt
./mvnw -B -ntp -q -f bench/client-streaming/pom.xml package 2>&1 | grep -v "$QUIET" >&2 || true
JAR=bench/client-streaming/target/client-streaming-bench-0.1.0-SNAPSHOT.jar
[ -f "$JAR" ] && [ -f bench/client-streaming/target/classpath.txt ] || { echo "bench: the harness did not build" >&2; exit 1; }
CP="$JAR:$(cat bench/client-streaming/target/classpath.txt)"

# ~60 s of speech with pauses: sentences and digit strings by several voices, each followed by 0.6-1.4 s of
# silence, as a 48 kHz 16-bit mono WAV (FileSource resamples it to 16 kHz, as for a 48 kHz microphone).
SPEECH=bench/client-streaming/target/speech
WAV=$SPEECH/speech-60s.wav
if [ ! -f "$WAV" ]; then
    echo "bench: synthesizing $WAV" >&2
    mkdir -p "$SPEECH/parts"
    n=0
    total=0
    while :; do
        for text in "the weather is nice today" "nine oh five" "please call me tomorrow morning" "four two seven one" \
            "i would like a cup of coffee" "open the door and turn on the light" "three eight six" \
            "we went to the store yesterday" "the meeting starts at ten in the morning" "five five two zero nine" \
            "can you send me the report before lunch" "my brother lives in a small town near the river"; do
            case $((n % 4)) in
                0) voice=slt ;; 1) voice=rms ;; 2) voice=awb ;; 3) voice=espeak ;;
            esac
            raw=$SPEECH/parts/raw-$n.wav
            if [ "$voice" = espeak ]; then espeak-ng -v en-us -s 175 -w "$raw" "$text"; else flite -voice "$voice" -t "$text" -o "$raw"; fi
            tenths=$((6 + n * 7 % 9))
            pause=$((tenths / 10)).$((tenths % 10))
            sox "$raw" -r 48000 -c 1 -b 16 "$SPEECH/parts/part-$(printf %03d $n).wav" pad 0 "$pause"
            n=$((n + 1))
            total=$(soxi -D "$SPEECH"/parts/part-*.wav | awk '{ s += $1 } END { printf "%d", s }')
            [ "$total" -lt 60 ] || break 2
        done
    done
    sox "$SPEECH"/parts/part-*.wav "$SPEECH/tmp.wav"
    sox "$SPEECH/tmp.wav" "$WAV" trim 0 60
    rm -rf "$SPEECH/parts" "$SPEECH/tmp.wav"
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

wait_for_url() { # $1 file, $2 sed expression, $3 pid, $4 name
    i=0
    url=
    while [ -z "$url" ]; do
        url=$(sed -n "$2" "$1" | head -1)
        i=$((i + 1))
        if [ -z "$url" ] && { [ $i -gt 600 ] || ! kill -0 "$3" 2>/dev/null; }; then
            echo "bench: the $4 did not start; its output:" >&2
            cat "$1" >&2
            return 1
        fi
        [ -n "$url" ] || sleep 0.1
    done
    echo "$url"
}

# A fresh copy of the Linux product, unpacked from the archive the build made.
tar xzf "$ARCHIVE" -C "$WORK"
HARK="$WORK/hark-workbench/hark"
[ -x "$HARK" ] || { echo "bench: no hark launcher in $ARCHIVE" >&2; exit 1; }
mkdir "$WORK/data"
"$HARK" serve --port 0 --data "$WORK/data" >"$WORK/server.out" 2>"$WORK/server.log" &
SERVER_PID=$!
URL=$(wait_for_url "$WORK/server.out" 's|^Hark server listening on \(http://127\.0\.0\.1:[0-9]*\) .*|\1|p' "$SERVER_PID" server) \
    || { cat "$WORK/server.log" >&2; exit 1; }
[ "$(cat /proc/$SERVER_PID/comm)" = java ] || { echo "bench: process $SERVER_PID is not the server's JVM" >&2; exit 1; }
echo "bench: server $SERVER_PID at $URL" >&2

"$JAVA_HOME/bin/java" -Xmx128m -cp "$CP" dev.hark.bench.client.AckServer >"$WORK/ack.out" 2>&1 &
ACK_PID=$!
ACK_URL=$(wait_for_url "$WORK/ack.out" 's|^ack server listening on \(http://127\.0\.0\.1:[0-9]*\) .*|\1|p' "$ACK_PID" "ack-only server")
echo "bench: ack-only server $ACK_PID at $ACK_URL" >&2

RESULTS=bench/client-streaming/target/results.md
{
echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "Machine: $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -1)), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM"
echo "OS: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
echo "JDK: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1) ($JAVA_HOME), client -Xmx512m, ack-only server -Xmx128m"
echo "Hark: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (with local changes)')"
echo "Load before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
} | tee "$RESULTS.head"

timeout 600 "$JAVA_HOME/bin/java" -Xmx512m -cp "$CP" dev.hark.bench.client.ClientStreamingBench \
    --server "$URL" --server-pid "$SERVER_PID" --ack "$ACK_URL" --ack-pid "$ACK_PID" --wav "$WAV" \
    --cores "$(nproc)" --clk-tck "$(getconf CLK_TCK)" --out "$RESULTS.body" "$@"

echo "Load after the run: $(cut -d' ' -f1-3 /proc/loadavg)" | tee "$RESULTS.tail"
cat "$RESULTS.head" "$RESULTS.body" "$RESULTS.tail" >"$RESULTS"
rm -f "$RESULTS.head" "$RESULTS.body" "$RESULTS.tail"
echo "bench: results in $RESULTS" >&2
