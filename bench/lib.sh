# Sourced (POSIX sh) by the bench scripts, which start with
#   set -eu
#   . "$(dirname "$0")/lib.sh"
#   bench_init
# and then call the functions below: bench_options (--no-build, --smoke), bench_need (the synthesizers),
# bench_products and bench_need_bundles (the build), bench_harness (bench/<harness>), bench_workdir (a temporary
# folder and the cleanup on exit), bench_unpack and bench_serve (a real server from the product), bench_machine.

# bench_init: ROOT is the checkout (the script's folder's parent) and the current folder; JAVA_HOME a JDK 21 or newer
# with javac (scripts/find-jdk.sh).
bench_init() {
    ROOT=$(cd "$(dirname "$0")/.." && pwd)
    cd "$ROOT"
    HARK_NEED_JAVAC=1
    . "$ROOT/scripts/find-jdk.sh"
}

# bench_options "$@": BUILD is 0 when the first argument is --no-build (reuse the last build), else 1; BENCH_SHIFT is
# how many arguments that was (the script then says shift "$BENCH_SHIFT": the rest go to the harness). Then
# bench_smoke on the arguments.
bench_options() {
    BUILD=1
    BENCH_SHIFT=0
    if [ "${1:-}" = --no-build ]; then BUILD=0; BENCH_SHIFT=1; fi
    bench_smoke "$@"
}

# bench_smoke "$@": a short run that only shows the benchmark works is asked for by --smoke among the arguments (the
# harness gets it with the others) or by HARK_BENCH_SMOKE=1 (then SMOKE is --smoke, for the harness's command line;
# else SMOKE is empty). BENCH_SMOKE is 1 for a short run either way, else 0.
bench_smoke() {
    SMOKE=
    BENCH_SMOKE=0
    case " $* " in
        *" --smoke "*) BENCH_SMOKE=1 ;;
        *) if [ "${HARK_BENCH_SMOKE:-0}" = 1 ]; then SMOKE=--smoke; BENCH_SMOKE=1; fi ;;
    esac
}

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

# The Linux workbench product's archive, as ./mvnw verify makes it (its launcher runs `hark serve`).
BENCH_ARCHIVE=releng/dev.hark.workbench.product/target/products/hark-workbench-0.1.0-SNAPSHOT-linux.gtk.x86_64.tar.gz

# bench_products BUILD [ARCHIVE]: builds the products when BUILD is 1 or ARCHIVE (default BENCH_ARCHIVE) is missing.
bench_products() {
    _archive=${2:-$BENCH_ARCHIVE}
    if [ "$1" = 1 ] || [ ! -f "$_archive" ]; then
        echo "bench: building the products (./mvnw -B -ntp -q verify -DskipTests)" >&2
        ./mvnw -B -ntp -q verify -DskipTests 2>&1 | grep -v "$BENCH_QUIET" >&2 || true
        [ -f "$_archive" ] || { echo "bench: the build made no $_archive" >&2; exit 1; }
    fi
}

# bench_need_bundles NAME...: fails unless bundles/dev.hark.NAME/target/dev.hark.NAME-0.1.0-SNAPSHOT.jar is built
# for each NAME (the harnesses that run Hark's bundles on a plain class path name them in their pom.xml).
bench_need_bundles() {
    for _b in "$@"; do
        [ -f "bundles/dev.hark.$_b/target/dev.hark.$_b-0.1.0-SNAPSHOT.jar" ] \
            || { echo "bench: bundles/dev.hark.$_b is not built" >&2; exit 1; }
    done
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

# bench_workdir PREFIX: WORK is a new temporary folder (PREFIX.XXXXXX under TMPDIR) and SERVER_PID empty. On exit
# (also after INT or TERM, with status 130): bench_stop_server, then the script's own bench_on_exit (by default
# nothing; a script that starts more redefines it after bench_workdir), then WORK is removed.
bench_workdir() {
    WORK=$(mktemp -d "${TMPDIR:-/tmp}/$1.XXXXXX")
    SERVER_PID=
    trap bench_cleanup EXIT
    trap 'exit 130' INT TERM
}
bench_on_exit() {
    :
}
bench_cleanup() {
    bench_stop_server
    bench_on_exit
    rm -rf "$WORK"
}

# bench_stop_server: stops the server SERVER_PID (if any; stop_pid), and then the processes it had started itself (an
# embedded child server, if the services bundle starts one), each named and said gone; SERVER_PID is empty afterwards.
bench_stop_server() {
    _kids=
    [ -n "$SERVER_PID" ] && _kids=$(pgrep -P "$SERVER_PID" 2>/dev/null || true)
    for _k in $_kids; do
        echo "bench: the server $SERVER_PID has a child process $_k: $(tr '\0' ' ' </proc/$_k/cmdline 2>/dev/null | cut -c1-300)" >&2
    done
    stop_pid "$SERVER_PID" server
    for _k in $_kids; do
        _i=0
        while kill -0 "$_k" 2>/dev/null && [ $_i -lt 150 ]; do sleep 0.1; _i=$((_i + 1)); done
        stop_pid "$_k" "server child"
        kill -0 "$_k" 2>/dev/null || echo "bench: server child $_k is gone" >&2
    done
    SERVER_PID=
}

# bench_unpack: a fresh copy of the Linux workbench product in WORK, unpacked from BENCH_ARCHIVE; HARK is its launcher.
bench_unpack() {
    tar xzf "$BENCH_ARCHIVE" -C "$WORK"
    HARK="$WORK/hark-workbench/hark"
    [ -x "$HARK" ] || { echo "bench: no hark launcher in $BENCH_ARCHIVE" >&2; exit 1; }
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
