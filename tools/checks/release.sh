#!/usr/bin/env bash
# the student release (make dist) builds on its own, fails skeletons with teaching messages, holds no solution or hidden test
#
# check-inputs: all git-head
# check-tools: docs
# (The result cache, tools/check.sh, keys this check on these files and tools.
# Every file, and the commit checked out: make dist ships lessons/ as git
# has it at HEAD, whatever the work tree holds.)
#
# Builds the release with `make dist`, then proves:
#   - it holds no solutions/, no hidden.c, no harness self-test, no
#     `::: instructor` note, no hidden test's name, no line that only a
#     hidden.c has, and no solution body (the inside of any STUDENT CODE
#     region of solutions/, compared with whitespace squeezed);
#   - unpacked from its tarball into a fresh folder, `make test LESSON=1`
#     (what a student types first) exits non-zero with a TODO verdict naming
#     the lesson section for every test, and says hidden tests run at
#     grading time;
#   - with the reference gd.c and answers dropped in, the same command gives 120/120 and
#     says the lesson passed and what comes next; `make status` shows it, and
#     names the same next lesson;
#   - make dist ships lessons/ as git has it: planted in the working tree (a
#     stray solution copy gd.c.orig, an editor's swap file, an instructor
#     note `::: {.note .instructor}` added to a lesson README) and planted in
#     a commit (the same, committed: a throwaway commit whose objects go to a
#     scratch object folder, never the repository's), none of it ships, and
#     the uncommitted ones are named in a warning;
#   - in the release, IMPL=solutions says plainly that solutions are not there.
set -u
cd "$(dirname "$0")/../.."
unset MAKEFLAGS MFLAGS MAKELEVEL
B=build/check/release
status=0
fail() { echo "FAIL: $*"; status=1; }

rm -rf "$B"
mkdir -p "$B"

# Both releases below are made in one build folder that make check keeps
# between runs (as a user's build/ is kept), and each is then moved to its
# own place. What make dist builds there besides the release -- the handout
# site (pandoc, every lesson) and the playground pages it embeds -- is the
# same for both: the plants change no input of it (mk/handouts.mk: the
# texts, the C files, the figures; never a lesson's README, a .orig or a
# .swp file), so make builds it once, and on a later run only what changed.
# (It was built afresh twice per run.) The releases themselves are made
# afresh each time (tools/dist.sh starts with an empty folder).
site=build/check/release-site
dist_via_site() {   # OUT [VAR=VALUE...]: make dist in $site, its release moved to OUT/
    local out=$1
    shift
    make -s --no-print-directory dist BUILD="$site" "$@" || return 1
    mkdir -p "$out" && rm -rf "$out/dist" && mv "$site/dist" "$out/dist"
}

# ---- Plants: what must never ship, uncommitted and committed ---------------------------
L1=lessons/01-gradient-descent
PLANT_NOTE="PLANTED-INSTRUCTOR-NOTE-$$"
planted_readme() {   # the lesson's README with an instructor note in the middle
    awk -v note="$PLANT_NOTE" 'NR == 3 { print "::: {.note .instructor}"; print note; print ":::"; print "" }
                               { print }' "$L1/README.md"
}
# Committed: a commit of HEAD plus the plants, made with a scratch index and
# object folder (the repository's objects are read, never written).
repository_objects=$(cd "$(git rev-parse --git-common-dir)/objects" && pwd)
mkdir -p "$B/objects"
export GIT_OBJECT_DIRECTORY="$(pwd)/$B/objects"
export GIT_ALTERNATE_OBJECT_DIRECTORIES="$repository_objects"
planted_readme > "$B/README.planted"
plant_commit=$(
    export GIT_INDEX_FILE="$(pwd)/$B/index"
    git read-tree HEAD &&
    git update-index --add --cacheinfo "100644,$(git hash-object -w solutions/01-gradient-descent/gd.c),$L1/gd.c.orig" &&
    git update-index --add --cacheinfo "100644,$(git hash-object -w solutions/01-gradient-descent/gd.c),$L1/.gd.c.swp" &&
    git update-index --cacheinfo "100644,$(git hash-object -w "$B/README.planted"),$L1/README.md" &&
    echo "release check: planted files" | git commit-tree "$(git write-tree)" -p HEAD)
[ -n "$plant_commit" ] || fail "could not make the planted commit"
dist_via_site "$B/committed" DIST_COMMIT="$plant_commit" > "$B/dist-committed.log" 2>&1 ||
    { cat "$B/dist-committed.log"; fail "make dist of the planted commit failed"; }
unset GIT_OBJECT_DIRECTORY GIT_ALTERNATE_OBJECT_DIRECTORIES

# Uncommitted: the same plants in the working tree, put back however the
# check ends (the README is restored from a copy; the strays are removed).
cp "$L1/README.md" "$B/README.original"
restore_plants() {
    cp "$B/README.original" "$L1/README.md"
    rm -f "$L1/gd.c.orig" "$L1/.gd.c.swp"
}
trap restore_plants EXIT
cp solutions/01-gradient-descent/gd.c "$L1/gd.c.orig"
cp solutions/01-gradient-descent/gd.c "$L1/.gd.c.swp"
planted_readme > "$B/README.planted" && cp "$B/README.planted" "$L1/README.md"
dist_via_site "$B" > "$B/dist.log" 2>&1
dist_status=$?
restore_plants
trap - EXIT
[ "$dist_status" = 0 ] || { cat "$B/dist.log"; echo "make dist failed"; exit 1; }
grep -q 'WARNING: make dist ships lessons/ as committed' "$B/dist.log" &&
    grep -q "$L1/gd.c.orig" "$B/dist.log" && grep -q "$L1/README.md" "$B/dist.log" ||
    { cat "$B/dist.log"; fail "make dist does not warn about the uncommitted files in lessons/"; }
for R in "$B/committed/dist/descent" "$B/dist/descent"; do
    [ -d "$R" ] || { fail "no release in $R"; continue; }
    [ -z "$(find "$R/lessons" -name '*.orig' -o -name '*.swp')" ] ||
        fail "stray copies ship in $R: $(find "$R/lessons" -name '*.orig' -o -name '*.swp')"
    grep -rq "$PLANT_NOTE" "$R" && fail "the planted instructor note ships in $R"
    cmp -s "$R/$L1/gd.c" "$L1/gd.c" || fail "$R/$L1/gd.c is not the committed skeleton"
done
R=$B/dist/descent
[ -f "$B/dist/descent.tar.gz" ] || fail "no tarball $B/dist/descent.tar.gz"

# ---- Nothing that must stay with the instructor -------------------------------------
[ -e "$R/solutions" ] && fail "the release holds solutions/"
[ -z "$(find "$R" -name 'hidden*')" ] || fail "the release holds hidden tests: $(find "$R" -name 'hidden*')"
[ -e "$R/tests/harness/selftest" ] && fail "the release holds the harness's self-test"
# No answer in readable form: every answers.txt of the release is unanswered,
# and no reference answer (a line of solutions/*/answers.txt) is anywhere in it.
grep -H -E '^[a-z0-9]+:[[:space:]]*[^[:space:]#]' "$R"/lessons/*/answers.txt &&
    fail "an answers.txt of the release holds an answer (above)"
for answers in solutions/*/answers.txt; do
    lesson=$(basename "$(dirname "$answers")")
    grep -E '^[a-z0-9]+:[[:space:]]*[^[:space:]]' "$answers" | while IFS= read -r line; do
        grep -rqxF "$line" "$R" && echo "the reference answer \"$line\" of $lesson is in the release"
    done
done | grep . && fail "reference answers ship in the release (above)"
grep -rlE '^:::+[ \t]*(instructor|\{[^}]*\.instructor)' "$R" && fail "instructor notes are left (files above)"

# Text only hidden.c has: its test names, and its lines of 30 characters or
# more that no other file of lessons/ or tests/ has (lines compared whole,
# with leading and trailing blanks trimmed).
trimmed_lines() { sed 's/^[ \t]*//; s/[ \t]*$//' "$@" | awk 'length >= 30' | sort -u; }
find lessons tests -type f ! -name 'hidden*' \( -name '*.c' -o -name '*.h' -o -name '*.md' \) \
    -print0 | xargs -0 cat | trimmed_lines > "$B/other-lines"
find "$R" -type f \( -name '*.c' -o -name '*.h' -o -name '*.md' \) -print0 | xargs -0 cat |
    trimmed_lines > "$B/release-lines"
for hidden in tests/*/hidden.c; do
    [ -f "$hidden" ] || continue
    grep -oE '^ *\{"[A-Za-z0-9_]+"' "$hidden" | tr -d ' {"' | while IFS= read -r name; do
        grep -rqF "\"$name\"" "$R" && echo "FAIL: hidden test name $name (from $hidden) is in the release"
    done
    trimmed_lines "$hidden" | comm -23 - "$B/other-lines" | comm -12 - "$B/release-lines" > "$B/leaks"
    if [ -s "$B/leaks" ]; then
        echo "FAIL: lines of $hidden are in the release:"; head -n 5 "$B/leaks"
    fi
done | tee "$B/hidden-check"
grep -q FAIL "$B/hidden-check" && status=1

# Solution bodies: every STUDENT CODE region of a solution, squeezed to one
# line, must not occur in any squeezed source file of the release.
squeeze() { tr '\n\t' '  ' | tr -s ' '; }
for solution in solutions/*/*.c; do
    [ -f "$solution" ] || continue
    awk '/STUDENT CODE END/ { inside = 0; print "" }
         inside { printf "%s ", $0 }
         /STUDENT CODE BEGIN/ { inside = 1 }' "$solution" | tr '\t' ' ' | tr -s ' ' |
        sed 's/^ //; s/ $//' | awk 'length >= 20'
done | sort -u > "$B/solution-bodies"
find "$R" -type f \( -name '*.c' -o -name '*.h' -o -name '*.md' \) | while IFS= read -r file; do
    squeeze < "$file"; echo
done > "$B/release-squeezed"
if [ -s "$B/solution-bodies" ] && grep -F -f "$B/solution-bodies" "$B/release-squeezed" > /dev/null; then
    fail "a solution body is in the release: $(grep -o -F -f "$B/solution-bodies" "$B/release-squeezed" | head -n 1 | cut -c1-100)"
fi

# ---- The release works on its own, as a student would use it ------------------------
U=$B/unpacked
mkdir -p "$U"
tar -xzf "$B/dist/descent.tar.gz" -C "$U"
S=$U/descent
(cd "$S" && make test LESSON=1) > "$B/student-skeleton.log" 2>&1 &&
    fail "make test LESSON=1 exited 0 on the skeleton inside the release"
verdicts=$S/build/results/01-gradient-descent/verdicts.tsv
if [ ! -s "$verdicts" ]; then
    fail "make test LESSON=1 in the release wrote no verdicts"; tail -n 20 "$B/student-skeleton.log"
else
    awk -F'\t' '$2 != "TODO"' "$verdicts" | grep -q . && fail "some verdict on the skeleton is not TODO"
    awk -F'\t' '$5 != "public"' "$verdicts" | grep -q . && fail "a non-public test ran in the release"
fi
grep -q 'is not implemented yet: see lessons/01-gradient-descent/README.md, section "' \
    "$B/student-skeleton.log" || fail "the skeleton's failures do not name the lesson section"
grep -q 'hidden tests run at grading time' "$B/student-skeleton.log" ||
    fail "the summary does not say that hidden tests run at grading time"

cp solutions/01-gradient-descent/gd.c solutions/01-gradient-descent/answers.txt \
    "$S/lessons/01-gradient-descent/"
(cd "$S" && make test LESSON=1) > "$B/student-solved.log" 2>&1 ||
    { fail "the reference gd.c does not pass inside the release"; tail -n 20 "$B/student-solved.log"; }
grep -q '120/120 points (code 100/100, questions 20/20)' "$B/student-solved.log" ||
    fail "the solved and answered lesson does not score 120/120 (code 100, questions 20)"
grep -q 'lesson 01 passed\.' "$B/student-solved.log" || fail "a passed lesson is not announced"
grep -qE 'Next: lesson 02|last lesson' "$B/student-solved.log" || fail "the next lesson is not named"
(cd "$S" && make status) > "$B/student-status.log" 2>&1 || fail "make status failed in the release"
grep -qE '^  01 gradient descent +passed' "$B/student-status.log" ||
    { fail "make status does not show lesson 01 passed"; cat "$B/student-status.log"; }
# One next-lesson rule: make test's "Next:" line is make status's.
[ "$(grep '^Next:' "$B/student-solved.log")" = "$(grep '^Next:' "$B/student-status.log")" ] ||
    fail "make test and make status name different next lessons"
# Instructor-only code in the release: a plain message, not a linker error.
(cd "$S" && make run LESSON=15 IMPL=solutions) > "$B/student-solutions.log" 2>&1 &&
    fail "make run IMPL=solutions succeeded in the release"
grep -q 'solutions are not part of the student release' "$B/student-solutions.log" ||
    { cat "$B/student-solutions.log"; fail "IMPL=solutions in the release does not say that solutions are not there"; }
grep -q 'undefined reference' "$B/student-solutions.log" && fail "IMPL=solutions ends in a linker error"
(cd "$S" && make check) > "$B/student-check.log" 2>&1
grep -q 'make test LESSON=N' "$B/student-check.log" || fail "make check in the release does not point to make test"
cat "$B/student-solved.log" | tail -n 4
exit $status
