#!/bin/sh
# next-lesson.sh [IMPL] -- the one "next lesson" rule of the course, and its message.
#
# The next lesson is the first one, in the course's order, that has tests
# and whose results are not a pass of all its tests on IMPL's current files
# (results are read from $BUILD/results/NN-name/, trusted only when their
# stamp matches: tools/results-stamp.sh). `make test` (after a lesson
# passes) and `make status` both print this, so they always agree.
# With --name, prints only the lesson's folder name (empty when all pass).
cd "$(dirname "$0")/.." || exit 2
name_only=0
[ "${1:-}" = --name ] && { name_only=1; shift; }
IMPL=${1:-${IMPL:-lessons}}
IMPL=${IMPL%/}
BUILD=${BUILD:-build}
next=""
for folder in lessons/[0-9][0-9]-*/; do
    lesson=$(basename "$folder")
    [ "$lesson" = 00-trainer ] && continue
    [ -f "tests/$lesson/public.c" ] || continue
    results=$BUILD/results/$lesson
    if [ -f "$results/stamp" ] && [ -f "$results/verdicts.tsv" ] &&
       [ "$(cat "$results/stamp")" = "$(tools/results-stamp.sh "$IMPL" "$lesson")" ] &&
       [ -s "$results/verdicts.tsv" ] && ! awk -F'\t' '$2 != "PASS"' "$results/verdicts.tsv" | grep -q .; then
        continue
    fi
    next=$lesson
    break
done
if [ "$name_only" = 1 ]; then
    echo "$next"
elif [ -z "$next" ]; then
    echo "Every lesson passes its tests: that was the last lesson. Well done: hidden tests run at grading time."
else
    number=$(echo "$next" | cut -c1-2)
    echo "Next: lesson $number, $(echo "${next#*-}" | tr '-' ' '): read lessons/$next/README.md,"
    echo "      then make test LESSON=$(expr "$number" + 0) (make status shows your progress)."
fi
