# The real asr-test backend (backend-6cd623a of ../shared/reference/asr-test), started and stopped for the
# compatibility suite (compat/run) and for ./run-tests (the workbench's UI test against it, then compat/run).
# POSIX sh, sourced; the caller sets REF (the reference folder) and PY (/usr/bin/python3) and calls
#   asr_backend_start WORKDIR    /app -> WORKDIR/app, the small LJSpeech set, the backend on a free port in its own
#                                process group; sets ASR_BACKEND_PID, ASR_BACKEND_PORT, ASR_BACKEND_LOG. Returns 3
#                                when /app is someone else's (nothing changed then).
#   asr_backend_wait             until /api/config answers (up to 180 s); returns 2 when it does not
#   asr_backend_stop             stops the process group and removes /app if it is ours (safe to call twice)
# The backend hard-codes /app: /app is made a symlink to our copy only when it is absent or was left by an
# earlier run of ours (a .hark-compat marker holding the owner's pid, and that pid is gone).

ASR_BACKEND_PID=
ASR_BACKEND_PORT=
ASR_BACKEND_LOG=
ASR_BACKEND_APP=

asr_stop_group() {   # asr_stop_group PGID: TERM, up to 10 s, then KILL (dash's kill takes "-SIG -PGID", not "--")
    kill -TERM "-$1" 2>/dev/null || return 0
    _i=0
    while kill -0 "-$1" 2>/dev/null && [ $_i -lt 50 ]; do sleep 0.2; _i=$((_i + 1)); done
    kill -KILL "-$1" 2>/dev/null || true
}

asr_backend_start() {
    _work=$1
    if [ -e /app ] || [ -L /app ]; then
        if [ -L /app ] && [ -f /app/.hark-compat ]; then
            _owner=$(cat /app/.hark-compat 2>/dev/null || echo 0)
            if [ "$_owner" != "$$" ] && kill -0 "$_owner" 2>/dev/null; then
                echo "asr-test backend: /app belongs to another running compat suite or test run (pid $_owner)" >&2
                return 3
            fi
            _old=$(readlink /app)
            rm -f /app
            case "$_old" in "${TMPDIR:-/tmp}"/hark-*/app) rm -rf "$(dirname "$_old")" ;; esac
        elif [ -L /app ] && [ ! -e /app ]; then
            echo "asr-test backend: /app is a dangling symlink to $(readlink /app); not ours (no .hark-compat marker), left alone" >&2
            return 3
        else
            echo "asr-test backend: /app exists and is not ours (no .hark-compat marker); move it away to run against asr-test" >&2
            return 3
        fi
    fi
    cp -r "$REF/backend-6cd623a" "$_work/app"
    chmod -R u+w "$_work/app"
    echo $$ >"$_work/app/.hark-compat"
    ln -s "$_work/app" /app
    ASR_BACKEND_APP="$_work/app"
    echo "asr-test backend: generating the small ljspeech set" >&2
    "$PY" "$REF/run/make_ljspeech.py" /app/data/ljspeech 24 >"$_work/make-ljspeech.log" 2>&1
    ASR_BACKEND_PORT=$("$PY" -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    ASR_BACKEND_LOG="$_work/backend.log"
    (cd /app && PORT=$ASR_BACKEND_PORT PYTHONPATH="$REF/run/stubs" exec setsid "$PY" "$REF/run/run_backend.py") >"$ASR_BACKEND_LOG" 2>&1 &
    ASR_BACKEND_PID=$!
    echo "asr-test backend: starting on 127.0.0.1:$ASR_BACKEND_PORT (pid $ASR_BACKEND_PID)" >&2
}

asr_backend_wait() {
    _i=0
    until "$PY" -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$ASR_BACKEND_PORT/api/config', timeout=2)" 2>/dev/null; do
        _i=$((_i + 1))
        if [ $_i -gt 180 ] || ! kill -0 "$ASR_BACKEND_PID" 2>/dev/null; then
            echo "asr-test backend: it did not answer; its log:" >&2
            tail -n 30 "$ASR_BACKEND_LOG" >&2
            return 2
        fi
        sleep 1
    done
    echo "asr-test backend: answers on http://127.0.0.1:$ASR_BACKEND_PORT" >&2
}

asr_backend_stop() {
    if [ -n "$ASR_BACKEND_PID" ]; then
        asr_stop_group "$ASR_BACKEND_PID"
        ASR_BACKEND_PID=
    fi
    if [ -n "$ASR_BACKEND_APP" ] && [ -L /app ] && [ "$(readlink /app)" = "$ASR_BACKEND_APP" ]; then
        rm -f /app
    fi
    ASR_BACKEND_APP=
}
