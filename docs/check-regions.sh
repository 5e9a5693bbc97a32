#!/usr/bin/env bash
# check-regions.sh LESSON... -- every /* region NAME */ marker in the sources
# is used by some lesson: a region no lesson includes is a listing that rots.
# Sources of lesson folders without a text (docs/lessons/NN-name.md) yet are skipped.
set -euo pipefail
cd "$(dirname "$0")/.."

readmes=()
for name in "$@"; do readmes+=("docs/lessons/$name.md"); done
status=0
for source in $(grep -rlE '/\*[[:space:]]*region[[:space:]]' lessons solutions --include='*.[ch]' 2>/dev/null || true); do
    path=lessons/${source#*/}           # solutions/NN/f.c is shown as lessons/NN/f.c
    folder=$(echo "$path" | cut -d/ -f2)
    if [ "$folder" != 00-trainer ] && [ ! -f "docs/lessons/$folder.md" ]; then
        continue
    fi
    for region in $(sed -nE 's|^[[:space:]]*/\*[[:space:]]*region[[:space:]]+([A-Za-z0-9_.-]+)[[:space:]]*\*/[[:space:]]*$|\1|p' "$source"); do
        if ! grep -hF "include=\"$path\"" "${readmes[@]}" 2>/dev/null | grep -qF "region=\"$region\""; then
            line=$(grep -nE "/\\*[[:space:]]*region[[:space:]]+$region[[:space:]]*\\*/" "$source" | head -n 1 | cut -d: -f1)
            echo "$source:$line: region $region is used by no lesson (include it with region=\"$region\", or remove the markers)"
            status=1
        fi
    done
done
exit $status
