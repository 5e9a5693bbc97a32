#!/usr/bin/env bash
# watch.sh NN-name -- `make watch LESSON=N`: re-run a lesson's tests on every save.
#
# Checks the lesson's files (IMPL/NN-name/*.c, default lessons/) once a
# second by their contents (cksum: no inotify, nothing to install); when
# one changes, clears the screen, runs `make test LESSON=N` and shows the
# passing tests, the first failure with its message, and the score: fix
# that one, save, look again. Ctrl-C stops. WATCH_ONCE=1 runs once and exits
# (the checks use it).
set -u
cd "$(dirname "$0")/.."
unset MAKEFLAGS MFLAGS MAKELEVEL
lesson=${1:?usage: watch.sh NN-name}
BUILD=${BUILD:-build}
IMPL=${IMPL:-lessons}
IMPL=${IMPL%/}
CC=${CC:-cc}
number=${lesson%%-*}
files=$(ls "$IMPL/$lesson"/*.c 2>/dev/null | grep -v '/experiment\.c$' | tr '\n' ' ')
[ -n "$files" ] || { echo "no files to watch in $IMPL/$lesson/" >&2; exit 2; }

# Shows make test's output up to and including the first test that did not
# pass (with its indented message); later tests are counted, not shown.
first_failure_only() {
    awk '
        /^  (PASS|FAIL|TODO|CRASH|TIME|EXIT) / {
            if (shown) { hidden++; skipping = 1; next }
            skipping = 0
            if ($1 != "PASS") shown = 1
            print; next
        }
        /^        / { if (!skipping) print; next }
        /^make(\[[0-9]+\])?: \*\*\*/ { next }
        {
            if (hidden) { printf "  ... and %d more tests: fix the one above first\n", hidden; hidden = 0 }
            skipping = 0; print
        }'
}

run_tests() {
    [ "${WATCH_ONCE:-0}" = 1 ] || printf '\033[H\033[2J'
    echo "make watch LESSON=$((10#$number)): watching $files(Ctrl-C stops)"
    echo
    make -s --no-print-directory test LESSON="$number" IMPL="$IMPL" BUILD="$BUILD" CC="$CC" 2>&1 |
        first_failure_only
}

last=""
while :; do
    now=$(cat $files 2>/dev/null | cksum)
    if [ "$now" != "$last" ]; then
        last=$now
        run_tests
        [ "${WATCH_ONCE:-0}" = 1 ] && exit 0
    fi
    sleep 1
done
