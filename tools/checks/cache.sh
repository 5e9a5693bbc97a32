#!/usr/bin/env bash
# make check's result cache: a pass is reused only for the same inputs; an edit in a check's input set re-runs it, one outside does not; a failure is never reused
#
# check-inputs: path:^tools/(check\.sh|checks/cache\.sh|ensure-deps\.sh)$
# (The result cache, tools/check.sh, keys this check on these files and tools.
# It runs tools/check.sh, with tools/ensure-deps.sh, in a toy repository
# it writes itself in a temporary folder; nothing else of this one is read.)
#
# The toy repository has the real tools/check.sh and ensure-deps.sh, a
# Makefile whose build and test targets do nothing and which has no lessons,
# and three checks of its own: tools/checks/narrow.sh, whose input set is
# src/ (and which fails when src/verdict says "fail"), tools/checks/code.sh,
# whose set is code (every file but docs/ and the READMEs), and
# tools/checks/wide.sh, which declares nothing (every file). Each check
# appends its name to build/runs when it runs. Then, one make check after
# another:
#   1. first run: both run and pass;
#   2. nothing changed: neither runs, both are reported cached, and the
#      summary counts them;
#   3. files outside narrow's and code's sets edited (docs/note.md,
#      README.md): wide runs, narrow and code do not;
#   4. a file inside them edited (src/main.c): all three run;
#   5. src/verdict says fail: narrow fails, make check exits non-zero;
#   6. the same again: narrow runs again (the failure was not recorded);
#   7. src/verdict back as in 4, whose pass was recorded: narrow is cached;
#   8. CHECK_CACHE=no: both run.
set -u
cd "$(dirname "$0")/../.."
unset MAKEFLAGS MFLAGS MAKELEVEL
toy=$(mktemp -d)
trap 'rm -rf "$toy"' EXIT
status=0
fail() { echo "FAIL: $*"; status=1; }

mkdir -p "$toy/tools/checks" "$toy/src" "$toy/docs"
cp tools/check.sh tools/ensure-deps.sh "$toy/tools/"
printf '/build/\n' > "$toy/.gitignore"
printf 'lessons build test:\n\t@true\n' > "$toy/Makefile"
printf '#!/bin/sh\ntrue\n' > "$toy/tools/check-drift.sh"
cp "$toy/tools/check-drift.sh" "$toy/tools/check-harness.sh"
cat > "$toy/tools/checks/narrow.sh" <<'EOF'
#!/bin/sh
# the toy's narrow check reads src/ only
# check-inputs: path:^src/
cd "$(dirname "$0")/../.." && mkdir -p build && echo narrow >> build/runs
! grep -q fail src/verdict
EOF
cat > "$toy/tools/checks/code.sh" <<'EOF'
#!/bin/sh
# the toy's code check reads no text
# check-inputs: code
cd "$(dirname "$0")/../.." && mkdir -p build && echo code >> build/runs
EOF
cat > "$toy/tools/checks/wide.sh" <<'EOF'
#!/bin/sh
# the toy's wide check reads every file
cd "$(dirname "$0")/../.." && mkdir -p build && echo wide >> build/runs
EOF
chmod +x "$toy"/tools/*.sh "$toy"/tools/checks/*.sh
echo 'int main(void) { return 0; }' > "$toy/src/main.c"
echo pass > "$toy/src/verdict"
echo 'A note.' > "$toy/docs/note.md"
echo '# The toy' > "$toy/README.md"
git -C "$toy" init -q || { echo "git init failed"; exit 1; }

# run N [VAR=VALUE...]: make check in the toy; its output in $toy.N.log, its
# exit status in $toy.N.status, and the checks that ran in $toy.N.runs.
run() {
    local n=$1
    shift
    rm -f "$toy/build/runs"
    (cd "$toy" && env CHECK_CACHE=yes CHECK_JOBS=1 "$@" tools/check.sh) > "$toy.$n.log" 2>&1
    echo $? > "$toy.$n.status"
    sort "$toy/build/runs" 2> /dev/null | tr '\n' ' ' | sed 's/ $//' > "$toy.$n.runs"
}
# expect N RAN EXIT: the checks that ran in run N (names in order) and its exit status.
expect() {
    local n=$1 ran=$2 exit=$3
    [ "$(cat "$toy.$n.runs")" = "$ran" ] ||
        fail "run $n: expected ${ran:-no} toy check to run, got: $(cat "$toy.$n.runs")"
    [ "$(cat "$toy.$n.status")" = "$exit" ] ||
        fail "run $n: make check exited $(cat "$toy.$n.status"), expected $exit"
}
cached_line() { grep -qE "^  ok    the toy's $2 check.*\(cached: same inputs passed at [0-9-]+ [0-9:]+\)$" "$toy.$1.log"; }

run 1;                                expect 1 "code narrow wide" 0
run 2;                                expect 2 "" 0
cached_line 2 narrow && cached_line 2 wide || fail "run 2: the toy checks are not reported as cached"
grep -qE '^check: [0-9]+ passed, 0 failed \([0-9]+ cached\)$' "$toy.2.log" &&
    [ "$(sed -n 's/^check: \([0-9]*\) passed, 0 failed (\([0-9]*\) cached)$/\1 \2/p' "$toy.2.log" |
         awk '{ print ($1 == $2) }')" = 1 ] ||
    fail "run 2: the summary does not count every check as cached: $(grep '^check:' "$toy.2.log")"
echo 'A note, edited.' > "$toy/docs/note.md"
echo '# The toy, edited' > "$toy/README.md"
run 3;                                expect 3 "wide" 0
cached_line 3 narrow && cached_line 3 code || fail "run 3: narrow or code is not reported as cached"
echo '/* edited */' >> "$toy/src/main.c"
run 4;                                expect 4 "code narrow wide" 0
echo fail > "$toy/src/verdict"
run 5;                                expect 5 "code narrow wide" 1
grep -q "^  FAIL  the toy's narrow check" "$toy.5.log" || fail "run 5: the narrow check's failure is not reported"
run 6;                                expect 6 "narrow" 1
echo pass > "$toy/src/verdict"
run 7;                                expect 7 "" 0
run 8 CHECK_CACHE=no;                 expect 8 "code narrow wide" 0
grep -q 'cached: ' "$toy.8.log" && fail "run 8: CHECK_CACHE=no still reports cached checks"

for n in 1 2 3 4 5 6 7 8; do
    printf '  run %s: exit %s, ran: %s\n' "$n" "$(cat "$toy.$n.status")" "$(cat "$toy.$n.runs")"
done
if [ $status != 0 ]; then
    for n in 1 2 3 4 5 6 7 8; do echo "---- run $n"; cat "$toy.$n.log"; done
fi
rm -f "$toy".[0-9]*
exit $status
