#!/usr/bin/env bash
# run-golden.sh [--update] -- golden tests of docs/include-code.lua.
#
# Every docs/tests/cases/NAME.md is filtered in both editions against the
# fixture tree docs/tests/tree (a lessons/ and solutions/ of its own), as if
# it were the text of its lesson lessons/90-demo. The result (Markdown when
# pandoc succeeds; else the exit status and the error messages) must equal
# NAME.EDITION.expected byte for byte. The student edition is also rendered
# as the Markdown file students open (docs/render-lesson.sh's way): that must
# equal NAME.readme.expected. --update rewrites
# the expected files: read the diff before keeping it.
set -u
cd "$(dirname "$0")/../.."

update=0
[ "${1:-}" = "--update" ] && update=1
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
failed=0
count=0
for case in docs/tests/cases/*.md; do
    name=$(basename "$case" .md)
    for edition in student instructor; do
        count=$((count + 1))
        expected=docs/tests/cases/$name.$edition.expected
        actual=$out/$name.$edition
        render=()
        [ $edition = student ] && render=(-M render-markdown="$out/$name.readme")
        if pandoc --lua-filter docs/include-code.lua -M edition=$edition \
               -M repo-root=docs/tests/tree -M lesson-dir=lessons/90-demo "${render[@]}" \
               -f markdown -t markdown "$case" > "$actual.stdout" 2> "$actual.stderr"; then
            cat "$actual.stdout" "$actual.stderr" > "$actual"
        else
            { echo "exit $?"; cat "$actual.stderr"; } > "$actual"
        fi
        if [ $edition = student ] && [ -f "$out/$name.readme" ]; then
            count=$((count + 1))
            if [ $update = 1 ]; then
                cp "$out/$name.readme" "docs/tests/cases/$name.readme.expected"
            elif ! diff -u "docs/tests/cases/$name.readme.expected" "$out/$name.readme" \
                    > "$out/$name.readme.diff" 2>&1; then
                echo "FAIL  $name (the Markdown students open):"
                sed 's/^/      /' "$out/$name.readme.diff"
                failed=$((failed + 1))
            fi
        fi
        if [ $update = 1 ]; then
            cp "$actual" "$expected"
        elif ! diff -u "$expected" "$actual" > "$actual.diff" 2>&1; then
            echo "FAIL  $name ($edition edition):"
            sed 's/^/      /' "$actual.diff"
            failed=$((failed + 1))
        fi
    done
done
if [ $update = 1 ]; then
    echo "golden: rewrote $count expected files; review them with git diff"
    exit 0
fi
echo "golden: $((count - failed))/$count filter cases as expected"
[ $failed = 0 ]
