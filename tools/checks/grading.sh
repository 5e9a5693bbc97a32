#!/usr/bin/env bash
# make grade scores correct, wrong, crashing, looping and broken submissions right; Gradescope zip works
#
# check-inputs: lesson:01 path:^lessons/(00-trainer|01-gradient-descent)/ path:^tools/
# (The result cache, tools/check.sh, keys this check on these files and tools.
# Submissions made from lesson 01's solution and public tests, graded
# with make grade LESSON=1 and make gradescope LESSON=1: the build, tools/,
# the harness, the trainer and lesson 01's folders (whole, as the zip copies
# them). No other lesson's file and no lesson text is read.)
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

# A roster: four of the folders with their student ids (broken is left
# out), and a student who handed in nothing; a header line first.
printf 'folder,student_id\ncorrect,s001\nwrong,s002\n"crashes",s003\r\nloops,s004\nabsent,s005\n' \
    > "$B/roster.csv"

start=$(date +%s)
make -s --no-print-directory grade SUBMISSIONS="$F" LESSON=1 SEED=4242 BUILD="$B" JOBS=2 \
    ROSTER="$B/roster.csv" \
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
if [ "$(cat "$B/grades/grades-long.csv" 2>/dev/null)" != "$expected" ]; then
    fail "grades-long.csv differs from the expected table:"
    diff <(echo "$expected") "$B/grades/grades-long.csv"
fi
# The grade book: one row per submission, the roster's ids, a column per
# lesson, the total and the maximum; notes say what is not plain; the
# roster's student without a submission has a row too.
expected="submission,student_id,$L,total,max,notes
broken,,0,0,190,not in the roster; $L: compile error
correct,s001,190,190,190,
crashes,s003,115,115,190,
loops,s004,120,120,190,
wrong,s002,85,85,190,$L: edited tests/$L/public.c (graded with the original)
absent,s005,,0,190,no submission"
if [ "$(cat "$B/grades/grades.csv" 2>/dev/null)" != "$expected" ]; then
    fail "grades.csv (the grade book) differs from the expected table:"
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
# Compile-error feedback holds the compiler's words, not make's, and no
# path of the grader's work folders.
grep -E -q 'make(\[[0-9]+\])?: ' "$(result_of broken)" &&
    fail "the broken submission's feedback shows make's own lines: $(grep -o -E 'make(\[[0-9]+\])?: [^"]{0,60}' "$(result_of broken)" | head -n 1)"
grep -q -e "$B/" -e "$(pwd)/" -e '/impl/' "$(result_of broken)" &&
    fail "the broken submission's feedback shows the grader's work paths"
# The replay hint names the seed and commands that work after the run.
grep -q 'Seed 4242. To replay: put your file in lessons/NN-name/' "$(result_of wrong)" ||
    fail "results.json does not say how to replay with the seed"
grep -q 'GRADES/\|/impl' "$(result_of wrong)" && fail "the replay hint names a work folder"

# JUnit: every verdict as CI readers expect it -- crashes and time-outs as
# <error>, wrong values as <failure>, unanswered questions as <skipped> --
# with the counts on every testsuite, conforming to tests/harness/junit.xsd
# (checked by tools/check-junit.py; by xmllint --schema too where installed).
junit_of() { echo "$B"/grades/[0-9][0-9][0-9][0-9]-"$1"/build/results/$L/junit.xml; }
for name in correct wrong crashes loops; do
    python3 tools/check-junit.py "$(junit_of "$name")" || fail "$name's junit.xml breaks the schema"
    if command -v xmllint > /dev/null; then
        xmllint --noout --schema tests/harness/junit.xsd "$(junit_of "$name")" 2> "$B/xmllint.log" ||
            { cat "$B/xmllint.log"; fail "xmllint: $name's junit.xml does not validate"; }
    fi
done
grep -q '<error message="CRASH: ' "$(junit_of crashes)" || fail "a crash is not a JUnit <error>"
grep -q '<error message="TIME: ' "$(junit_of loops)" || fail "a time-out is not a JUnit <error>"
grep -q '<failure message="FAIL: ' "$(junit_of wrong)" || fail "a wrong value is not a JUnit <failure>"
grep -q '<skipped message="TODO: ' "$(junit_of wrong)" || fail "an unanswered question is not <skipped>"
grep -q '<testsuite name="lesson 01 gradient descent" package="01-gradient-descent" id="0" tests="[0-9]*" failures="0" errors="0" skipped="0"' \
    "$(junit_of correct)" || fail "the correct submission's testsuite counts are wrong"

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
