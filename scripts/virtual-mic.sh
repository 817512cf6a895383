#!/bin/sh
# A real capture device without sound hardware, for Hark's tests (Linux, PulseAudio):
# a private PulseAudio daemon with a null sink whose monitor is the default source, and an ALSA
# configuration whose default device is that daemon. Java Sound captures from ALSA's default, so
# whatever is played into the sink (paplay) is what a "microphone" hears.
#
#   virtual-mic.sh start     starts it (installs pulseaudio, pulseaudio-utils, libasound2-plugins as root
#                            on Debian if missing) and prints the environment to use it, as shell lines:
#                              eval "$(scripts/virtual-mic.sh start)"
#   virtual-mic.sh env       prints that environment again (for a running device)
#   virtual-mic.sh play FILE plays a sound file into the microphone (returns when it has been played)
#   virtual-mic.sh unplug    removes the device (the null sink and so its monitor source), as a pulled plug
#   virtual-mic.sh plug      puts it back as the default source
#   virtual-mic.sh crash     kills the daemon (SIGKILL) as a crash would; "start" brings it back in the same place
#   virtual-mic.sh status    says whether it runs and lists the sources
#   virtual-mic.sh stop      stops the daemon and removes its folder
#
# State lives in $HARK_VIRTUAL_MIC_DIR (default ${TMPDIR:-/tmp}/hark-virtual-mic-$(id -u)): the daemon's
# runtime files, its pid, the ALSA configuration (asound.conf) and "env". Nothing outside it changes:
# no /etc/asound.conf, no ~/.asoundrc; clients find the daemon through PULSE_SERVER and ALSA through
# ALSA_CONFIG_PATH (the system's alsa.conf, then ours).
set -eu
ROOT=$(cd "$(dirname "$0")/.." && pwd)
. "$ROOT/scripts/packages.sh"

DIR=${HARK_VIRTUAL_MIC_DIR:-${TMPDIR:-/tmp}/hark-virtual-mic-$(id -u)}
SINK=${HARK_VIRTUAL_MIC_SINK:-hark_mic}
SOCKET="$DIR/pulse/native"

say() { echo "virtual-mic: $*" >&2; }

# The system's top-level ALSA configuration (Debian: /usr/share/alsa/alsa.conf).
alsa_conf() {
    for f in /usr/share/alsa/alsa.conf /etc/alsa/alsa.conf; do
        [ -f "$f" ] && { echo "$f"; return 0; }
    done
    say "no alsa.conf found (is libasound2 installed?)"
    return 1
}

print_env() {
    cat "$DIR/env"
}

running() {
    [ -f "$DIR/pid" ] && kill -0 "$(cat "$DIR/pid")" 2>/dev/null || return 1
    # a killed daemon nobody reaped yet is not running
    case "$(sed -n 's/^State:[[:space:]]*\([A-Z]\).*/\1/p' "/proc/$(cat "$DIR/pid")/status" 2>/dev/null)" in
        Z | X) return 1 ;;
    esac
    return 0
}

pa() { PULSE_SERVER="unix:$SOCKET" "$@"; }

start() {
    hark_ensure_packages "the virtual microphone" $HARK_VIRTUAL_MIC_PACKAGES
    if running; then
        say "already running (pid $(cat "$DIR/pid")) in $DIR"
        print_env
        return 0
    fi
    rm -rf "$DIR"
    mkdir -p "$DIR/home" "$DIR/pulse" "$DIR/state"
    chmod 700 "$DIR" "$DIR/pulse"
    cat >"$DIR/default.pa" <<EOF
load-module module-native-protocol-unix socket=$SOCKET auth-anonymous=1
load-module module-null-sink sink_name=$SINK rate=48000 channels=2 sink_properties=device.description=Hark-virtual-microphone
set-default-sink $SINK
set-default-source $SINK.monitor
EOF
    cat >"$DIR/asound.conf" <<EOF
# Hark's virtual microphone: ALSA's default device is the PulseAudio daemon at \$PULSE_SERVER.
pcm.!default { type pulse }
ctl.!default { type pulse }
EOF
    conf=$(alsa_conf)
    {
        echo "PULSE_SERVER='unix:$SOCKET'; export PULSE_SERVER"
        echo "ALSA_CONFIG_PATH='$conf:$DIR/asound.conf'; export ALSA_CONFIG_PATH"
        echo "HARK_VIRTUAL_MIC_DIR='$DIR'; export HARK_VIRTUAL_MIC_DIR"
        echo "HARK_VIRTUAL_MIC_SINK='$SINK'; export HARK_VIRTUAL_MIC_SINK"
        echo "HARK_VIRTUAL_MIC_SCRIPT='$ROOT/scripts/virtual-mic.sh'; export HARK_VIRTUAL_MIC_SCRIPT"
    } >"$DIR/env"
    # User mode with a private HOME and runtime folder: works as root without a session bus or systemd;
    # -n skips the system's default.pa (no udev, D-Bus or X11 modules), -F loads ours.
    HOME="$DIR/home" XDG_RUNTIME_DIR="$DIR/pulse" XDG_CONFIG_HOME="$DIR/home" PULSE_STATE_PATH="$DIR/state" \
        PULSE_RUNTIME_PATH="$DIR/pulse" \
        pulseaudio --daemonize=no --exit-idle-time=-1 --disallow-exit --use-pid-file=no --log-target=stderr \
        --log-level=notice -n -F "$DIR/default.pa" >"$DIR/pulseaudio.log" 2>&1 </dev/null &
    echo $! >"$DIR/pid"
    i=0
    until pa pactl info >/dev/null 2>&1; do
        i=$((i + 1))
        if [ $i -gt 100 ] || ! running; then
            say "PulseAudio did not start; its log ($DIR/pulseaudio.log):"
            sed 's/^/  /' "$DIR/pulseaudio.log" >&2 || true
            stop
            return 1
        fi
        sleep 0.1
    done
    say "started PulseAudio (pid $(cat "$DIR/pid")), default source $SINK.monitor, in $DIR"
    print_env
}

stop() {
    if [ -f "$DIR/pid" ]; then
        pid=$(cat "$DIR/pid")
        if kill "$pid" 2>/dev/null; then
            i=0
            while kill -0 "$pid" 2>/dev/null && [ $i -lt 50 ]; do i=$((i + 1)); sleep 0.1; done
            kill -9 "$pid" 2>/dev/null || true
        fi
    fi
    rm -rf "$DIR"
}

need_running() {
    running || { say "not running (start it with: $0 start)"; exit 1; }
}

case "${1:-}" in
    start) start ;;
    stop) stop ;;
    env) need_running; print_env ;;
    play)
        [ $# -eq 2 ] || { say "usage: $0 play FILE"; exit 2; }
        need_running
        pa paplay -d "$SINK" "$2"
        ;;
    crash)
        need_running
        kill -9 "$(cat "$DIR/pid")"
        ;;
    unplug)
        need_running
        pa pactl unload-module module-null-sink
        ;;
    plug)
        need_running
        pa pactl load-module module-null-sink sink_name="$SINK" rate=48000 channels=2 >/dev/null
        pa pactl set-default-sink "$SINK"
        pa pactl set-default-source "$SINK.monitor"
        ;;
    status)
        if running; then
            echo "running (pid $(cat "$DIR/pid")) in $DIR"
            pa pactl list short sources
        else
            echo "not running"
            exit 1
        fi
        ;;
    *)
        say "usage: $0 start|stop|env|play FILE|unplug|plug|crash|status"
        exit 2
        ;;
esac
