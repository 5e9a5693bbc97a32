#!/usr/bin/env bash
# every lesson has hints for each of its functions (3 levels, no solution code), at least three checked questions, answers files, and make hint works
#
# check-inputs: code
# (The result cache, tools/check.sh, keys this check on these files and tools.
# hints.md, answers.txt, the lessons', solutions' and tests' C files and
# make hint (tools/hint.sh): no lesson text, README or figure.)
#
# For every lesson folder lessons/NN-name/ with student files:
#   - hints.md has a "## FUNCTION" section for each function with a STUDENT
#     CODE region, each with "### Hint 1", "### Hint 2" and "### Hint 3";
#   - no line of the solution's student regions (a statement of 12 or more
#     characters, spaces ignored) appears in hints.md: hints describe, they
#     do not hand over the code;
#   - tests/NN-name/public.c has at least three question tests and hidden.c
#     the same questions; lessons/NN-name/answers.txt has an empty "exN:"
#     line for each, and solutions/NN-name/answers.txt a filled one;
#   - the skeleton's TODOs are short (at most four comment lines each);
#   - make hint on the untouched skeleton shows hint 1, then hint 2, of the
#     lesson's first function.
set -u
cd "$(dirname "$0")/../.."
status=0
fail() { echo "FAIL: $*"; status=1; }

for folder in lessons/[0-9][0-9]-*/; do
    lesson=$(basename "$folder")
    [ "$lesson" = 00-trainer ] && continue
    files=$(ls "$folder"*.c 2> /dev/null | grep -v '/experiment\.c$')
    [ -n "$files" ] || continue
    hints=$folder/hints.md
    functions=$(awk '/^[a-z].*\(/ && !/;[[:space:]]*$/ { match($0, /[a-z_0-9]+\(/); name = substr($0, RSTART, RLENGTH - 1) }
                     /STUDENT CODE BEGIN/ { print name }' $files | sort -u)
    if [ ! -f "$hints" ]; then
        fail "$lesson: no hints.md"
    else
        for function in $functions; do
            section=$(awk -v f="$function" '/^## / { inside = ($2 == f); next } inside' "$hints")
            [ -n "$section" ] || { fail "$lesson: hints.md has no section for $function"; continue; }
            for level in 1 2 3; do
                grep -q "^### Hint $level[[:space:]]*$" <<< "$section" ||
                    fail "$lesson: hints.md lacks hint $level for $function"
            done
        done
        # No statement of the solution's regions in the hints.
        squeeze() { tr -d ' \t' ; }
        hint_text=$(squeeze < "$hints")
        awk '/STUDENT CODE END/ { inside = 0 } inside { print } /STUDENT CODE BEGIN/ { inside = 1 }' \
            solutions/"$lesson"/*.c | grep -v -E '^[[:space:]]*(/\*|\*|//|[{}]|$)' |
            while IFS= read -r line; do
                code=$(printf '%s' "$line" | squeeze)
                [ ${#code} -ge 12 ] || continue
                case "$hint_text" in *"$code"*) echo "$lesson: hints.md holds the solution's line: $line" ;; esac
            done | grep . && status=1
    fi

    public=tests/$lesson/public.c hidden=tests/$lesson/hidden.c
    questions=$(grep -o '"question_ex[0-9a-z]*"' "$public" 2> /dev/null | tr -d '"' | sed 's/question_//' | sort -u)
    count=$(printf '%s\n' $questions | grep -c .)
    [ "$count" -ge 3 ] || fail "$lesson: $count checked questions in public.c (at least 3)"
    for id in $questions; do
        grep -q "\"hidden_question_$id\"" "$hidden" 2> /dev/null ||
            fail "$lesson: $id has no hidden test (hidden_question_$id)"
        grep -q "^$id:[[:space:]]*$" "$folder/answers.txt" 2> /dev/null ||
            fail "$lesson: lessons/$lesson/answers.txt has no empty line \"$id:\""
        grep -q "^$id:[[:space:]]*[^[:space:]]" "solutions/$lesson/answers.txt" 2> /dev/null ||
            fail "$lesson: solutions/$lesson/answers.txt does not answer $id"
    done

    # Short TODOs: the recipe lives in the hints.
    awk -v lesson="$lesson" '
        /STUDENT CODE BEGIN/ { inside = 1; next }
        /STUDENT CODE END/ { inside = 0; next }
        inside && /TODO/ { counting = 1; lines = 0 }
        inside && counting { lines++ }
        inside && counting && /\*\// {
            counting = 0
            if (lines > 4) print lesson ": a TODO of " lines " lines in " FILENAME
        }' $files | grep . && status=1
done

# make hint on the untouched skeleton: hint 1, then hint 2, of lesson 01's first function.
B=build/check/hints
rm -rf build/hints
first=$(make -s --no-print-directory hint LESSON=1 2>&1)
second=$(make -s --no-print-directory hint LESSON=1 2>&1)
grep -q '^Hint 1 of 3 for line_mse' <<< "$first" || fail "make hint did not start with hint 1 of line_mse: $first"
grep -q '^Hint 2 of 3 for line_mse' <<< "$second" || fail "make hint did not go on to hint 2: $second"
rm -rf build/hints "$B"
exit $status
