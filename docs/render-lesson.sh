#!/usr/bin/env bash
# render-lesson.sh SOURCE OUTPUT [LESSON_DIR] -- a lesson's Markdown edition,
# the file students open: docs/lessons/NN-name.md -> lessons/NN-name/README.md.
# LESSON_DIR (default: OUTPUT's folder) is the folder its paths are relative
# to; tools/checks/lesson-texts.sh renders elsewhere to compare.
#
# The include filter (docs/include-code.lua, metadata render-markdown) fills
# every code fence with the student edition's code, leaves the instructor
# notes out and checks every figure; every problem it finds fails the run.
# OUTPUT is rewritten only when its bytes change (its time is updated, so
# make sees it as current).
set -euo pipefail
cd "$(dirname "$0")/.."

source=$1 output=$2 lesson_dir=${3:-$(dirname "$2")}
temporary=$(mktemp "${TMPDIR:-/tmp}/render-lesson.XXXXXX")
trap 'rm -f "$temporary" "$temporary.tmp"' EXIT
pandoc --from markdown --to native --lua-filter docs/include-code.lua \
    --metadata edition=student --metadata render-markdown="$temporary" \
    --metadata lesson-dir="$lesson_dir" --fail-if-warnings \
    --output /dev/null "$source"
if cmp -s "$temporary" "$output"; then
    touch "$output"
else
    mkdir -p "$(dirname "$output")"
    cp "$temporary" "$output.tmp" && mv "$output.tmp" "$output"
    echo "  rendered $output"
fi
