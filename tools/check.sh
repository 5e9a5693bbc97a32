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
#   - the trainer's own tests pass, and every lesson's experiment runs (the
#     lesson-texts check runs each at full size and compares its figures
#     with the committed ones);
#   - and whatever each tools/checks/NAME.sh proves (its second line says).
# The builds come first; then the checks run CHECK_JOBS at a time (default:
# the number of cores), each logged in build/check/, reported in order with
# its time. Ends with the line "check: N passed, M failed" and exits non-zero
# on any failure.
set -u
cd "$(dirname "$0")/.."

LOGS=build/check
JOBS=${CHECK_JOBS:-$(getconf _NPROCESSORS_ONLN 2> /dev/null || echo 2)}
mkdir -p "$LOGS"
rm -f "$LOGS"/*.status
passed=0
failed=0
started=$(date +%s)
names=()

log_of() { echo "$LOGS/$(echo "$1" | tr -c 'a-zA-Z0-9\n' '-' | cut -c1-60)-$(echo "$1" | cksum | cut -d' ' -f1).log"; }

# Runs COMMAND for the check NAME, recording its exit status and seconds.
run_check() {
    local name=$1 log
    shift
    log=$(log_of "$name")
    local begin
    begin=$(date +%s)
    "$@" > "$log" 2>&1
    echo "$? $(($(date +%s) - begin))" > "$log.status"
}

# Prints ok or FAIL for NAME (with its log's tail on failure) and counts it.
report() {
    local name=$1 log status seconds
    log=$(log_of "$name")
    read -r status seconds < "$log.status"
    if [ "$status" = 0 ]; then
        printf '  ok    %-100s %4ss\n' "$name" "$seconds"
        passed=$((passed + 1))
    else
        printf '  FAIL  %s (%ss; log: %s)\n' "$name" "$seconds" "$log"
        tail -n 25 "$log" | sed 's/^/        /'
        failed=$((failed + 1))
    fi
}

# check NAME COMMAND...: runs now, reports now (for the builds everything needs).
check() {
    run_check "$@"
    report "$1"
}

# later NAME COMMAND...: queued; runs JOBS at a time; reported at the end.
later() {
    names+=("$1")
    while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
    run_check "$@" &
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
    # The skeleton's results go to their own folder so that they never mix
    # with the solution's, which runs at the same time.
    if make -s --no-print-directory test LESSON="$lesson" IMPL=lessons BUILD=build/check/gcc \
            RESULTS=build/check/gcc/results-skeleton; then
        echo "make test exited 0 on the untouched skeleton"
        return 1
    fi
    no_test_passes "build/check/gcc/results-skeleton/$name/verdicts.tsv" ||
        { echo "some tests pass on the untouched skeleton"; return 1; }
}
tools/ensure-deps.sh cmocka clang mpi || exit 1
# Experiments that train networks (the capstone) take minutes at full size;
# here they run on a few hundred digits: the same code, in seconds.
export DESCENT_QUICK=1
echo "make check: the repository's own checks ($JOBS at a time)"

build() { make -s --no-print-directory -j"$JOBS" build "$@"; }
check "builds with gcc, no warnings (trainer, solutions, tests)" \
    build IMPL=solutions CC=gcc BUILD=build/check/gcc
check "skeletons compile with gcc, no warnings" \
    build IMPL=lessons CC=gcc BUILD=build/check/gcc IMPL_CFLAGS=-Werror
if command -v clang > /dev/null; then
    later "builds with clang, no warnings (trainer, solutions, tests)" \
        build IMPL=solutions CC=clang BUILD=build/check/clang
else
    echo "  FAIL  clang is not installed (apt-get install clang): the clang build was not checked"
    failed=$((failed + 1))
fi

# The extra checks go first: they are the longest (the handouts typeset every
# lesson twice), and the short lesson checks then fill the other core.
for script in tools/checks/*.sh; do
    [ -x "$script" ] || continue
    later "$(sed -n '2s/^# *//p' "$script")" "$script"
done

lessons=$(make -s --no-print-directory lessons | tr -d ' ')
for name in $lessons; do
    number=${name%%-*}
    later "lesson $number: the solution passes every test with full points" \
        solution_passes "$number" "$name"
    later "lesson $number: the untouched skeleton fails every test" \
        skeleton_fails "$number" "$name"
done

later "skeletons and solutions agree outside the student regions" tools/check-drift.sh
later "the harness judges faulty code right (wrong, crash, abort, SIGFPE, loop, exit)" \
    tools/check-harness.sh
later "the trainer's own tests pass" \
    make -s --no-print-directory test LESSON=0 BUILD=build/check/gcc
wait

# The clang skeleton build shares clang's build folder, so it runs last.
if command -v clang > /dev/null; then
    names+=("skeletons compile with clang, no warnings")
    run_check "skeletons compile with clang, no warnings" \
        build IMPL=lessons CC=clang BUILD=build/check/clang IMPL_CFLAGS=-Werror
fi
for name in "${names[@]}"; do report "$name"; done

elapsed=$(($(date +%s) - started))
echo "make check took ${elapsed}s"
echo "check: $passed passed, $failed failed"
[ "$failed" -eq 0 ]
