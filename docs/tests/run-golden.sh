#!/usr/bin/env bash
# run-golden.sh [--update] -- golden tests of docs/include-code.lua.
#
# Every docs/tests/cases/NAME.md is filtered in both editions against the
# fixture tree docs/tests/tree (a lessons/ and solutions/ of its own). The
# result (Markdown when pandoc succeeds; else the exit status and the error
# messages) must equal NAME.EDITION.expected byte for byte. --update rewrites
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
        if pandoc --lua-filter docs/include-code.lua -M edition=$edition \
               -M repo-root=docs/tests/tree -M figures-dir=docs/tests/tree/figures \
               -f markdown -t markdown "$case" > "$actual.stdout" 2> "$actual.stderr"; then
            cat "$actual.stdout" "$actual.stderr" > "$actual"
        else
            { echo "exit $?"; cat "$actual.stderr"; } > "$actual"
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
