#!/usr/bin/env bash
# commit-figures.sh LESSON DRAWN REFERENCE_RUN [LOG] -- copy the SVGs an experiment
# drew (in DRAWN) into lessons/LESSON/figures/, each only when its bytes
# changed, so that an unchanged figure keeps its file (and git sees nothing).
#
# Figures named in lessons/LESSON/figures/reference-run.txt are drawn from a
# reference run (measured times, racing threads): they are copied only when
# REFERENCE_RUN is 1, and the file then records this machine, its load and
# the date, and the run's output (LOG) is kept beside it as
# reference-run-output.txt: the numbers the lesson text quotes.
set -euo pipefail
cd "$(dirname "$0")/.."

lesson=$1 drawn=$2 reference=${3:-0} log=${4:-}
folder=lessons/$lesson/figures
list=$folder/reference-run.txt
mkdir -p "$folder"
reference_figures=$( [ -f "$list" ] && sed -n 's/^figure: *//p' "$list" || true)
for figure in "$drawn"/*.svg; do
    [ -e "$figure" ] || continue
    name=$(basename "$figure")
    if grep -qxF "$name" <<< "$reference_figures" && [ "$reference" != 1 ]; then
        continue
    fi
    if ! cmp -s "$figure" "$folder/$name"; then
        cp "$figure" "$folder/$name.tmp" && mv "$folder/$name.tmp" "$folder/$name"
        echo "  figure $folder/$name"
    fi
done
if [ "$reference" = 1 ] && [ -n "$reference_figures" ]; then
    cpu=$(sed -n 's/^model name[[:space:]]*: *//p' /proc/cpuinfo 2> /dev/null | head -n 1)
    {
        sed -n '/^#/p; /^figure:/p' "$list"
        echo "machine: ${cpu:-unknown CPU}, $(getconf _NPROCESSORS_ONLN) cores, $(uname -m)"
        echo "load: $(cut -d' ' -f1-3 /proc/loadavg 2> /dev/null) (1, 5 and 15 minute averages as the run ended)"
        echo "date: $(date -u +%Y-%m-%d)"
        [ -n "$log" ] && echo "output: reference-run-output.txt"
    } > "$list.tmp" && mv "$list.tmp" "$list"
    [ -n "$log" ] && cp "$log" "$folder/reference-run-output.txt"
fi
