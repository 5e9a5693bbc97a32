#!/usr/bin/env bash
# hint.sh NN-name IMPL [LEVEL] [FUNCTION] -- `make hint LESSON=N [LEVEL=k] [FUNCTION=f]`.
#
# Shows one hint from lessons/NN-name/hints.md for the first unfinished
# function of the lesson: the first whose STUDENT CODE region still calls
# not_implemented(), else the first whose tests failed in the last
# `make test` of this IMPL ($BUILD/results/NN-name/verdicts.tsv). When the
# last make test did not build (the Makefile's test rule then leaves the
# results as they were and writes build-failed beside them), it says so
# first, and that the results are those of the last make test that built.
# Each call shows the next level for that function (1: which section and
# which idea; 2: the steps; 3: nearly the code), remembered in build/hints/;
# LEVEL=k shows level k. hints.md has a "## FUNCTION" heading per function and a
# "### Hint K" heading per level.
set -u
cd "$(dirname "$0")/.."
lesson=$1 impl=${2:-lessons} level=${3:-} function=${4:-}
hints=lessons/$lesson/hints.md
if [ ! -f "$hints" ]; then
    echo "lesson $lesson has no hints file ($hints)."
    exit 0
fi
functions=$(sed -n 's/^## \([a-z_0-9]*\)[[:space:]]*$/\1/p' "$hints")

# Does FUNCTION's region in the student's files still say not_implemented?
unwritten() {
    awk -v f="$1" '
        $0 ~ "^[a-z].*[^a-z_0-9]" f "\\(" && $0 !~ /;[[:space:]]*$/ { inside_function = 1 }
        inside_function && /STUDENT CODE BEGIN/ { region = 1; next }
        region && /STUDENT CODE END/ { exit }
        region && /not_implemented\(/ { found = 1; exit }
        END { exit found ? 0 : 1 }' "$impl/$lesson"/*.c 2> /dev/null
}

if [ -z "$function" ]; then
    for candidate in $functions; do
        if unwritten "$candidate"; then function=$candidate; break; fi
    done
fi
# The last make test: did it build, and are its results of this IMPL?
results=${BUILD:-build}/results/$lesson
verdicts=$results/verdicts.tsv
lesson_number=$((10#${lesson%%-*}))
if [ "$(cat "$results/build-failed" 2> /dev/null)" = "${impl%/}" ]; then
    echo "Your last make test LESSON=$lesson_number did not build: it ran no test. Fix the"
    echo "first error the compiler printed (make test LESSON=$lesson_number shows it again)."
    built_note=" that built"
else
    built_note=""
fi
recorded=$(cat "$results/stamp" 2> /dev/null)
if [ -f "$verdicts" ] && [ "${recorded%% *}" != "impl=${impl%/}" ]; then
    verdicts=/nonexistent # results of another IMPL (or of a run that did not finish)
fi
if [ -n "$built_note" ] && [ -z "$function" ]; then
    if [ -f "$verdicts" ]; then
        echo "Which function needs a hint: from the results of your last make test$built_note."
    else
        echo "There are no results of a make test$built_note to choose a hint from."
    fi
    echo
fi

if [ -z "$function" ]; then
    if [ -f "$verdicts" ]; then
        while IFS=$'\t' read -r test verdict _; do
            [ "$verdict" = PASS ] && continue
            for candidate in $functions; do
                case "$test" in *"$candidate"*) function=$candidate; break 2 ;; esac
            done
        done < "$verdicts"
    fi
fi
if [ -z "$function" ] && [ ! -f "$verdicts" ]; then
    echo "Every function of lesson $lesson is written, and there are no results of a make test"
    echo "of it$built_note to tell which one fails: run make test LESSON=$lesson_number first."
    echo "(FUNCTION=name LEVEL=k shows a hint for any function: $(echo $functions | tr ' ' ','))"
    exit 0
fi
if [ -z "$function" ]; then
    echo "Every function of lesson $lesson is written and, as of your last make test$built_note, passes."
    echo "No hint needed. (FUNCTION=name LEVEL=k shows a hint for any function: $(echo $functions | tr ' ' ','))"
    exit 0
fi
if ! printf '%s\n' $functions | grep -qx "$function"; then
    echo "hints.md of lesson $lesson has no hints for $function; it has: $(echo $functions | tr ' ' ',')."
    exit 2
fi

state=build/hints/$lesson/$function
mkdir -p "$(dirname "$state")"
if [ -z "$level" ]; then
    shown=$(cat "$state" 2> /dev/null || echo 0)
    level=$((shown < 3 ? shown + 1 : 3))
fi
case "$level" in 1 | 2 | 3) ;; *) echo "LEVEL must be 1, 2 or 3, not \"$level\"."; exit 2 ;; esac
[ "$(cat "$state" 2> /dev/null || echo 0)" -lt "$level" ] && echo "$level" > "$state"

echo "Hint $level of 3 for $function (lesson $lesson):"
echo
awk -v f="$function" -v k="$level" '
    /^## / { in_function = ($2 == f); in_level = 0; next }
    in_function && /^### Hint / { in_level = ($3 == k); next }
    in_function && in_level && NF > 0 { print "  " $0 }' "$hints"
echo
if [ "$level" -lt 3 ]; then
    echo "make hint LESSON=$lesson_number again shows hint $((level + 1)); LEVEL=k shows level k."
else
    echo "That was the last hint for $function. The lesson's section named in hint 1 has the rest."
fi
