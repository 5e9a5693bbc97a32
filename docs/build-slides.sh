#!/usr/bin/env bash
# build-slides.sh EDITION FORMAT TEXT OUTPUT -- a lesson's lecture deck.
#
# From the same text as the handouts (docs/lessons/NN-name.md), through the
# include filter (code from the source; the student edition shows what
# students complete, the instructor edition the solution) and docs/slides.lua
# (objectives, key formulas, figures, listings, checklist: one idea a slide).
# FORMAT is pdf (Beamer) or html (a self-contained dzslides page that works
# offline: arrow keys move between slides). Warnings fail the build; the
# output appears only when the build succeeded.
set -euo pipefail
cd "$(dirname "$0")/.."

edition=$1 format=$2 text=$3 output=$4
case "$edition" in
    student|instructor) ;;
    *) echo "build-slides.sh: edition must be student or instructor, not '$edition'" >&2; exit 2 ;;
esac
common=(--from markdown --lua-filter docs/include-code.lua --lua-filter docs/slides.lua
        --metadata edition="$edition" --metadata lang=en --slide-level=2 --fail-if-warnings)
mkdir -p "$(dirname "$output")"
temporary="$output.tmp.${output##*.}"
rm -f "$temporary"
case "$format" in
pdf)
    pandoc "${common[@]}" --to beamer --pdf-engine=pdflatex --include-in-header docs/slides-preamble.tex \
        --variable aspectratio=169 --variable fontsize=10pt --variable theme=default \
        --metadata subtitle="$( [ "$edition" = student ] && echo "Student edition" || echo "Instructor edition")" \
        --output "$temporary" "$text" ;;
html)
    pandoc "${common[@]}" --to dzslides --standalone --self-contained --mathml \
        --include-in-header docs/slides-head.html --output "$temporary" "$text" ;;
*)
    echo "build-slides.sh: format must be pdf or html, not '$format'" >&2; exit 2 ;;
esac
mv "$temporary" "$output"
