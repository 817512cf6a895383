# Sourced (POSIX sh) by the bench scripts.
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
