#!/usr/bin/env bash
# check.sh -- `make check`: the repository's own checks, what CI runs.
#
# Proves, on every run:
#   - the trainer, the solutions and the tests compile without a warning, with
#     gcc and with clang, and so do the untouched skeletons;
#   - every solution passes all its lesson's tests (public and hidden) with
#     full points, and every skeleton fails every test of its lesson;
#   - skeletons and solutions do not drift apart outside the student regions;
#   - the harness gives the right verdict to a wrong, crashing, aborting,
#     dividing-by-zero, looping and exiting implementation;
#   - the trainer's own tests pass, and every lesson's experiment runs.
# Ends with the line "check: N passed, M failed" and exits non-zero on any
# failure. Logs of every step are kept in build/check/.
set -u
cd "$(dirname "$0")/.."

LOGS=build/check
mkdir -p "$LOGS"
passed=0
failed=0
started=$(date +%s)

# check NAME COMMAND...: runs COMMAND quietly, logs it, reports ok or FAIL.
check() {
    local name=$1
    shift
    local log
    log="$LOGS/$(echo "$name" | tr -c 'a-zA-Z0-9\n' '-').log"
    if "$@" > "$log" 2>&1; then
        printf '  ok    %s\n' "$name"
        passed=$((passed + 1))
    else
        printf '  FAIL  %s (log: %s)\n' "$name" "$log"
        tail -n 25 "$log" | sed 's/^/        /'
        failed=$((failed + 1))
    fi
}

# Every verdict in a results folder is PASS / none is.
all_tests_pass() { [ -s "$1" ] && ! awk -F'\t' '$2 != "PASS"' "$1" | grep -q .; }
no_test_passes() { [ -s "$1" ] && ! awk -F'\t' '$2 == "PASS"' "$1" | grep -q .; }

# make test for one lesson and implementation; then a verdict check.
solution_passes() {
    local lesson=$1 name=$2
    make -s --no-print-directory test LESSON="$lesson" IMPL=solutions BUILD=build/check/gcc &&
        all_tests_pass "build/check/gcc/results/$name/verdicts.tsv"
}
skeleton_fails() {
    local lesson=$1 name=$2
    if make -s --no-print-directory test LESSON="$lesson" IMPL=lessons BUILD=build/check/gcc; then
        echo "make test exited 0 on the untouched skeleton"
        return 1
    fi
    no_test_passes "build/check/gcc/results/$name/verdicts.tsv" ||
        { echo "some tests pass on the untouched skeleton"; return 1; }
}
experiment_runs() {
    local lesson=$1 name=$2
    make -s --no-print-directory run LESSON="$lesson" IMPL=solutions BUILD=build/check/gcc &&
        ls build/check/gcc/figures/"$name"/*.svg
}

tools/ensure-deps.sh cmocka clang || exit 1
echo "make check: the repository's own checks"

check "builds with gcc, no warnings (trainer, solutions, tests)" \
    make -s --no-print-directory build IMPL=solutions CC=gcc BUILD=build/check/gcc
check "skeletons compile with gcc, no warnings" \
    make -s --no-print-directory build IMPL=lessons CC=gcc BUILD=build/check/gcc IMPL_CFLAGS=-Werror
if command -v clang > /dev/null; then
    check "builds with clang, no warnings (trainer, solutions, tests)" \
        make -s --no-print-directory build IMPL=solutions CC=clang BUILD=build/check/clang
    check "skeletons compile with clang, no warnings" \
        make -s --no-print-directory build IMPL=lessons CC=clang BUILD=build/check/clang IMPL_CFLAGS=-Werror
else
    echo "  FAIL  clang is not installed (apt-get install clang): the clang build was not checked"
    failed=$((failed + 1))
fi

lessons=$(make -s --no-print-directory lessons | tr -d ' ')
for name in $lessons; do
    number=${name%%-*}
    check "lesson $number: the solution passes every test with full points" \
        solution_passes "$number" "$name"
    check "lesson $number: the untouched skeleton fails every test" \
        skeleton_fails "$number" "$name"
    if [ -f "lessons/$name/experiment.c" ]; then
        check "lesson $number: the experiment runs and writes its figures" \
            experiment_runs "$number" "$name"
    fi
done

check "skeletons and solutions agree outside the student regions" tools/check-drift.sh
check "the harness judges faulty code right (wrong, crash, abort, SIGFPE, loop, exit)" \
    tools/check-harness.sh
if ls tests/00-trainer/*.c > /dev/null 2>&1; then
    check "the trainer's own tests pass" \
        make -s --no-print-directory test LESSON=0 BUILD=build/check/gcc
fi

# Further checks: every executable tools/checks/NAME.sh; its second line,
# a comment, names what it proves.
for script in tools/checks/*.sh; do
    [ -x "$script" ] || continue
    check "$(sed -n '2s/^# *//p' "$script")" "$script"
done

elapsed=$(($(date +%s) - started))
echo "make check took ${elapsed}s"
echo "check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
