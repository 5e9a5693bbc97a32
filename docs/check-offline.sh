#!/usr/bin/env bash
# check-offline.sh FILE.html... -- every HTML handout works offline: nothing it
# loads (images, scripts, styles, fonts, frames) comes from the network. Links
# a reader may follow (<a href>) are allowed.
set -u
status=0
for file in "$@"; do
    if grep -oiE '<(img|script|link|iframe|source|video|audio|embed|object|image|use)[^>]*>' "$file" |
        grep -iE '(src|href|data)="(https?:)?//' ; then
        echo "  ^ network resource in $file"
        status=1
    fi
    if grep -oiE '(url\([[:space:]]*["'"'"']?(https?:)?//|@import)[^)]{0,80}' "$file"; then
        echo "  ^ network resource in the CSS of $file"
        status=1
    fi
    if grep -qiE 'mathjax|katex' "$file"; then
        echo "$file: loads a math script; math must be MathML"
        status=1
    fi
done
exit $status
