# Sourced (POSIX sh) by ./hark and ./run-tests.
# hark_ensure_packages WHAT PKG...: installs the missing Debian packages when run as root,
# otherwise prints the exact apt-get line and fails. No-op where there is no dpkg (not Debian).
hark_ensure_packages() {
    _what=$1; shift
    command -v dpkg-query >/dev/null 2>&1 || return 0
    _missing=
    for _p in "$@"; do
        case "$(dpkg-query -W -f='${Status}' "$_p" 2>/dev/null)" in
            *"install ok installed"*) ;;
            *) _missing="$_missing $_p" ;;
        esac
    done
    [ -z "$_missing" ] && return 0
    if [ "$(id -u)" = 0 ]; then
        echo "hark: installing Debian packages for $_what:$_missing" >&2
        if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $_missing >/dev/null; }; then
            echo "hark: apt-get could not install:$_missing" >&2
            return 1
        fi
    else
        echo "hark: $_what needs Debian packages that are missing; install them with: sudo apt-get install -y$_missing" >&2
        return 1
    fi
}

# Runtime packages of the Linux workbench (SWT on GTK 3, a Latin font and a Japanese one for the Japanese UI).
HARK_WORKBENCH_PACKAGES="libgtk-3-0 fonts-dejavu-core fonts-ipafont-gothic"

# Runtime packages of the server: pocketsphinx (native library and the en-us model), ffmpeg (decodes
# FLAC, MP3, M4A, OGG uploads).
HARK_SERVER_PACKAGES="libpocketsphinx3 libsphinxbase3 pocketsphinx-en-us ffmpeg"

# What the tests add: a display, screenshots, and speech synthesizers for test audio.
HARK_TEST_PACKAGES="xvfb xauth x11-utils imagemagick espeak-ng flite sox pulseaudio pulseaudio-utils libasound2-plugins"

# The virtual microphone of the tests (scripts/virtual-mic.sh): a PulseAudio daemon with a null sink,
# its clients (paplay, pactl) and ALSA's pulse plugin so Java Sound's default device captures from it.
HARK_VIRTUAL_MIC_PACKAGES="pulseaudio pulseaudio-utils libasound2-plugins"

# The asr-test compatibility suite (compat/run, also run by ./run-tests): what the asr-test reference README lists
# for its backend on Debian's python, plus httptools (its run_backend.py imports uvicorn's httptools protocol), sox's
# MP3 writer and pandas (the original frontend imports it).
HARK_COMPAT_PACKAGES="python3-torch python3-torchaudio python3-fastapi python3-uvicorn python3-yaml python3-numpy python3-scipy \
python3-websockets python3-multipart python3-requests flite sox python3-httptools libsox-fmt-mp3 python3-pandas"
