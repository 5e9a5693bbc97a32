#!/usr/bin/env bash
# build-handout.sh EDITION FORMAT TEXT OUTPUT -- one handout of a lesson text
# (docs/lessons/NN-name.md; its figures are lessons/NN-name/figures/).
#
# EDITION is student or instructor; FORMAT is html (self-contained, math as
# MathML, works offline) or pdf (pdflatex, SVG figures through rsvg-convert). Pandoc
# warnings fail the build, and so does every problem the include filter
# finds. The output appears only when the build succeeded.
set -euo pipefail
cd "$(dirname "$0")/.."

edition=$1 format=$2 readme=$3 output=$4
case "$edition" in
    student) label="Student edition" ;;
    instructor) label="Instructor edition" ;;
    *) echo "build-handout.sh: edition must be student or instructor, not '$edition'" >&2; exit 2 ;;
esac

common=(--from markdown --lua-filter docs/include-code.lua
        --metadata edition="$edition"
        --metadata subtitle="$label" --metadata lang=en
        --shift-heading-level-by=-1 --fail-if-warnings)
mkdir -p "$(dirname "$output")"
temporary="$output.tmp.${output##*.}"
rm -f "$temporary"
case "$format" in
html)
    # Every page links to its neighbours and to its edition's index, above
    # and below the lesson.
    nav=$(mktemp --suffix=.html)
    trap 'rm -f "$nav"' EXIT
    docs/lesson-nav.sh "$readme" > "$nav"
    extra=(--include-before-body "$nav" --include-after-body "$nav")
    [ "$edition" = instructor ] && extra+=(--include-in-header docs/instructor-head.html)
    pandoc "${common[@]}" "${extra[@]}" --to html5 --standalone --self-contained --mathml \
        --toc --toc-depth=2 --css docs/handout.css --output "$temporary" "$readme" ;;
pdf)
    pandoc "${common[@]}" --to latex --pdf-engine=pdflatex --include-in-header docs/handout-preamble.tex \
        --toc --toc-depth=2 --variable papersize=a4 --variable geometry:margin=22mm \
        --variable fontsize=11pt --variable colorlinks=true --variable linkcolor=black \
        --variable urlcolor=blue --variable toccolor=black \
        --output "$temporary" "$readme" ;;
*)
    echo "build-handout.sh: format must be html or pdf, not '$format'" >&2; exit 2 ;;
esac
mv "$temporary" "$output"
