#!/usr/bin/env bash
# check-harness.sh -- the harness's own test: run lesson 01's tests against a
# deliberately faulty implementation, one fault at a time, and compare every
# verdict with tests/harness/selftest/expected.tsv. Tests not listed there
# must pass: a fault may fail only the tests that reach it. Also checks that
# the whole run ends in bounded time, exits non-zero, and that the summary
# line and results.json agree on the points.
set -u
cd "$(dirname "$0")/.."
faults="wrong segfault divzero abort loop exit"
expected=tests/harness/selftest/expected.tsv
status=0

# The judge, trainer and harness do not depend on the fault: build them once.
shared=build/selftest/shared
run_fault() {
    local fault=$1 build=build/selftest/$1
    local macro
    macro=FAULT_$(echo "$fault" | tr '[:lower:]' '[:upper:]')
    make -s --no-print-directory test LESSON=1 IMPL=tests/harness/selftest/faulty \
        BUILD="$build" SHARED_BUILD="$shared" IMPL_CFLAGS="-DFAULT=$macro" > "$build.log" 2>&1
    echo $? > "$build.status"
}

mkdir -p build/selftest
if ! make -s --no-print-directory BUILD=build/selftest SHARED_BUILD="$shared" \
    "$shared/tests/01-gradient-descent/judge" "$shared/trainer/libdescent.a" \
    "$shared/harness/runner.o" "$shared/tests/01-gradient-descent/calls-runner.o" \
    > build/selftest/shared.log 2>&1; then
    cat build/selftest/shared.log
    exit 1
fi
start=$(date +%s)
for fault in $faults; do run_fault "$fault" & done
wait
elapsed=$(( $(date +%s) - start ))

for fault in $faults; do
    build=build/selftest/$fault
    verdicts=$build/results/01-gradient-descent/verdicts.tsv
    if [ ! -f "$verdicts" ]; then
        echo "fault '$fault': no verdicts were written; the run said:"
        sed 's/^/    /' "$build.log" | tail -20
        status=1
        continue
    fi
    if [ "$(cat "$build.status")" = 0 ]; then
        echo "fault '$fault': make test exited 0 although tests must fail"
        status=1
    fi
    while IFS=$'\t' read -r name verdict _; do
        want=$(awk -F'\t' -v f="$fault" -v t="$name" '$1 == f && $2 == t { print $3 }' "$expected")
        want=${want:-PASS}
        if [ "$verdict" != "$want" ]; then
            echo "fault '$fault', test $name: expected verdict $want, got $verdict"
            status=1
        fi
    done < "$verdicts"
    # Every expected failure must name a test that ran.
    awk -F'\t' -v f="$fault" '$1 == f { print $2 }' "$expected" | while read -r name; do
        grep -q "^$name	" "$verdicts" || { echo "fault '$fault': test $name did not run"; exit 1; }
    done || status=1
    # The summary line and results.json must agree.
    summary=$(grep -o '[0-9]*/[0-9]* points' "$build.log" | tail -1 | cut -d/ -f1)
    score=$(grep -o '"score": [0-9]*' "$build/results/01-gradient-descent/results.json" | head -1 | grep -o '[0-9]*$')
    if [ -z "$summary" ] || [ "$summary" != "$score" ]; then
        echo "fault '$fault': summary says '$summary' points, results.json says '$score'"
        status=1
    fi
done
# The slowest fault (an endless loop) costs its tests' time limits, 2+2+5 s.
if [ "$elapsed" -gt 60 ]; then
    echo "the faulty runs took ${elapsed}s; the time limits should have ended them sooner"
    status=1
fi
grep -h "crashed with a segmentation fault" build/selftest/segfault.log > /dev/null ||
    { echo "fault 'segfault': the plain-words crash message is missing"; status=1; }
grep -h "used up the test's 2 s of CPU time" build/selftest/loop.log > /dev/null ||
    { echo "fault 'loop': the plain-words time-out message is missing"; status=1; }
exit $status
