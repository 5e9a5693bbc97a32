#!/usr/bin/env bash
# no attack on the grader (tests/harness/attacks/) gains a point in make test, make grade or Gradescope
#
# check-inputs: lesson:01 path:^lessons/(00-trainer|01-gradient-descent)/ path:^tools/
# (The result cache, tools/check.sh, keys this check on these files and tools.
# Everything it runs is lesson 01's make test, make grade LESSON=1 and
# make gradescope LESSON=1 on submissions made from lessons/01's gd.c and
# tests/harness/attacks/: the build, the harness, the trainer, tools/, lesson 01's
# folders (whole: the Gradescope zip copies them, README and figures too).
# No other lesson's file and no lesson text is read.)
#
# Every attack is built into a lesson-01 submission (edits inside the
# STUDENT CODE regions only) and graded three ways. Each must score no more
# than the do-nothing baseline; the console's summary and results.json must
# agree; no forged line may reach a result file; nothing of the hidden
# tests, the solutions or /etc/passwd may reach the feedback; no process
# of an attack may be alive after grading; make grade must give every
# submission, whatever its folder's name, one correctly quoted row.
# The whole check runs in a pid namespace of its own (when the machine
# allows one) under a time bound, so that a failing defence cannot take the
# machine down: when it ends, every process it started ends.
set -u
cd "$(dirname "$0")/../.."
if [ -z "${DESCENT_ATTACKS_CONTAINED:-}" ] && command -v unshare > /dev/null &&
   unshare --pid --fork --kill-child true 2> /dev/null; then
    DESCENT_ATTACKS_CONTAINED=1 exec timeout -k 5 1500 unshare --pid --fork --kill-child "$0" "$@"
fi
unset MAKEFLAGS MFLAGS MAKELEVEL
B=build/check/attacks
L=01-gradient-descent
A=tests/harness/attacks
status=0
fail() { echo "FAIL: $*"; status=1; }

rm -rf "$B"
mkdir -p "$B/submissions" "$B/logs"
attacks=()
for file in "$A"/*.attack; do
    name=$(basename "$file" .attack)
    attacks+=("$name")
    mkdir -p "$B/submissions/$name/$L"
    "$A/make-submission.sh" "$file" "lessons/$L/gd.c" "$B/submissions/$name/$L/gd.c"
done
# A link to the solutions, as a whole submission and as the student's file.
ln -s "$(pwd)/solutions" "$B/submissions/link-to-solutions"
mkdir -p "$B/submissions/file-link/$L"
ln -s "$(pwd)/solutions/$L/gd.c" "$B/submissions/file-link/$L/gd.c"

# Score of a results.json ("score": N on its own line), or 0 if there is none.
score_of() { awk -F': ' '/^  "score": / { print $2 + 0; found = 1; exit } END { if (!found) print 0 }' "$1" 2> /dev/null || echo 0; }

# ---- 1. make test -------------------------------------------------------------------------
make -s --no-print-directory test-table LESSON=1 BUILD="$B/shared" > "$B/logs/shared.log" 2>&1 ||
    { cat "$B/logs/shared.log"; fail "the shared objects did not build"; exit 1; }
test_one() {
    local name=$1
    timeout -k 5 300 make -s --no-print-directory test LESSON=1 IMPL="$B/submissions/$name" \
        BUILD="$B/test/$name" SHARED_BUILD="$B/shared" SEED=7 > "$B/logs/test-$name.log" 2>&1
}
for name in "${attacks[@]}" file-link; do
    while [ "$(jobs -rp | wc -l)" -ge 2 ]; do wait -n; done
    test_one "$name" &
done
wait
baseline=$(score_of "$B/test/baseline/results/$L/results.json")
[ "$baseline" -gt 0 ] && [ "$baseline" -lt 150 ] ||
    fail "the baseline scored $baseline in make test (expected a few points, not 0 or all)"
for name in "${attacks[@]}" file-link; do
    log=$B/logs/test-$name.log
    json=$B/test/$name/results/$L/results.json
    got=$(score_of "$json")
    [ "$got" -le "$baseline" ] || fail "make test: attack $name scored $got > baseline $baseline"
    # The summary is the judge's: the last summary line agrees with results.json.
    summary=$(grep -o 'lesson 01 gradient descent: [0-9]*/[0-9]* tests, [0-9]*/[0-9]* points' "$log" |
              tail -n 1 | sed 's/.*tests, \([0-9]*\)\/.*/\1/')
    if [ -f "$json" ] && [ "${summary:-none}" != "$got" ]; then
        fail "make test: attack $name: the summary says ${summary:-nothing}, results.json $got"
    fi
    if grep -q -E 'LEAKED|root:x:0|lesson_hidden|STUDENT CODE' "$log" "$json" 2> /dev/null; then
        fail "make test: attack $name: a secret reached the feedback"
    fi
    printf '  make test   %-22s %3s points (baseline %s)\n' "$name" "$got" "$baseline"
done
grep -q 'refused: it includes' "$B/logs/test-include-solution.log" ||
    fail "make test: the #include of a solution was not refused with a message"
grep -q 'refused: it uses the assembler' "$B/logs/test-include-hidden.log" ||
    fail "make test: the .incbin of a hidden test was not refused with a message"
grep -q 'refused: a lesson file must be a regular file' "$B/logs/test-file-link.log" ||
    fail "make test: a linked student file was not refused"

echo "  (make test: ${SECONDS}s so far)"
# ---- 2. make grade, with hostile folder names too ---------------------------------------------
hostile=("a b" "quote\"d" "comma,name" '$(touch pwned)' "new
line" ".hidden" "grades.csv" "seed" "-dash")
for name in "${hostile[@]}"; do
    mkdir -p "$B/submissions/$name/$L"
    cp "$B/submissions/baseline/$L/gd.c" "$B/submissions/$name/$L/gd.c"
done
timeout -k 5 400 make -s --no-print-directory grade SUBMISSIONS="$B/submissions" LESSON=1 SEED=7 \
    BUILD="$B/grade" JOBS=2 > "$B/logs/grade.log" 2>&1 || fail "make grade exited non-zero"
[ ! -e pwned ] && [ ! -e "$B/submissions/pwned" ] || fail "a folder name ran a command"
# The long grade book (one row per submission and lesson) is checked row by
# row; the wide one (one row per submission) must name every submission once.
book=$B/grade/grades/grades-long.csv
python3 - "$B/grade/grades/grades.csv" "$book" <<'EOF' || fail "the wide grade book is wrong (above)"
import csv, sys
wide = [r["submission"] for r in csv.DictReader(open(sys.argv[1], newline=""))]
long = [r["submission"] for r in csv.DictReader(open(sys.argv[2], newline=""))]
if sorted(wide) != sorted(long):
    print(f"grades.csv names {wide}, grades-long.csv {long}")
    sys.exit(1)
EOF
python3 - "$book" "$baseline" "${#attacks[@]}" "${#hostile[@]}" <<'EOF' || fail "the grade book is wrong (above)"
import csv, sys
book, baseline, attacks, hostile = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rows = list(csv.DictReader(open(book, newline="")))
names = [r["submission"] for r in rows]
expected = attacks + hostile + 2  # and the two links
bad = False
if len(rows) != expected or len(set(names)) != len(names):
    print(f"grades.csv has {len(rows)} rows for {expected} submissions: {names}")
    bad = True
for r in rows:
    if int(r["points"] or 0) > baseline:
        print(f"make grade: {r['submission']!r} scored {r['points']} > baseline {baseline}")
        bad = True
for name in ["a b", 'quote"d', "comma,name", "$(touch pwned)", "new\nline", ".hidden",
             "grades.csv", "seed", "-dash", "link-to-solutions"]:
    if name not in names:
        print(f"no row for the submission {name!r}")
        bad = True
for r in rows:
    if r["submission"] in ("link-to-solutions", "file-link") and "refused" not in (r["status"] + r["flags"]):
        print(f"{r['submission']}: a link was not refused: {r}")
        bad = True
sys.exit(1 if bad else 0)
EOF
for name in "${attacks[@]}"; do
    row=$(python3 -c 'import csv,sys; [print(r["points"], r["flags"]) for r in csv.DictReader(open(sys.argv[1])) if r["submission"] == sys.argv[2]]' "$book" "$name")
    printf '  make grade  %-22s %s\n' "$name" "${row:-no row}"
done
if grep -r -q -E --include=results.json --include='*.feedback' 'LEAKED|root:x:0' "$B/grade/grades"; then
    fail "make grade: a secret reached a result file"
fi
grep -q 'fork' <<< "$(grep '^fork-bomb' "$book")" || fail "make grade: fork-bomb was not flagged"
grep -q 'constructor' <<< "$(grep '^constructor' "$book")" || fail "make grade: constructor was not flagged"

echo "  (make grade: ${SECONDS}s so far)"
# ---- 3. Gradescope, simulated: setup once, then run_autograder per attack --------------------
make -s --no-print-directory gradescope LESSON=1 BUILD="$B" > "$B/logs/gradescope.log" 2>&1 ||
    fail "make gradescope failed"
root=$B/autograder
mkdir -p "$root/source"
cp -R "$B/gradescope/$L-autograder/." "$root/source/"
(cd "$root/source" && make -s --no-print-directory test-table LESSON=1 BUILD=build/shared) \
    > "$B/logs/setup.log" 2>&1 || fail "the autograder's build step failed"
# One simulated /autograder per attack (the image's source shared), two at a time.
gradescope_one() {
    local name=$1 one=$root/$1
    mkdir -p "$one/submission" "$one/results"
    ln -s "$(cd "$root/source" && pwd)" "$one/source"
    cp "$B/submissions/$name/$L/gd.c" "$one/submission/gd.c"
    (cd "$one" && AUTOGRADER_ROOT="$(pwd)" timeout -k 5 300 source/run_autograder) \
        > "$B/logs/gradescope-$name.log" 2>&1 || echo "run_autograder exited non-zero" >> "$B/logs/gradescope-$name.log"
}
for name in "${attacks[@]}"; do
    while [ "$(jobs -rp | wc -l)" -ge 2 ]; do wait -n; done
    gradescope_one "$name" &
done
wait
for name in "${attacks[@]}"; do
    json=$root/$name/results/results.json
    grep -q 'exited non-zero' "$B/logs/gradescope-$name.log" && fail "run_autograder exited non-zero for $name"
    got=$(score_of "$json")
    [ -s "$json" ] || fail "Gradescope: no results.json for $name"
    [ "$got" -le "$baseline" ] || fail "Gradescope: attack $name scored $got > baseline $baseline"
    grep -q -E 'LEAKED|root:x:0' "$json" && fail "Gradescope: attack $name leaked a secret into results.json"
    printf '  gradescope  %-22s %3s points\n' "$name" "$got"
done

echo "  (Gradescope: ${SECONDS}s so far)"
# ---- No process of an attack outlived its test ----------------------------------------------
# (detached-children names its grandchild "descent-surviv", which would
# otherwise live 20 s after its test.)
if pgrep -x descent-surviv > /dev/null 2>&1; then
    fail "a detached child of an attack outlived its test: $(pgrep -a -x descent-surviv | head -3)"
fi
exit $status
