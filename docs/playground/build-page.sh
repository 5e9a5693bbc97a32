#!/bin/sh
# build-page.sh MODULE.wasm EDITION OUT.html -- the playground's one page:
# page.html with the script page.js and the module (base64) written into it,
# and EDITION (which code it runs, e.g. "your code (lessons/)") in its
# heading. The result needs nothing else: it works offline, from file://.
# OUT appears only when complete.
set -eu
here=$(dirname "$0")
module=$1 edition=$2 out=$3
case "$edition" in
*[\&\\]*) echo "build-page.sh: EDITION may not hold & or \\: $edition" >&2; exit 2 ;;
esac
encoded=$(base64 < "$module" | tr -d '\n')
mkdir -p "$(dirname "$out")"
awk -v module="$encoded" -v edition="$edition" -v script="$here/page.js" '
    /^@SCRIPT@$/ { while ((getline line < script) > 0) print line; next }
    { gsub(/@MODULE@/, module); gsub(/@EDITION@/, edition); print }
' "$here/page.html" > "$out.tmp"
mv "$out.tmp" "$out"
