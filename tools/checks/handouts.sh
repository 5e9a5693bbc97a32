#!/usr/bin/env bash
# the handouts: filter golden tests pass, every lesson's HTML builds in both editions without a warning, works offline and hides the solutions; every C source is ASCII
#
# The HTML half of the handout checks (handouts-pdf.sh typesets the PDFs).
# It builds in its own folder (build/check/html), since make check runs
# checks side by side; HANDOUTS_BUILD overrides.
set -u
cd "$(dirname "$0")/../.."

build=${HANDOUTS_BUILD:-build/check/html}
status=0
step() { echo "== $*"; }

step "every C source is ASCII"
if LC_ALL=C grep -rnP '[^\x00-\x7F]' --include='*.c' --include='*.h' lessons solutions tests; then
    echo "non-ASCII characters in the C sources above"
    status=1
fi

tools/ensure-deps.sh pandoc || exit 1

step "golden tests of the include filter"
docs/tests/run-golden.sh || status=1

step "every lesson's HTML handouts, both editions (warnings fail), no solution in the student edition"
make -s --no-print-directory handouts-html BUILD="$build" || status=1

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
