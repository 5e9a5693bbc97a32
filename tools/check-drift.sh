#!/usr/bin/env bash
# check-drift.sh -- a skeleton and its solution may differ only inside the
# student's regions, between the lines
#     /* STUDENT CODE BEGIN */   and   /* STUDENT CODE END */
# Everything else (comments, signatures, includes, helpers) is shared text,
# so a fix to one that is not made to the other fails this check.
set -u
cd "$(dirname "$0")/.."

# Prints a file with the inside of every student region removed.
outside_regions() {
    awk '/STUDENT CODE END/ { inside = 0 }
         !inside { print }
         /STUDENT CODE BEGIN/ { inside = 1 }' "$1"
}

# Counts BEGIN and END markers: they must pair up.
markers_balanced() {
    awk '/STUDENT CODE BEGIN/ { if (open) bad = 1; open = 1; n++ }
         /STUDENT CODE END/   { if (!open) bad = 1; open = 0 }
         END { exit (bad || open || n == 0) }' "$1"
}

status=0
for solution in solutions/*/*.c; do
    skeleton="lessons/${solution#solutions/}"
    if [ ! -f "$skeleton" ]; then
        echo "$solution has no skeleton at $skeleton"
        status=1
        continue
    fi
    for file in "$solution" "$skeleton"; do
        if ! markers_balanced "$file"; then
            echo "$file: STUDENT CODE BEGIN/END markers are missing or do not pair up"
            status=1
        fi
    done
    if ! diff -u --label "$skeleton" --label "$solution" \
            <(outside_regions "$skeleton") <(outside_regions "$solution"); then
        echo "$skeleton and $solution differ outside the student regions (diff above)"
        status=1
    fi
done
for skeleton in lessons/[0-9][0-9]-*/*.c; do
    case "$skeleton" in lessons/00-trainer/*|*/experiment.c) continue ;; esac
    [ -f "solutions/${skeleton#lessons/}" ] || { echo "$skeleton has no solution"; status=1; }
done
exit $status
