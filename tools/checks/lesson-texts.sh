#!/usr/bin/env bash
# the lessons students open are current: each README is its text rendered now, shows its code and figures on a Git host, cites existing sections, fits the length; each figure is what its experiment draws now
#
# check-inputs: all
# check-tools: docs
# (The result cache, tools/check.sh, keys this check on these files and tools.
# Texts, READMEs, code and figures: every file.)
#
# For every lesson text docs/lessons/NN-name.md:
#   - rendering it now (docs/render-lesson.sh) gives lessons/NN-name/README.md
#     byte for byte (else: run `make readmes`);
#   - the README, read by a GitHub-flavoured Markdown reader (pandoc -f gfm),
#     has no empty code block, no image whose file is missing, no fenced-div
#     marker (:::) and no instructor note;
#   - no line of the solutions' student regions is in a README;
#   - every section a test or a skeleton tells students to reread (AT(...,
#     "Section") in tests/NN-name/, not_implemented(..., "Section") in
#     lessons/NN-name/) is a heading of the README;
#   - no line of program output or shell in a text is over 86 characters
#     (the handouts would wrap it mid-row; tables are Markdown tables);
#   - the main path is at most MAX_WORDS words (tools/lesson-words.sh);
# and for every lesson with an experiment, run with the solutions at full size:
#   - every SVG it draws is committed in lessons/NN-name/figures/ with the same
#     bytes (else: run `make figures`), and every committed SVG is one it draws,
#   - except the figures of a reference run (lessons/NN-name/figures/
#     reference-run.txt, lines "figure: NAME"): each is committed, the list
#     names the machine and the date, and its caption in the text says
#     "reference run".
# Uses make check's build (build/check/gcc); LESSON_TEXTS_BUILD overrides.
set -u
cd "$(dirname "$0")/../.."

build=${LESSON_TEXTS_BUILD:-build/check/gcc}
MAX_WORDS=${MAX_WORDS:-3200}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

tools/ensure-deps.sh pandoc || exit 1

echo "== every lesson README is its text rendered now"
for text in docs/lessons/[0-9][0-9]-*.md; do
    lesson=$(basename "$text" .md)
    readme=lessons/$lesson/README.md
    if [ ! -f "$readme" ]; then fail "$readme is missing: run make readmes"; continue; fi
    if ! docs/render-lesson.sh "$text" "$work/$lesson.md" "lessons/$lesson" > /dev/null 2> "$work/$lesson.err"; then
        fail "$text does not render:"; cat "$work/$lesson.err"; continue
    fi
    cmp -s "$work/$lesson.md" "$readme" ||
        fail "$readme is stale: it is not $text rendered now (run make readmes and commit)"
done
for readme in lessons/[0-9][0-9]-*/README.md; do
    lesson=$(basename "$(dirname "$readme")")
    [ -f "docs/lessons/$lesson.md" ] || fail "$readme has no text docs/lessons/$lesson.md"
done

echo "== what a Git host shows"
for readme in lessons/[0-9][0-9]-*/README.md; do
    folder=$(dirname "$readme")
    pandoc -f gfm -t html "$readme" -o "$work/page.html" || { fail "$readme: pandoc -f gfm failed"; continue; }
    grep -q '<pre[^>]*><code[^>]*></code></pre>' "$work/page.html" && fail "$readme: an empty code block"
    grep -o '<img src="[^"]*"' "$work/page.html" | sed 's/<img src="//; s/"$//' | while read -r src; do
        [ -f "$folder/$src" ] || echo "FAIL: $readme: image $src does not exist"
    done | tee -a "$work/images"
    grep -n '^:::' "$readme" && fail "$readme: a fenced-div marker (:::) shows as text"
    grep -qi 'instructor' "$readme" && grep -ni 'instructor' "$readme" | head -3 &&
        fail "$readme: mentions instructor notes (they belong in the instructor edition only)"
done
[ -s "$work/images" ] && status=1

echo "== no solution code in a README"
mkdir -p "$work/readmes/student"
for readme in lessons/[0-9][0-9]-*/README.md; do
    cp "$readme" "$work/readmes/student/$(basename "$(dirname "$readme")").html"
done
docs/check-student-edition.sh "$work/readmes" || status=1

echo "== every section the tests and skeletons cite is a heading"
for folder in lessons/[0-9][0-9]-*/; do
    lesson=$(basename "$folder")
    readme=$folder/README.md
    [ -f "$readme" ] || continue
    {
        cat tests/"$lesson"/*.c 2> /dev/null | tr '\n' ' ' |
            grep -oE 'AT\("[^"]*",[[:space:]]*"[^"]*"' | sed -E 's/.*,[[:space:]]*"([^"]*)"$/\1/'
        cat "$folder"*.c 2> /dev/null | tr '\n' ' ' |
            grep -oE 'not_implemented\("[^"]*",[[:space:]]*"[^"]*",[[:space:]]*"[^"]*"' |
            sed -E 's/.*,[[:space:]]*"([^"]*)"$/\1/'
    } | sort -u | while IFS= read -r section; do
        grep -qxF "## $section" "$readme" || grep -qxF "### $section" "$readme" ||
            echo "FAIL: $lesson: tests or skeleton cite section \"$section\", which $readme does not have"
    done | tee -a "$work/sections"
done
[ -s "$work/sections" ] && status=1

echo "== no program output or command line over 86 characters (it would wrap in a handout)"
for text in docs/lessons/[0-9][0-9]-*.md; do
    awk -v file="$text" '
        /^[ \t]*(```|~~~)/ { if (!fence) { fence = 1; listing = ($0 ~ /include=/) } else fence = 0; next }
        fence && !listing && length($0) > 86 {
            printf "FAIL: %s:%d: a line of %d characters in a code block (at most 86)\n", file, FNR, length($0) }
    ' "$text"
done | tee "$work/wide"
[ -s "$work/wide" ] && status=1

echo "== main paths at most $MAX_WORDS words (words, main path / whole text)"
tools/lesson-words.sh | while read -r main total name; do
    printf '  %-22s %5d / %5d\n' "$name" "$main" "$total"
    [ "$main" -le "$MAX_WORDS" ] || echo "FAIL: $name: main path of $main words (at most $MAX_WORDS)" >> "$work/words"
done
[ -s "$work/words" ] && { cat "$work/words"; status=1; }

echo "== every committed figure is what its experiment draws now"
# What an experiment draws is a function of its program, the libraries it
# loads, the data, tools/mpirun.sh and mpirun (lesson 18 starts its ranks
# through them): the course's runs are deterministic (one seeded generator; the
# figures of timed or racing runs are reference-run figures, not compared
# here). So each experiment's drawings are kept in $drawings/NN-name/ with
# the hash of all of those, and it runs again only when that hash changes
# (`make figures` is incremental in the same way); a docs-only change does
# not run the experiments again, and a change to one lesson's solution
# runs only the experiments linked with it. Drawings whose run failed are
# never kept.
drawings=build/check/lesson-texts-drawings
mkdir -p "$drawings"
program_hash() {   # EXPERIMENT: the hash of what its drawings depend on
    { ldd "$1" 2> /dev/null | grep -oE '/[^ ]+' | sort -u; echo "$1"; find data -type f | sort
      echo tools/mpirun.sh; command -v mpirun; } |
        xargs sha256sum 2> /dev/null | sha256sum | cut -c1-64
}
for experiment in "$build"/impl/solutions/experiments/[0-9][0-9]-*; do
    lesson=$(basename "$experiment")
    [ -f "docs/lessons/$lesson.md" ] || continue
    drawn=$drawings/$lesson
    hash=$(program_hash "$experiment")
    if [ "$(cat "$drawn.hash" 2> /dev/null)" = "$hash" ]; then
        echo "  $lesson: drawn before by the same program on the same data ($(date -r "$drawn.hash" '+%Y-%m-%d %H:%M:%S'))"
    else
        rm -rf "$drawn" "$drawn.hash"
        mkdir -p "$drawn"
        if ! env -u DESCENT_QUICK "$experiment" "$drawn" > "$drawn.log" 2>&1; then
            fail "the experiment of $lesson failed:"; tail -n 20 "$drawn.log"; continue
        fi
        echo "$hash" > "$drawn.hash"
    fi
    committed=lessons/$lesson/figures
    list=$committed/reference-run.txt
    reference=$( [ -f "$list" ] && sed -n 's/^figure: *//p' "$list" || true)
    for figure in "$drawn"/*.svg; do
        [ -e "$figure" ] || continue
        name=$(basename "$figure")
        grep -qxF "$name" <<< "$reference" && continue
        if [ ! -f "$committed/$name" ]; then
            fail "$lesson draws $name, which is not committed in $committed (run make figures)"
        elif ! cmp -s "$figure" "$committed/$name"; then
            fail "$committed/$name is stale: the experiment draws it differently now (run make figures)"
        fi
    done
    for figure in "$committed"/*.svg; do
        [ -e "$figure" ] || continue
        name=$(basename "$figure")
        [ -f "$drawn/$name" ] || grep -qxF "$name" <<< "$reference" ||
            fail "$figure: the experiment no longer draws it (remove it)"
    done
    for name in $reference; do
        [ -f "$committed/$name" ] || fail "$list names $name, which is not committed"
        grep -q '^machine: ' "$list" && grep -q '^date: ' "$list" ||
            fail "$list does not say which machine ran the reference run, and when"
        caption=$(awk -v RS= -v ref="](figures/$name)" 'index($0, ref)' "docs/lessons/$lesson.md")
        if [ -n "$caption" ] && ! grep -qi 'reference run' <<< "$caption"; then
            fail "docs/lessons/$lesson.md: the caption of $name does not say it shows a reference run"
        fi
    done
done
[ $status = 0 ] && echo "lesson texts: current"
exit $status
