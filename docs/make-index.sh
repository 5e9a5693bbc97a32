#!/usr/bin/env bash
# make-index.sh HANDOUTS LESSON... -- the course index: one self-contained page
# linking every lesson's handouts (both editions, HTML and PDF).
set -euo pipefail
cd "$(dirname "$0")/.."

handouts=$1
shift
page=$(mktemp --suffix=.md)
trap 'rm -f "$page"' EXIT
{
    echo "# Descent: lecture handouts"
    echo
    echo "Gradient-descent optimizers in C, one lesson at a time. Each lesson in"
    echo "two editions: the student edition shows the skeletons students complete;"
    echo "the instructor edition shows the reference solutions and the instructor notes."
    echo
    echo "| Lesson | Student edition | Instructor edition |"
    echo "|---|---|---|"
    for name in "$@"; do
        title=$(sed -n '1s/^# *//p' "docs/lessons/$name.md")
        [ -n "$title" ] || title=$name
        echo "| $title | [HTML](student/$name.html) &middot; [PDF](student/$name.pdf)" \
             "| [HTML](instructor/$name.html) &middot; [PDF](instructor/$name.pdf) |"
    done
    echo
    echo "Built from the lesson texts and the code by \`make handouts\`; every listing is"
    echo "pulled from the source and every figure drawn by the solution code."
} > "$page"
mkdir -p "$handouts"
pandoc --from markdown --to html5 --standalone --self-contained --css docs/handout.css \
    --shift-heading-level-by=-1 --metadata lang=en --fail-if-warnings \
    --output "$handouts/index.html.tmp" "$page"
mv "$handouts/index.html.tmp" "$handouts/index.html"
