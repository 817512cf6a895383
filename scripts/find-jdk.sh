# Sourced (POSIX sh) by ./mvnw and Hark's scripts: make JAVA_HOME a JDK 21 or newer.
# Order: $JAVA_HOME if it is new enough, else the newest under /usr/lib/jvm (and macOS's place).
# Needs "javac" when HARK_NEED_JAVAC=1 (building), only "java" otherwise (running).
hark_jdk_major() {
    _v=$(sed -n 's/^JAVA_VERSION="\([0-9][0-9]*\).*/\1/p' "$1/release" 2>/dev/null)
    if [ -z "$_v" ] && [ -x "$1/bin/java" ]; then
        _v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.specification.version = \([0-9][0-9]*\).*/\1/p')
    fi
    echo "${_v:-0}"
}
hark_jdk_usable() {
    [ -n "$1" ] && [ -x "$1/bin/java" ] || return 1
    if [ "${HARK_NEED_JAVAC:-0}" = 1 ] && [ ! -x "$1/bin/javac" ]; then return 1; fi
    [ "$(hark_jdk_major "$1")" -ge 21 ]
}
if ! hark_jdk_usable "${JAVA_HOME:-}"; then
    _best=; _best_v=0
    case $- in *f*) _hark_noglob=1; set +f ;; *) _hark_noglob=0 ;; esac
    for _d in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
        if hark_jdk_usable "$_d"; then
            _dv=$(hark_jdk_major "$_d")
            if [ "$_dv" -gt "$_best_v" ]; then _best=$_d; _best_v=$_dv; fi
        fi
    done
    [ "$_hark_noglob" = 1 ] && set -f
    if [ -z "$_best" ]; then
        echo "hark: Java 21 or newer is required (found ${JAVA_HOME:-none in JAVA_HOME} and nothing newer under /usr/lib/jvm); install a JDK 21+ (e.g. Temurin 21 or 25) and set JAVA_HOME to it" >&2
        return 1 2>/dev/null || exit 1
    fi
    JAVA_HOME=$_best
    export JAVA_HOME
fi

# hark_exec_equinox HOME [args...]: start the Equinox launcher of the installation in HOME.
# Used by the products' root scripts (hark, hark-server); vm options come from HARK_VM_ARGS.
hark_exec_equinox() {
    _home=$1; shift
    _launcher=
    for _j in "$_home"/plugins/org.eclipse.equinox.launcher_*.jar; do [ -f "$_j" ] && _launcher=$_j; done
    if [ -z "$_launcher" ]; then
        echo "hark: broken installation: no Equinox launcher jar under $_home/plugins" >&2
        exit 1
    fi
    _first_thread=
    [ "$(uname -s)" = Darwin ] && _first_thread=-XstartOnFirstThread
    # glibc gives every thread that allocates its own malloc arena (up to 8 per core) and keeps what is freed in
    # them: pocketsphinx decoders (~90 MB each, created and freed on many threads) then leave RSS high long after
    # they are gone. Two arenas keep it near what is in use (docs/benchmarks.md, "start-and-drop churn").
    MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
    export MALLOC_ARENA_MAX
    # shellcheck disable=SC2086 # HARK_VM_ARGS is a list of options
    exec "$JAVA_HOME/bin/java" ${HARK_VM_ARGS:--Xmx2g} $_first_thread -jar "$_launcher" "$@"
}
