#!/usr/bin/env bash
# make-index.sh HANDOUTS LESSON... -- the handout site's index pages:
#   HANDOUTS/student/index.html and HANDOUTS/instructor/index.html, each the
#     course-wide table of contents of its edition (every lesson, and under it
#     every section, linked), which every lesson page links to;
#   HANDOUTS/index.html, the front page: both editions, HTML and PDF.
# The student folder is self-contained: `make dist` ships it as the release's
# handout site. A lesson's PDF is linked when it has been built.
set -euo pipefail
cd "$(dirname "$0")/.."

handouts=$1
shift
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
title_of() { sed -n '1s/^# *//p' "docs/lessons/$1.md"; }

# The sections of one lesson as an HTML list, linked into PAGE.
sections() {
    pandoc --from markdown --to html5 --mathml --quiet --toc --toc-depth=1 \
        --shift-heading-level-by=-1 --template docs/toc-only.html "docs/lessons/$1.md" |
        sed "s#href=\"\\##href=\"$1.html\\##g"
}

page() {   # page OUTPUT TITLE MARKDOWN: one self-contained page
    mkdir -p "$(dirname "$1")"
    pandoc --from markdown --to html5 --standalone --self-contained --css docs/handout.css \
        --shift-heading-level-by=-1 --metadata lang=en --metadata title="$2" --fail-if-warnings \
        --output "$1.tmp" "$3"
    mv "$1.tmp" "$1"
}

for edition in student instructor; do
    {
        case $edition in
        student) echo "The lessons in order. Each page shows the code you complete, the figures"
                 echo "the reference run draws, and links to the lessons before and after it." ;;
        instructor) echo "The lessons in order, with the reference solutions in their listings and"
                    echo "the instructor notes (worked answers to the exercises)." ;;
        esac
        echo
        echo '```{=html}'
        echo '<ol class="course">'
        for name in "$@"; do
            echo "<li><a href=\"$name.html\">$(title_of "$name" | sed 's/&/\&amp;/g; s/</\&lt;/g')</a>"
            [ -f "$handouts/$edition/$name.pdf" ] && echo "(<a href=\"$name.pdf\">PDF</a>)"
            sections "$name"
            echo '</li>'
        done
        echo '</ol>'
        echo '```'
    } > "$work/$edition.md"
    label=$( [ $edition = student ] && echo "Student edition" || echo "Instructor edition")
    page "$handouts/$edition/index.html" "Descent: the lessons ($label)" "$work/$edition.md"
done

{
    echo "Gradient-descent optimizers in C, one lesson at a time. Each lesson in"
    echo "two editions: the student edition shows the code students complete;"
    echo "the instructor edition shows the reference solutions and the instructor notes."
    echo
    echo "- [Student edition: all lessons](student/index.html)"
    echo "- [Instructor edition: all lessons](instructor/index.html)"
    echo
    echo "| Lesson | Student edition | Instructor edition |"
    echo "|---|---|---|"
    for name in "$@"; do
        title=$(title_of "$name")
        [ -n "$title" ] || title=$name
        echo "| $title | [HTML](student/$name.html) &middot; [PDF](student/$name.pdf)" \
             "| [HTML](instructor/$name.html) &middot; [PDF](instructor/$name.pdf) |"
    done
    echo
    echo "Built from the lesson texts and the code by \`make handouts\`; every listing is"
    echo "pulled from the source and every figure drawn by the solution code."
} > "$work/front.md"
page "$handouts/index.html" "Descent: lecture handouts" "$work/front.md"
