#!/bin/sh
# Prints the python of a virtualenv with tensorboardX (and the TensorBoard package) for tests that must read
# event files written by the real writers. The venv is made once per checkout (target/test-venv) from the machine's
# local wheel folder (pip config: find-links / file:// indexes; PyPI is not reached), then reused.
#   scripts/test-venv.sh  -> /path/to/venv/bin/python
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
VENV=${HARK_TEST_VENV:-$ROOT/target/test-venv}
PY=/usr/bin/python3
[ -x "$PY" ] || PY=$(command -v python3)
if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import tensorboardX, tensorboard' 2>/dev/null; then
    rm -rf "$VENV"
    mkdir -p "$(dirname "$VENV")"
    "$PY" -m venv "$VENV" >&2
    # Only local indexes: with PyPI unreachable, pip's retries against it would cost a minute.
    idx=$(pip config list 2>/dev/null | sed -n "s/^global.extra-index-url='\(.*\)'/\1/p")
    set --
    for u in $idx; do
        if [ $# -eq 0 ]; then set -- --index-url "$u"; else set -- "$@" --extra-index-url "$u"; fi
    done
    log="$(dirname "$VENV")/test-venv-pip.log"
    "$VENV/bin/pip" install -q "$@" tensorboardX tensorboard >"$log" 2>&1 \
        || "$VENV/bin/pip" install -q tensorboardX tensorboard >>"$log" 2>&1 \
        || { echo "test-venv: pip could not install tensorboardX and tensorboard; see $log" >&2; exit 1; }
fi
echo "$VENV/bin/python"
