#!/usr/bin/env bash
# lesson-nav.sh TEXT -- the navigation bar of a lesson's HTML handout: links
# to the previous lesson, the index of its edition and the next lesson (the
# lessons in the order of their numbers, docs/lessons/NN-name.md).
set -euo pipefail
cd "$(dirname "$0")/.."

name=$(basename "$1" .md)
title_of() { sed -n '1s/^# *//p' "docs/lessons/$1.md" | sed 's/&/\&amp;/g; s/</\&lt;/g; s/>/\&gt;/g'; }
lessons=($(cd docs/lessons && ls [0-9][0-9]-*.md | sed 's/\.md$//'))
previous="" next=""
for k in "${!lessons[@]}"; do
    if [ "${lessons[$k]}" = "$name" ]; then
        [ "$k" -gt 0 ] && previous=${lessons[$((k - 1))]}
        next=${lessons[$((k + 1))]:-}
    fi
done
echo '<nav class="lessons" aria-label="Lessons">'
if [ -n "$previous" ]; then
    echo "<a class=\"previous\" rel=\"prev\" href=\"$previous.html\">&larr; $(title_of "$previous")</a>"
else
    echo '<span class="previous"></span>'
fi
echo '<a class="index" href="index.html">All lessons</a>'
if [ -n "$next" ]; then
    echo "<a class=\"next\" rel=\"next\" href=\"$next.html\">$(title_of "$next") &rarr;</a>"
else
    echo '<span class="next"></span>'
fi
echo '</nav>'
