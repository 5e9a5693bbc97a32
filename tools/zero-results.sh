#!/bin/sh
# zero-results.sh LESSON_DIR TABLE FEEDBACK -- a results.json with zero points,
# for a submission whose lesson could not be tested (it does not compile, a
# file is missing, grading was stopped).
#
# TABLE is the lesson's test table, as `make test-table` prints it: one line
# per test, "name<TAB>points<TAB>public|hidden". FEEDBACK is a file whose text
# (the compiler's first errors, say) becomes the top-level "output" that the
# student reads. Every test is listed with score 0, so the grade book shows
# the same tests as for any other submission; hidden tests keep their
# visibility. The JSON has the shape tests/harness/results.c writes (one test
# per line), which tools/grade.sh relies on when it merges lessons.
set -u
lesson=$1 table=$2 feedback=$3

# JSON string body: backslash, quote, tab, other control characters and
# bytes outside ASCII made safe; lines joined with \n.
json_text() {
    LC_ALL=C tr '\200-\377\r\f\v\b\001-\010\016-\037' '?' |
        sed -e 's/\\/\\\\/g' -e 's/"/\\"/g' -e 's/\t/\\t/g' |
        awk 'NR > 1 { printf "\\n" } { printf "%s", $0 }'
}

max=$(awk -F'\t' '{ sum += $2 } END { print sum + 0 }' "$table")
printf '{\n  "score": 0,\n  "max_score": %s,\n  "execution_time": 0,\n' "$max"
printf '  "output": "%s",\n' "$(json_text < "$feedback")"
printf '  "tests": ['
awk -F'\t' -v lesson="$lesson" '
    {
        visibility = $3 == "hidden" ? "after_published" : "visible"
        printf "%s\n    {\"number\": \"%s.%d\", \"name\": \"%s\", \"score\": 0, \"max_score\": %d, ",
               (NR > 1 ? "," : ""), lesson, NR, $1, $2
        printf "\"status\": \"failed\", \"visibility\": \"%s\", \"output\": \"not run: %s\"}",
               visibility, "the lesson could not be built (see the output above)"
    }' "$table"
printf '\n  ]\n}\n'
