#!/usr/bin/env bash
# dist.sh OUT -- `make dist`: the student release, OUT/descent/ and OUT/descent.tar.gz.
#
# In: the build (Makefile, mk/workflow.mk, mk/distributed.mk), the trainer, the lessons'
# skeletons and texts, the public tests with their reference values, the
# harness, the data, the student's tools (status, watch), a student README,
# and the handouts if `make handouts` has built them ($BUILD/handouts/student/).
# Out: solutions/, every tests/NN-name/hidden.c, the harness's self-test (its
# faulty code), the instructor's tools and docs, and the `::: instructor`
# notes of every Markdown file. tools/checks/release.sh proves all of it.
#
# lessons/ comes from what git has committed (DIST_COMMIT, default HEAD),
# never from the working tree: an edited lesson file (with working code), a
# stray copy (gd.c.orig), an editor's swap file or an uncommitted note
# cannot ship. Modified or untracked files in lessons/ are listed in a loud
# warning (they are left out). Of what is committed, only the kinds of
# files a lesson has (.c, .h, .md, .txt, .svg, .png) ship.
set -u
cd "$(dirname "$0")/.."
out=${1:-${BUILD:-build}/dist}
release=$out/descent
rm -rf "$release" "$out/descent.tar.gz"
mkdir -p "$release/tools" "$release/mk" "$release/tests/harness" "$release/handouts"

# Markdown without instructor notes: fenced divs opened by `::: instructor`
# or with the class .instructor among others (`::: {.instructor}`,
# `::: {.note .instructor}`) are dropped with everything inside, nested too.
strip_instructor_notes() {
    awk '
        skip && /^:::+[ \t]*$/       { if (--depth == 0) skip = 0; next }
        skip && /^:::+[ \t]*[^ \t:]/ { depth++; next }
        skip                         { next }
        /^:::+[ \t]*(instructor|\{[^}]*\.instructor([ \t][^}]*)?\})[ \t]*$/ { skip = 1; depth = 1; next }
        { print }' "$1"
}

cp Makefile .gitignore "$release/"
# The playground (make playground): its build and page, no lesson code; the
# page a student builds holds their own kernels only.
cp mk/playground.mk "$release/mk/"
mkdir -p "$release/docs/playground/include"
cp docs/playground/README.md docs/playground/page.html docs/playground/page.js \
   docs/playground/build-page.sh docs/playground/libc.c docs/playground/playground.c \
   "$release/docs/playground/"
cp docs/playground/include/*.h "$release/docs/playground/include/"
# The instructor's targets stay (they explain themselves) but leave `make help`.
sed -E 's/^(dist|grade|gradescope): ## .*/\1:/' mk/workflow.mk > "$release/mk/workflow.mk"
# Lesson 18's MPI rules (without Open MPI they skip its MPI programs).
cp mk/distributed.mk "$release/mk/"
# Not make bench (mk/bench.mk, tools/bench/): its training loop writes out
# an optimizer update, lesson 04's answer.
cp -R data "$release/"

# lessons/ as committed. Whatever git does not have at DIST_COMMIT is left
# out, and said so loudly.
commit=${DIST_COMMIT:-HEAD}
if git rev-parse --verify -q "$commit^{commit}" > /dev/null 2>&1 &&
   [ -n "$(git ls-tree "$commit" lessons)" ]; then
    changed=$(git status --porcelain --untracked-files=all -- lessons)
    if [ -n "$changed" ]; then
        {
            echo "WARNING: make dist ships lessons/ as committed ($commit); these changes are NOT in the release:"
            printf '%s\n' "$changed" | sed 's/^/    /'
            echo "  Commit what students should have; delete stray copies and notes."
        } >&2
    fi
    git archive --format=tar "$commit" lessons | tar -xf - -C "$release"
else
    echo "WARNING: not a git checkout: lessons/ is copied from the working tree as it is" >&2
    cp -R lessons "$release/"
fi
# Only the kinds of files a lesson has: no *.orig, *.rej, *~, swap files.
find "$release/lessons" -type f ! \( -name '*.c' -o -name '*.h' -o -name '*.md' -o -name '*.txt' \
    -o -name '*.svg' -o -name '*.png' \) -print | while IFS= read -r file; do
    echo "make dist: left out ${file#"$release"/} (not a lesson file)" >&2
    rm -f "$file"
done
find "$release/lessons" -name '*.md' | while IFS= read -r file; do
    strip_instructor_notes "$file" > "$file.tmp" && mv "$file.tmp" "$file"
done

# Tests: the harness (not its self-test), the trainer's tests, and per lesson
# everything but hidden tests.
cp tests/harness/*.c tests/harness/*.h "$release/tests/harness/"
[ -d tests/00-trainer ] && cp -R tests/00-trainer "$release/tests/"
# The training loop's test trains with the reference lessons, which a release
# lacks; so do the tests of the models with lesson 17's layers, and the
# trajectory loop's test links them (lesson 09's schedule, and the optimizer
# table names every kernel).
rm -f "$release/tests/00-trainer/train.c" "$release/tests/00-trainer/trajectory.c" \
      "$release/tests/00-trainer/lesson17_models.c"
for folder in tests/[0-9][0-9]-*/; do
    lesson=$(basename "$folder")
    [ "$lesson" = 00-trainer ] && continue
    mkdir -p "$release/tests/$lesson"
    (cd "$folder" && find . -type f ! -name 'hidden*' ! -name '*.o' ! -name '*.d') |
        while IFS= read -r file; do
            mkdir -p "$release/tests/$lesson/$(dirname "$file")"
            cp "$folder/$file" "$release/tests/$lesson/$file"
        done
done

# The student's tools; `make check` is the course repository's, not the release's.
cp tools/ensure-deps.sh tools/status.sh tools/watch.sh tools/hint.sh tools/check-student-file.sh \
   tools/results-stamp.sh tools/next-lesson.sh tools/mpirun.sh "$release/tools/"
cat > "$release/tools/check.sh" <<'EOF'
#!/bin/sh
# check.sh -- in the student release, `make check` only points the way: the
# repository's own checks need the reference solutions, which are not here.
echo "make check is the course repository's own test suite; it needs files a release"
echo "does not ship. Test your work with:"
echo "    make test LESSON=N     a lesson's tests        make status   your progress"
echo "    make watch LESSON=N    re-test on every save   make help     everything else"
exit 2
EOF
chmod +x "$release/tools/check.sh"
cp tools/dist/README.student.md "$release/README.md"

# Handouts, if they were built; never a reason for the release to fail.
if [ -d "${BUILD:-build}/handouts/student" ]; then
    cp -R "${BUILD:-build}/handouts/student/." "$release/handouts/"
else
    cat > "$release/handouts/README.md" <<'EOF'
# Handouts

The HTML and PDF handouts were not built for this release. Every lesson's text
is in `lessons/NN-name/README.md` (Markdown: any editor or Git host shows it),
with the figures that `make run LESSON=N` writes to `build/figures/NN-name/`.
EOF
fi

tar -czf "$out/descent.tar.gz" -C "$out" descent
echo "Student release: $release/ and $out/descent.tar.gz"
echo "  $(find "$release" -type f | wc -l | tr -d ' ') files; lessons:" \
     "$(cd "$release/lessons" && ls -d [0-9][0-9]-* | grep -v '^00-' | tr '\n' ' ')"
