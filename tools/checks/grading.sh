#!/usr/bin/env bash
# make grade scores correct, wrong, crashing, looping and broken submissions right; Gradescope zip works
#
# Builds a folder of five lesson-01 submissions, derived at check time from
# the reference solution with one edit each, grades it with `make grade`, and
# compares grades.csv with the expected table exactly. The expected points
# follow from the tests that reach the broken function (the same sets that
# tests/harness/selftest/expected.tsv lists for the harness's own faults):
#   public tests 100 points, hidden tests 50, so 150 in all;
#   correct  all pass                                               150
#   wrong    gd_step adds lr*g: gd_step_one_step 15, closed form 15,
#            fits_the_line 10, hidden random 10, same array 5,
#            long run 10 fail: 150 - 65                             85
#   crashes  line_mse writes through NULL: hand examples 10, no
#            points 5, fits_the_line 10, hidden random 10: 150 - 35 115
#   loops    l2_norm never returns: hand examples 10, sums in double
#            5, fits_the_line 10, hidden random 5: 150 - 30         120
#   broken   a syntax error: nothing runs                             0
# The wrong submission is a copy of the whole release whose public tests
# were edited to expect its wrong values: it must be graded with the original tests
# and flagged. Then the Gradescope autograder for lesson 01 is unpacked into
# a simulated /autograder and run on the wrong submission.
set -u
cd "$(dirname "$0")/../.."
unset MAKEFLAGS MFLAGS MAKELEVEL
B=build/check/grading
L=01-gradient-descent
SOLUTION=solutions/$L/gd.c
status=0
fail() { echo "FAIL: $*"; status=1; }

rm -rf "$B"
F=$B/submissions
mkdir -p "$F/correct/$L" "$F/wrong/lessons/$L" "$F/wrong/tests/$L" "$F/crashes" "$F/loops/$L" \
         "$F/broken/lessons/$L"

# correct: a copy of lessons/ holding the reference file and the right answers.
cp "$SOLUTION" "$F/correct/$L/gd.c"
cp "solutions/$L/answers.txt" "$F/correct/$L/answers.txt"
# wrong: the sign of the update flipped; public tests edited to always pass.
sed 's/w\[i\] -= lr \* g\[i\];/w[i] += lr * g[i];/' "$SOLUTION" > "$F/wrong/lessons/$L/gd.c"
sed 's/{0.95, -1.9, 0.1}/{1.05, -2.1, 0.9}/' "tests/$L/public.c" > "$F/wrong/tests/$L/public.c"
# crashes: just the file, with a write through a NULL pointer first thing in line_mse.
awk '{ print } /^double line_mse\(/ { getline; print; getline; print;
       print "    *(volatile int *)(void *)0 = 1;" }' "$SOLUTION" > "$F/crashes/gd.c"
# loops: l2_norm spins forever before returning.
sed 's/^    return sqrt(sum_of_squares);/    for (volatile int forever = 1; forever;) {}\n&/' "$SOLUTION" \
    > "$F/loops/$L/gd.c"
# broken: a line that is not C.
sed 's/^    double sum_of_squares = 0.0;/&\n    this is not C/' "$SOLUTION" > "$F/broken/lessons/$L/gd.c"

for name in wrong crashes loops broken; do
    file=$(find "$F/$name" -name gd.c)
    cmp -s "$file" "$SOLUTION" && fail "the $name submission is identical to the solution (the sed did not apply)"
done
cmp -s "$F/wrong/tests/$L/public.c" "tests/$L/public.c" && fail "the edited public tests are unchanged"

start=$(date +%s)
make -s --no-print-directory grade SUBMISSIONS="$F" LESSON=1 SEED=4242 BUILD="$B" JOBS=2 \
    > "$B/grade.log" 2>&1 || fail "make grade exited non-zero"
elapsed=$(($(date +%s) - start))
cat "$B/grade.log"
echo "make grade took ${elapsed}s"
# A bound only against a hang (speed is measured in benchmarks, not asserted here):
# CPU-time limits end the looping tests; a loaded machine may stretch the wall time.
[ "$elapsed" -le 300 ] || fail "grading took ${elapsed}s; the time limits should end it well within 300s"
grep -q 'grading seed 4242' "$B/grade.log" || fail "the grading seed is not printed"

# Lesson 01 has 150 points of code and 40 of questions (answers.txt); only
# the correct submission answered them.
expected="submission,lesson,points,max,status,flags
broken,$L,0,190,compile error,
correct,$L,190,190,graded,
crashes,$L,115,190,graded,
loops,$L,120,190,graded,
wrong,$L,85,190,graded,edited tests/$L/public.c (graded with the original)"
if [ "$(cat "$B/grades/grades.csv" 2>/dev/null)" != "$expected" ]; then
    fail "grades.csv differs from the expected table:"
    diff <(echo "$expected") "$B/grades/grades.csv"
fi

valid_json() {
    if command -v python3 > /dev/null; then
        python3 -c 'import json, sys; json.load(open(sys.argv[1]))' "$1"
    else
        grep -q '"score"' "$1" && grep -q '"tests"' "$1"
    fi
}
# Each submission's work folder is NNNN-NAME (a number first, so that no
# name can collide with another or with the grade book).
result_of() { echo "$B"/grades/[0-9][0-9][0-9][0-9]-"$1"/results.json; }
for name in correct wrong crashes loops broken; do
    json=$(result_of "$name")
    valid_json "$json" || fail "$json is not valid JSON"
done
grep -q 'did not compile' "$(result_of broken)" &&
    grep -q 'gd.c:[0-9]*:[0-9]*: error' "$(result_of broken)" ||
    fail "the broken submission's feedback lacks the compiler's error"
grep -q 'crashed with a segmentation fault' "$(result_of crashes)" ||
    fail "the crashing submission's feedback does not say it crashed"
grep -q 'of CPU time and was stopped' "$(result_of loops)" ||
    fail "the looping submission's feedback does not say it was stopped"

# Hidden tests: Gradescope shows them only after publishing, with no more
# than their description and verdict.
hidden_leaks() {
    grep '"visibility": "after_published"' "$1" |
        grep -v -E '"output": "[^"\\]*: (passed|failed)"\}' || true
}
[ -z "$(hidden_leaks "$(result_of wrong)")" ] ||
    fail "a hidden test's output says more than its description and verdict"
grep -q '"visibility": "after_published"' "$(result_of wrong)" ||
    fail "hidden tests are not marked after_published"

# ---- Gradescope: the autograder zip in a simulated /autograder -------------------------
make -s --no-print-directory gradescope LESSON=1 BUILD="$B" > "$B/gradescope.log" 2>&1 ||
    { cat "$B/gradescope.log"; fail "make gradescope failed"; }
zip=$B/gradescope/$L-autograder.zip
root=$(mktemp -d)
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/source" "$root/submission" "$root/results"
if [ -f "$zip" ] && command -v unzip > /dev/null; then
    unzip -q "$zip" -d "$root/source"
elif [ -f "$zip" ] && command -v python3 > /dev/null; then
    python3 -m zipfile -e "$zip" "$root/source"
else
    echo "(no zip tools here: simulating with the zip's staged folder)"
    cp -R "$B/gradescope/$L-autograder/." "$root/source/"
fi
for file in setup.sh run_autograder; do
    [ -f "$root/source/$file" ] || fail "$file is not at the root of the autograder zip"
done
[ -z "$(find "$root/source" -path '*/solutions/*')" ] || fail "the autograder zip holds solutions"
cp "$root/source/run_autograder" "$root/run_autograder"
cp "$F/wrong/lessons/$L/gd.c" "$root/submission/gd.c"
(cd "$root" && AUTOGRADER_ROOT="$root" ./run_autograder) > "$B/autograder.log" 2>&1 ||
    fail "run_autograder exited non-zero"
json=$root/results/results.json
if [ -s "$json" ]; then
    valid_json "$json" || fail "the autograder's results.json is not valid JSON"
    grep -q '^  "score": 85,' "$json" || fail "the autograder scored the wrong submission $(grep -m1 score "$json"), expected 85"
    [ -z "$(hidden_leaks "$json")" ] || fail "the autograder's hidden tests say too much"
else
    tail -n 20 "$B/autograder.log"
    fail "run_autograder wrote no /autograder/results/results.json"
fi
exit $status
