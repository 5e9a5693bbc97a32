#!/usr/bin/env bash
# lesson-words.sh [SOURCE...] -- the length of each lesson's main path, in words.
#
# The main path of docs/lessons/NN-name.md is everything above its
# "## Going further" heading (the whole text when it has none), without
# fenced code blocks, display math ($$ ... $$), pipe tables (numbers to look
# up, not prose to read) and ::: instructor notes.
# Prints "WORDS MAIN_PATH_WORDS TOTAL_WORDS NAME" per lesson; the limit is
# the course's "about 3 000 words" for the main path (DESIGN.md, lesson shape).
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -gt 0 ] || set -- docs/lessons/[0-9][0-9]-*.md
for source in "$@"; do
    main=$(awk '
        /^## Going further/ { exit }
        /^(```|~~~)/ { fence = !fence; next }
        fence { next }
        /^:::+ *\{?\.?instructor/ || /^:::+ *\{[^}]*\.instructor/ { note = 1; next }
        note && /^:::+ *$/ { note = 0; next }
        note { next }
        /^\$\$/ { if (!(/^\$\$.*\$\$ *[.,;]? *$/ && length($0) > 2)) math = !math; next }
        math { if (/\$\$/) math = 0; next }
        /^[ \t]*\|/ { next }
        { print }' "$source" | wc -w)
    total=$(wc -w < "$source")
    printf '%6d %6d %s\n' "$main" "$total" "$(basename "$source" .md)"
done
