#!/usr/bin/env bash
# the handouts: filter golden tests pass, every lesson builds in both editions, HTML and PDF, without a warning, the HTML works offline, no solution reaches the student edition; every C source is ASCII
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
