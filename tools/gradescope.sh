#!/usr/bin/env bash
# gradescope.sh NN-name OUT -- `make gradescope LESSON=N`: Gradescope's autograder.
#
# Writes OUT/NN-name-autograder/ (the staged files) and OUT/NN-name-autograder.zip
# with setup.sh and run_autograder at its root, as Gradescope's specification
# asks. On Gradescope's Ubuntu image, setup.sh installs make, gcc and cmocka;
# for every submission, run_autograder grades /autograder/submission (the
# lesson's file, alone or in a copy of lessons/ or of the release) with
# tools/grade.sh -- public and hidden tests, time limits, crash isolation, a
# seed drawn per submission and printed in the output -- and writes
# /autograder/results/results.json. Hidden tests carry the visibility
# "after_published" and show only their description and verdict.
# No solution goes into the zip: grading needs the tests, not the answers.
set -u
cd "$(dirname "$0")/.."
lesson=${1:?usage: gradescope.sh NN-name OUT}
out=${2:?usage: gradescope.sh NN-name OUT}
[ -f "tests/$lesson/public.c" ] || { echo "no tests for lesson $lesson (tests/$lesson/public.c)" >&2; exit 2; }
[ -f "tests/$lesson/hidden.c" ] ||
    echo "note: tests/$lesson/hidden.c does not exist; the autograder runs the public tests only" >&2

stage=$out/$lesson-autograder
zip=$out/$lesson-autograder.zip
rm -rf "$stage" "$zip"
mkdir -p "$stage/lessons" "$stage/tests" "$stage/tools" "$stage/mk"

# What grading needs: the build, the trainer, the lesson's skeleton (to know
# its student files and to check their given parts), the tests, the data.
cp Makefile "$stage/"
cp mk/workflow.mk mk/distributed.mk "$stage/mk/"
cp -R lessons/00-trainer "lessons/$lesson" "$stage/lessons/"
mkdir -p "$stage/tests/harness"
cp tests/harness/*.c tests/harness/*.h "$stage/tests/harness/"
cp -R "tests/$lesson" "$stage/tests/"
cp -R data "$stage/"
cp tools/grade.sh tools/zero-results.sh tools/ensure-deps.sh tools/check-student-file.sh \
   tools/results-stamp.sh tools/next-lesson.sh tools/mpirun.sh "$stage/tools/"

cat > "$stage/setup.sh" <<'EOF'
#!/usr/bin/env bash
# setup.sh -- run once by Gradescope, as root, when it builds the autograder's
# image (Ubuntu): install what the course needs to build and test C.
set -eu
export DEBIAN_FRONTEND=noninteractive
apt-get update
apt-get install -y --no-install-recommends make gcc libc6-dev libcmocka-dev
EOF
# Lesson 18 runs its tests under mpirun: Open MPI too.
if [ "$lesson" = 18-distributed-sgd ]; then
    echo "apt-get install -y --no-install-recommends libopenmpi-dev openmpi-bin" >> "$stage/setup.sh"
fi
cat >> "$stage/setup.sh" <<EOF
# Everything that does not depend on a submission is built now, into the
# image, so that grading a submission compiles only the student's file.
cd "\$(dirname "\$0")"
[ -d source ] && cd source
make -s --no-print-directory test-table LESSON=${lesson%%-*} BUILD=build/shared > /dev/null
EOF

cat > "$stage/run_autograder" <<EOF
#!/usr/bin/env bash
# run_autograder -- run by Gradescope for every submission, from /autograder.
# Grades lesson $lesson of /autograder/submission and writes
# /autograder/results/results.json. AUTOGRADER_ROOT=DIR simulates /autograder
# elsewhere (tools/checks/grading.sh does).
set -u
LESSON=$lesson
EOF
cat >> "$stage/run_autograder" <<'EOF'
ROOT=${AUTOGRADER_ROOT:-/autograder}
mkdir -p "$ROOT/results"
work=$(mktemp -d)
mkdir -p "$work/submissions"
cp -R "$ROOT/submission" "$work/submissions/submission"
cd "$ROOT/source" || exit 1
shared=""
[ -d "$ROOT/source/build/shared" ] && shared="$ROOT/source/build/shared"
BUILD="$work/build" GRADES="$work/grades" GRADE_SHARED_BUILD="$shared" JOBS=1 \
    tools/grade.sh "$work/submissions" "$LESSON"
result=$(ls "$work"/grades/[0-9][0-9][0-9][0-9]-submission/results.json 2> /dev/null | head -n 1)
if [ -n "$result" ] && [ -s "$result" ]; then
    cp "$result" "$ROOT/results/results.json"
else
    # Always leave a results.json, so the student sees a message, not a blank.
    printf '{\n  "score": 0,\n  "output": "%s",\n  "tests": []\n}\n' \
        "The autograder could not grade this submission; please tell your instructor." \
        > "$ROOT/results/results.json"
fi
rm -rf "$work"
EOF
chmod +x "$stage/setup.sh" "$stage/run_autograder"

# The zip, with the files at its root (not inside a folder).
abs_zip=$(cd "$out" && pwd)/$lesson-autograder.zip
if command -v zip > /dev/null; then
    (cd "$stage" && zip -q -r -X "$abs_zip" .)
elif command -v python3 > /dev/null; then
    (cd "$stage" && python3 -m zipfile -c "$abs_zip" $(ls -A))
else
    echo "neither zip nor python3 is installed: zip the contents of $stage yourself" >&2
    exit 1
fi
echo "Gradescope autograder for lesson $lesson: $zip"
echo "  upload it as the assignment's autograder (Ubuntu image); students submit"
echo "  lessons/$lesson/ (or just its .c files); hidden tests show after grades are published."
