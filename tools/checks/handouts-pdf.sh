#!/usr/bin/env bash
# the PDF handouts: both editions of every lesson typeset with pdflatex, and no solution in the student PDFs
set -u
cd "$(dirname "$0")/../.."
tools/ensure-deps.sh pandoc pdf || exit 1
make -s --no-print-directory handouts BUILD="${HANDOUTS_BUILD:-build/check/pdf}"
