#!/usr/bin/env bash
# status.sh -- `make status`: where you are in the course.
#
# Runs every lesson's tests on your files (IMPL, default lessons/) and prints
# one line per lesson -- passed, failing (with how many tests pass), not
# started (every test still says TODO) or does not compile -- with its
# points, a progress bar, and the next lesson to work on. A lesson whose
# files and tests have not changed since the last run is not run again.
set -u
cd "$(dirname "$0")/.."
unset MAKEFLAGS MFLAGS MAKELEVEL
BUILD=${BUILD:-build}
IMPL=${IMPL:-lessons}
IMPL=${IMPL%/}
CC=${CC:-cc}
cache=$BUILD/status
mkdir -p "$cache"

lessons=$(cd lessons && ls -d [0-9][0-9]-*/ 2>/dev/null | tr -d / | grep -v '^00-')
total=0 done_count=0 next="" points_sum=0 max_sum=0
report=""

for lesson in $lessons; do
    number=${lesson%%-*}
    title=$(echo "${lesson#*-}" | tr '-' ' ')
    verdicts=$BUILD/results/$lesson/verdicts.tsv
    if [ ! -f "tests/$lesson/public.c" ]; then
        report="$report$(printf '  %s %-26s %s' "$number" "$title" "no tests yet")"$'\n'
        continue
    fi
    # What the result depends on: your files, the tests, the given code.
    key=$(cat "$IMPL/$lesson"/*.c tests/"$lesson"/*.c tests/"$lesson"/*.h \
              lessons/00-trainer/*.[ch] 2>/dev/null | cksum)
    if [ ! -f "$cache/$lesson.key" ] || [ "$(cat "$cache/$lesson.key")" != "$key" ] ||
       [ ! -f "$verdicts" ]; then
        rm -f "$verdicts" "$cache/$lesson.key"
        make -s --no-print-directory test LESSON="$number" IMPL="$IMPL" BUILD="$BUILD" CC="$CC" \
            > "$cache/$lesson.log" 2>&1
        [ -f "$verdicts" ] && echo "$key" > "$cache/$lesson.key"
    fi
    total=$((total + 1))
    if [ ! -f "$verdicts" ]; then
        state="does not compile"
        points=0 max=""
    else
        read -r tests passed todo points max < <(awk -F'\t' '
            { n++; if ($2 == "PASS") p++; if ($2 == "TODO") t++; got += $3; all += $4 }
            END { print n + 0, p + 0, t + 0, got + 0, all + 0 }' "$verdicts")
        if [ "$passed" = "$tests" ] && [ "$tests" -gt 0 ]; then
            state="passed"
            done_count=$((done_count + 1))
        elif [ "$todo" = "$tests" ]; then
            state="not started"
        else
            state="failing: $passed/$tests tests pass"
        fi
        max_sum=$((max_sum + max))
    fi
    points_sum=$((points_sum + points))
    [ -z "$next" ] && [ "$state" != passed ] && next=$lesson
    report="$report$(printf '  %s %-26s %-26s %5s' "$number" "$title" "$state" \
        "$points${max:+/$max}")"$'\n'
done

# The bar: one # per passed lesson's share of 40 columns.
width=40
filled=$(( total > 0 ? done_count * width / total : 0 ))
bar=$(printf '%*s' "$filled" '' | tr ' ' '#')$(printf '%*s' $((width - filled)) '' | tr ' ' '-')
echo "Descent progress [$bar] $done_count/$total lessons passed, $points_sum/$max_sum points"
echo
printf '%s' "$report"
echo
if [ -z "$next" ]; then
    echo "Every lesson passes its tests. Well done: hidden tests run at grading time."
else
    echo "Next: lesson ${next%%-*}, $(echo "${next#*-}" | tr '-' ' '): read lessons/$next/README.md,"
    echo "      then make test LESSON=$((10#${next%%-*})), or make watch LESSON=$((10#${next%%-*})) to re-test on every save."
fi
