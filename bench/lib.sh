# Sourced (POSIX sh) by the bench scripts, from the repository root (cd "$ROOT" first), after scripts/find-jdk.sh.

# Lines of Maven's output that say nothing about the benchmark.
BENCH_QUIET='^WARNING: .*[Uu]nsafe\|^WARNING: Please consider\|^WARNING: A terminally\|systemPath\|^\[WARNING\] *$\|It is highly recommended\|For this reason, future Maven\|^\[WARNING\] Some problems were encountered'

# stop_pid PID NAME: SIGTERM, then SIGKILL after 15 s; says whether the process is gone.
stop_pid() {
    if [ -n "$1" ] && kill -0 "$1" 2>/dev/null; then
        kill -TERM "$1" 2>/dev/null || true
        i=0
        while kill -0 "$1" 2>/dev/null && [ $i -lt 150 ]; do sleep 0.1; i=$((i + 1)); done
        if kill -0 "$1" 2>/dev/null; then
            echo "bench: $2 $1 ignored SIGTERM for 15 s; killing it" >&2
            kill -KILL "$1" 2>/dev/null || true
        fi
        wait "$1" 2>/dev/null || true
        kill -0 "$1" 2>/dev/null && echo "bench: $2 $1 is STILL running" >&2 || echo "bench: $2 $1 stopped" >&2
    fi
}

# bench_need TOOL...: says which of the synthesizers and sox is missing.
bench_need() {
    for tool in "$@"; do
        command -v "$tool" >/dev/null 2>&1 || { echo "bench: $tool is missing: apt-get install flite espeak-ng sox" >&2; exit 1; }
    done
}

# bench_products BUILD ARCHIVE: builds the products when BUILD is 1 or ARCHIVE is missing.
bench_products() {
    if [ "$1" = 1 ] || [ ! -f "$2" ]; then
        echo "bench: building the products (./mvnw -B -ntp -q verify -DskipTests)" >&2
        ./mvnw -B -ntp -q verify -DskipTests 2>&1 | grep -v "$BENCH_QUIET" >&2 || true
        [ -f "$2" ] || { echo "bench: the build made no $2" >&2; exit 1; }
    fi
}

# bench_harness MODULE: builds bench/MODULE with bench/common; sets BENCH_CP to its jar and its dependencies.
bench_harness() {
    echo "bench: building the harness (bench/$1, with bench/common)" >&2
    rm -f "bench/$1/target/classpath.txt"
    ./mvnw -B -ntp -q -f bench/pom.xml -pl "$1" -am package 2>&1 | grep -v "$BENCH_QUIET" >&2 || true
    _jar=$(ls "bench/$1"/target/*-bench-0.1.0-SNAPSHOT.jar 2>/dev/null | head -1)
    [ -n "$_jar" ] && [ -f "bench/$1/target/classpath.txt" ] || { echo "bench: the harness bench/$1 did not build" >&2; exit 1; }
    BENCH_CP="$_jar:$(cat "bench/$1/target/classpath.txt")"
}

# wait_for_url FILE SED PID NAME: prints the URL that SED finds in FILE once it is there (up to 60 s, and
# only while PID lives); else shows FILE and fails.
wait_for_url() {
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

# bench_serve HARK WORK: starts `HARK serve --port 0` on 127.0.0.1 with data in WORK/data; sets SERVER_PID and URL.
bench_serve() {
    mkdir -p "$2/data"
    "$1" serve --port 0 --data "$2/data" >"$2/server.out" 2>"$2/server.log" &
    SERVER_PID=$!
    URL=$(wait_for_url "$2/server.out" 's|^Hark server listening on \(http://127\.0\.0\.1:[0-9]*\) .*|\1|p' "$SERVER_PID" server) \
        || { cat "$2/server.log" >&2; exit 1; }
    [ "$(cat /proc/$SERVER_PID/comm)" = java ] || { echo "bench: process $SERVER_PID is not the server's JVM" >&2; exit 1; }
    echo "bench: server $SERVER_PID at $URL" >&2
}

# bench_machine VM_NOTE: the lines every result starts with (date, machine, OS, JDK, Hark commit, load).
bench_machine() {
    echo "Date: $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "Machine: $(nproc) cores ($(lscpu | sed -n 's/^Model name: *//p' | head -1)), $(free -g | awk '/^Mem:/ {print $2}') GiB RAM"
    echo "OS: $(. /etc/os-release && echo "$PRETTY_NAME"), kernel $(uname -r)"
    echo "JDK: $("$JAVA_HOME/bin/java" -version 2>&1 | head -1) ($JAVA_HOME), $1"
    echo "Hark: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$(git diff --quiet HEAD 2>/dev/null || echo ' (with local changes)')"
    echo "Load before the run: $(cut -d' ' -f1-3 /proc/loadavg)"
    echo
}
