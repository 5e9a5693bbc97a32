#!/usr/bin/env bash
# status.sh -- `make status`: where you are in the course.
#
# Runs every lesson's tests on your files (IMPL, default lessons/) and prints
# one line per lesson -- passed, questions left (the code passes, some of
# the exercises' checked questions are not answered or not right yet),
# failing (with how many tests pass), not started (every test still says
# TODO) or does not compile -- with its
# points, a progress bar, and the next lesson to work on. Results are used
# only when their stamp (tools/results-stamp.sh: the implementation and a
# checksum of its files, the tests and the given code) matches your files
# now: results of another implementation (make test IMPL=solutions) or of
# files changed since are never shown; the lesson is tested again instead.
# The next lesson is tools/next-lesson.sh's, the same rule as make test's.
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
total=0 done_count=0 points_sum=0 max_sum=0
report=""

for lesson in $lessons; do
    number=${lesson%%-*}
    title=$(echo "${lesson#*-}" | tr '-' ' ')
    results=$BUILD/results/$lesson
    verdicts=$results/verdicts.tsv
    if [ ! -f "tests/$lesson/public.c" ]; then
        report="$report$(printf '  %s %-26s %s' "$number" "$title" "no tests yet")"$'\n'
        continue
    fi
    # Results count only if they are of these files: the same stamp.
    stamp=$(tools/results-stamp.sh "$IMPL" "$lesson")
    recorded=$(cat "$results/stamp" 2>/dev/null)
    if [ "$recorded" != "$stamp" ] || [ ! -f "$verdicts" ]; then
        make -s --no-print-directory test LESSON="$number" IMPL="$IMPL" BUILD="$BUILD" CC="$CC" \
            > "$cache/$lesson.log" 2>&1
        recorded=$(cat "$results/stamp" 2>/dev/null)
    fi
    total=$((total + 1))
    if [ "$recorded" != "$stamp" ] || [ ! -f "$verdicts" ]; then
        # No results of these files: they do not build (older results, of
        # another implementation or of your files before a change, are not
        # yours now and are not counted).
        state="does not compile"
        points=0 max=""
    else
        # Questions are the tests question_exN and hidden_question_exN (one
        # question each, counted once); the others test the code.
        read -r tests passed todo points max code code_passed questions questions_open < <(
            awk -F'\t' '
            { n++; if ($2 == "PASS") p++; if ($2 == "TODO") t++; got += $3; all += $4
              id = $1; sub(/^hidden_/, "", id)
              if (id ~ /^question_ex/) {
                  if (!(id in asked)) { asked[id] = 1; q++ }
                  if ($2 != "PASS" && !(id in open)) { open[id] = 1; o++ }
              } else { c++; if ($2 == "PASS") cp++ }
            }
            END { print n + 0, p + 0, t + 0, got + 0, all + 0, c + 0, cp + 0, q + 0, o + 0 }
            ' "$verdicts")
        if [ "$passed" = "$tests" ] && [ "$tests" -gt 0 ]; then
            state="passed"
            done_count=$((done_count + 1))
        elif [ "$todo" = "$tests" ]; then
            state="not started"
        elif [ "$code_passed" = "$code" ] && [ "$questions_open" -gt 0 ]; then
            state="questions left: $questions_open of $questions"
        else
            state="failing: $passed/$tests tests pass"
        fi
        max_sum=$((max_sum + max))
    fi
    points_sum=$((points_sum + points))
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
# The next lesson: the same rule and words as make test's (tools/next-lesson.sh).
BUILD=$BUILD tools/next-lesson.sh "$IMPL"
