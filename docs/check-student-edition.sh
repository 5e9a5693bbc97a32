#!/usr/bin/env bash
# check-student-edition.sh HANDOUTS -- no solution code in the student edition.
#
# A solution line is a line between the STUDENT CODE markers of a file under
# solutions/ that appears nowhere in lessons/, not even inside a longer line
# (so it is not given code), and has at least 8 characters. The text of every student handout (HTML with the
# tags removed; PDF through pdftotext) must contain none of them. As a proof
# that the test can see solution code, the instructor edition of every lesson
# with solutions in its listings must contain some.
set -euo pipefail
cd "$(dirname "$0")/.."

handouts=$1
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

normalize() { sed -e 's/^[[:space:]]*//' -e 's/[[:space:]]*$//' -e 's/[[:space:]][[:space:]]*/ /g'; }
html_text() {
    sed -e 's/<[^>]*>//g' -e 's/&lt;/</g' -e 's/&gt;/>/g' -e 's/&quot;/"/g' \
        -e "s/&#39;/'/g" -e "s/&#x27;/'/g" -e 's/&amp;/\&/g' "$1" | normalize
}
pdf_text() { pdftotext -q "$1" - | normalize; }

find lessons -name '*.[ch]' -exec cat {} + | normalize | sort -u > "$work/given"
find solutions -name '*.c' -exec awk '
    /\/\* STUDENT CODE END \*\//   { inside = 0 }
    inside                         { print }
    /\/\* STUDENT CODE BEGIN \*\// { inside = 1 }' {} + |
    normalize | awk 'length($0) >= 8' | sort -u | grep -vxF -f "$work/given" > "$work/secret" || true
# A solution line that occurs inside given code (e.g. a bare
# "memory_order_relaxed);" that the experiment also writes) reveals nothing.
find lessons -name '*.[ch]' -exec cat {} + | normalize > "$work/given-text"
while IFS= read -r line; do
    grep -qF -- "$line" "$work/given-text" || printf '%s\n' "$line"
done < "$work/secret" > "$work/secret-only"
mv "$work/secret-only" "$work/secret"
secrets=$(wc -l < "$work/secret")

status=0
checked=0
for file in "$handouts"/student/*.html "$handouts"/student/*.pdf; do
    [ -e "$file" ] || continue
    case "$file" in *.html) html_text "$file" ;; *.pdf) pdf_text "$file" ;; esac > "$work/text"
    checked=$((checked + 1))
    if [ "$secrets" -gt 0 ] && grep -F -f "$work/secret" "$work/text" > "$work/leaks"; then
        echo "solution code in the student edition: $file"
        sed 's/^/    /' "$work/leaks" | head -n 10
        status=1
    fi
done
# The test must be able to see solution code: the instructor edition shows it.
seen=0
for file in "$handouts"/instructor/*.html; do
    [ -e "$file" ] || continue
    html_text "$file" > "$work/text"
    if [ "$secrets" -gt 0 ] && grep -q -F -f "$work/secret" "$work/text"; then seen=$((seen + 1)); fi
done
if [ "$secrets" -gt 0 ] && [ "$seen" -eq 0 ] && ls "$handouts"/instructor/*.html > /dev/null 2>&1; then
    echo "no instructor handout shows any solution line: is the check blind?"
    status=1
fi
echo "student edition: $checked files checked against $secrets solution lines;" \
     "$seen instructor handouts show solution code"
exit $status
