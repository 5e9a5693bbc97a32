#!/usr/bin/env bash
# the handouts: golden filter tests, the site's links (index, neighbours), every lesson in both editions (HTML, PDF) without a warning, offline HTML, no solution in the student edition, ASCII C sources
#
# check-inputs: all
# check-tools: docs
# (The result cache, tools/check.sh, keys this check on these files and tools.
# The handouts read the texts, the code and the figures: every file.)
#
# It uses make check's build folder (build/check/gcc); HANDOUTS_BUILD
# overrides. The figures are the committed ones (lessons/NN-name/figures/);
# tools/checks/lesson-texts.sh proves they are current.
set -u
cd "$(dirname "$0")/../.."

build=${HANDOUTS_BUILD:-build/check/gcc}
status=0
step() { echo "== $*"; }

step "every C source is ASCII"
if LC_ALL=C grep -rnP '[^\x00-\x7F]' --include='*.c' --include='*.h' lessons solutions tests; then
    echo "non-ASCII characters in the C sources above"
    status=1
fi

tools/ensure-deps.sh pandoc pdf || exit 1

step "golden tests of the include filter"
docs/tests/run-golden.sh || status=1

step "every lesson's handouts, both editions, HTML and PDF (warnings fail), no solution in the student edition"
make -s --no-print-directory -j2 handouts BUILD="$build" || status=1

step "the site: every lesson page links to its edition's index and its neighbours, which exist"
lessons=($(cd docs/lessons && ls [0-9][0-9]-*.md | sed 's/\.md$//'))
for edition in student instructor; do
    folder=$build/handouts/$edition
    [ -f "$folder/index.html" ] || { echo "no $folder/index.html"; status=1; }
    for k in "${!lessons[@]}"; do
        page=$folder/${lessons[$k]}.html
        [ -f "$page" ] || continue
        wanted=(index.html)
        [ "$k" -gt 0 ] && wanted+=("${lessons[$((k - 1))]}.html")
        [ -n "${lessons[$((k + 1))]:-}" ] && wanted+=("${lessons[$((k + 1))]}.html")
        for target in "${wanted[@]}"; do
            grep -q "href=\"$target\"" "$page" || { echo "$page does not link to $target"; status=1; }
            [ -f "$folder/$target" ] || { echo "$page links to $target, which was not built"; status=1; }
        done
        grep -q "href=\"${lessons[$k]}.html#" "$folder/index.html" ||
            { echo "$folder/index.html does not list the sections of ${lessons[$k]}"; status=1; }
    done
done

step "every HTML handout works offline"
html=$(ls "$build"/handouts/index.html "$build"/handouts/*/*.html 2>/dev/null)
if [ -z "$html" ]; then
    echo "no HTML handouts in $build/handouts"
    status=1
else
    docs/check-offline.sh $html && echo "offline: $(echo "$html" | wc -l) HTML files load nothing from the network" ||
        status=1
fi
exit $status
