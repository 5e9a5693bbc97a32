#!/usr/bin/env bash
# the lecture slides: every lesson's HTML deck in both editions and lesson 01's Beamer decks build without a warning, work offline, and no solution reaches a student deck
#
# check-inputs: all
# check-tools: docs
# (The result cache, tools/check.sh, keys this check on these files and tools.
# Texts, code and figures: every file.)
#
# The PDF decks of every lesson take minutes to typeset; one lesson's (both
# editions) proves the Beamer path here, and `make slides` builds them all.
# Uses make check's build folder (build/check/gcc); SLIDES_BUILD overrides.
set -u
cd "$(dirname "$0")/../.."

build=${SLIDES_BUILD:-build/check/gcc}
status=0
tools/ensure-deps.sh pandoc pdf || exit 1

echo "== every lesson's HTML deck, both editions; lesson 01's PDF decks"
make -s --no-print-directory -j2 slides-html "$build/slides/student/01-gradient-descent.pdf" \
    "$build/slides/instructor/01-gradient-descent.pdf" BUILD="$build" || status=1

echo "== a deck per lesson and edition, with slides in it"
for text in docs/lessons/[0-9][0-9]-*.md; do
    lesson=$(basename "$text" .md)
    for edition in student instructor; do
        deck=$build/slides/$edition/$lesson.html
        slides=$(grep -c '<section class="slide' "$deck" 2> /dev/null || echo 0)
        if [ "$slides" -lt 3 ]; then
            echo "FAIL: $deck has $slides slides (at least 3 expected: objectives, formulas, code)"
            status=1
        fi
    done
done
pages=$(pdfinfo "$build/slides/student/01-gradient-descent.pdf" 2> /dev/null | awk '/^Pages:/ { print $2 }')
echo "lesson 01's student PDF deck: ${pages:-no} pages"
[ "${pages:-0}" -ge 3 ] || status=1

echo "== offline, and no solution in a student deck"
docs/check-offline.sh "$build"/slides/*/*.html || status=1
docs/check-student-edition.sh "$build/slides" || status=1
exit $status
