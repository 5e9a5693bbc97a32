#!/usr/bin/env bash
# check.sh -- `make check`: the repository's own checks, what CI runs.
#
# Proves, on every run:
#   - the trainer, the solutions and the tests compile without a warning, with
#     gcc and with clang, and so do the untouched skeletons;
#   - every solution passes all its lesson's tests (public and hidden) with
#     full points, and every skeleton fails every test of its lesson;
#   - skeletons and solutions do not drift apart outside the student regions;
#   - the harness gives the right verdict to a wrong, crashing, aborting,
#     dividing-by-zero, looping and exiting implementation;
#   - the trainer's own tests pass, and every lesson's experiment runs (the
#     lesson-texts check runs each at full size and compares its figures
#     with the committed ones);
#   - and whatever each tools/checks/NAME.sh proves (its second line says).
# The builds come first; then the checks run CHECK_JOBS at a time (default:
# the number of cores), each logged in build/check/, reported in order with
# its time. Ends with the line "check: N passed, M failed (K cached)" and
# exits non-zero on any failure.
#
# The result cache (build/check/cache/). A check passes or fails on what it
# reads: its input files, the tools it runs and the machine. Each check gets
# a key, the sha256 of
#   - its name and its command;
#   - the path and contents of every file in its input set: by default every
#     file `git ls-files -co --exclude-standard` lists (tracked, and untracked
#     but not ignored); a narrower set where a check declares one (see
#     input_set below and the `# check-inputs:` line of tools/checks/*.sh,
#     each with its reason);
#   - the `--version` of the tools it runs and the Debian versions of the
#     libraries it links (tool_versions below), the kernel, the processor,
#     the user id (the sandbox works differently as root), and CC, CFLAGS.
# A check whose key has a recorded pass is reported as passed, "(cached:
# same inputs passed at DATE)", without running; so a second make check with
# nothing changed runs nothing, and a change to one lesson's text re-runs
# only what reads it. Failures are never recorded. CHECK_CACHE=no (make check
# CHECK_CACHE=no, or in the environment) runs every check; outside a git
# work tree there is no file list and the cache is off.
set -u
cd "$(dirname "$0")/.."

LOGS=build/check
CACHE=$LOGS/cache
JOBS=${CHECK_JOBS:-$(getconf _NPROCESSORS_ONLN 2> /dev/null || echo 2)}
mkdir -p "$LOGS" "$CACHE"
rm -f "$LOGS"/*.status
passed=0
failed=0
cached=0
started=$(date +%s)
names=()

log_of() { echo "$LOGS/$(echo "$1" | tr -c 'a-zA-Z0-9\n' '-' | cut -c1-60)-$(echo "$1" | cksum | cut -d' ' -f1).log"; }

# ---- Keys ----------------------------------------------------------------------------------
# The manifest: one line "PATH<tab>SHA256" per file of the work tree that git
# lists, made once before any check runs (release.sh plants files in
# lessons/ while it runs; they must not enter another check's key).
MANIFEST=$LOGS/manifest
use_cache=yes
if [ "${CHECK_CACHE:-yes}" = no ]; then
    use_cache=no
elif ! git rev-parse --is-inside-work-tree > /dev/null 2>&1; then
    use_cache=no
    echo "(the result cache is off: this is not a git work tree, so there is no list of input files)"
else
    # A tracked file deleted from the work tree is left out (sha256sum
    # cannot read it): its absence changes the key as its contents would.
    git ls-files -co --exclude-standard -z | sort -z | xargs -0 sha256sum 2> /dev/null |
        awk '{ print substr($0, 67) "\t" $1 }' > "$MANIFEST"
fi

# input_set WORD...: the manifest lines of a check's input set. Words:
#   all        every file (the default: a check that declares nothing);
#   code       every file but the lesson texts and what is rendered from
#              them: docs/, README.md, lessons/*/README.md, lessons/*/figures/.
#              For checks that build and run code only (make build, make
#              test, descent, make hint): the Makefile reads docs/ for file
#              names alone, in rules (handouts, slides, playground) these
#              checks never make; no program or script they run opens a
#              README or a figure (the harness prints a README's path, it
#              never reads it).
#   lesson:NN  what `make test LESSON=NN` reads: the build (Makefile, mk/,
#              and of tools/ this file and the scripts the Makefile's test
#              rules and the harness run), the data, the harness, the
#              trainer's code, and lesson NN's own folders in lessons/,
#              solutions/ and tests/ (README and figures out, as for code).
#              A lesson's judge and runner are compiled from exactly these
#              (the Makefile's LESSON_RULES: the lesson's files, its tests,
#              the harness and the trainer library); no lesson's test links
#              another lesson.
#   path:REGEX the files whose path matches the extended regex REGEX.
#   git-head   not files: the commit git has checked out (its tree's hash),
#              for checks that read lessons/ from git (make dist).
export RENDERED='^(docs/|README\.md$|lessons/[^/]+/(README\.md$|figures/))'
export SHARED_CODE='^(Makefile$|mk/|data/|tests/harness/|lessons/00-trainer/|tools/(check|ensure-deps|check-student-file|results-stamp|next-lesson|mpirun)\.sh$)'
# keep CONDITION: the manifest lines whose path ($1) meets the awk
# CONDITION (regexes come through the environment, which awk takes as
# they are; -v would read their backslashes as escapes).
keep() { awk -F'\t' "$1" "$MANIFEST"; }
input_set() {
    local word
    for word in "$@"; do
        # shellcheck disable=SC2016 # $1 is awk's
        case "$word" in
        all) cat "$MANIFEST" ;;
        code) keep '$1 !~ ENVIRON["RENDERED"]' ;;
        lesson:*)
            LESSON_FOLDERS="^(lessons|solutions|tests)/${word#lesson:}-" \
                keep '($1 ~ ENVIRON["SHARED_CODE"] || $1 ~ ENVIRON["LESSON_FOLDERS"]) && $1 !~ ENVIRON["RENDERED"]' ;;
        path:*) PATHS=${word#path:} keep '$1 ~ ENVIRON["PATHS"]' ;;
        git-head) echo "git HEAD tree $(git rev-parse 'HEAD^{tree}' 2> /dev/null)" ;;
        *) echo "check.sh: unknown input set word '$word'" >&2; return 1 ;;
        esac
    done | sort -u
}

# The tools every check runs (the build and the tests' libraries), and the
# machine; then what a check names beyond them (a script's "# check-tools:"
# line may say docs or mpi for the lists below). A word pkg:NAME is a Debian
# package's version (libraries and LaTeX have no --version of their own).
BASE_TOOLS="make cc gcc bash git python3 zip unzip xmllint pkg:libcmocka-dev"
DOC_TOOLS="pandoc pdflatex rsvg-convert pdftotext clang wasm-ld chromium pkg:texlive-latex-recommended
           pkg:texlive-fonts-recommended pkg:texlive-latex-extra pkg:lmodern"
MPI_TOOLS="mpicc mpirun pkg:libopenmpi-dev pkg:openmpi-bin"
# The versions are asked once per run, in this shell (key_of runs in a
# subshell, which could not remember them): remember_versions first.
declare -A version_seen
remember_versions() {
    local tool
    for tool in "$@"; do
        [ -z "${version_seen[$tool]+set}" ] || continue
        case "$tool" in
        pkg:*) version_seen[$tool]=$(dpkg-query -W -f '${Package} ${Version}\n' "${tool#pkg:}" 2> /dev/null ||
                                      echo "${tool#pkg:}: not installed") ;;
        *) if command -v "$tool" > /dev/null; then
               version_seen[$tool]="$(command -v "$tool"): $("$tool" --version 2>&1 < /dev/null | head -n 3)"
           else
               version_seen[$tool]="$tool: not installed"
           fi ;;
        esac
    done
}
MACHINE="$(uname -srm) uid=$(id -u) cpu=$(sed -n 's/^model name[[:space:]]*: //p' /proc/cpuinfo 2> /dev/null | head -n 1) CC=${CC-} CFLAGS=${CFLAGS-}"

# key_of NAME INPUTS TOOLS COMMAND...: the check's key (see the top), or
# "none" with the cache off.
key_of() {
    local name=$1 inputs=$2 tools=$3 tool
    shift 3
    [ "$use_cache" = yes ] || { echo none; return; }
    {
        printf 'check: %s\ncommand:' "$name"; printf ' %q' "$@"; echo
        echo "machine: $MACHINE"
        for tool in $BASE_TOOLS $tools; do printf '%s\n' "${version_seen[$tool]}"; done
        echo "inputs: $inputs"
        # A list of words, split but never globbed (a regex may hold * or ?).
        set -f
        # shellcheck disable=SC2086
        input_set $inputs
    } | sha256sum | cut -c1-64
}

# cached_pass KEY: the date of the recorded pass of KEY, if there is one.
cached_pass() { [ "$use_cache" = yes ] && [ -f "$CACHE/$1" ] && sed -n 's/^passed at //p' "$CACHE/$1"; }

# ---- Running and reporting --------------------------------------------------------------
# Runs COMMAND for the check NAME, recording its exit status and seconds;
# a pass is recorded under KEY, with its log.
run_check() {
    local name=$1 key=$2 log begin code
    shift 2
    log=$(log_of "$name")
    begin=$(date +%s)
    "$@" > "$log" 2>&1
    code=$?
    echo "$code $(($(date +%s) - begin))" > "$log.status"
    if [ "$code" = 0 ] && [ "$use_cache" = yes ]; then
        cp "$log" "$CACHE/$key.log"
        printf 'passed at %s\ncheck: %s\n' "$(date '+%Y-%m-%d %H:%M:%S')" "$name" > "$CACHE/$key"
    fi
}

# Records that NAME was not run: same inputs passed before, at DATE.
skip_check() {
    local name=$1 key=$2 date=$3 log
    log=$(log_of "$name")
    printf 'not run: the same inputs passed at %s (key %s; that run'"'"'s log: %s.log)\n' \
        "$date" "$key" "$CACHE/$key" > "$log"
    echo "cached $date" > "$log.status"
}

# Prints ok or FAIL for NAME (with its log's tail on failure) and counts it.
report() {
    local name=$1 log status seconds
    log=$(log_of "$name")
    read -r status seconds < "$log.status"
    if [ "$status" = cached ]; then
        printf '  ok    %-100s (cached: same inputs passed at %s)\n' "$name" "$seconds"
        passed=$((passed + 1))
        cached=$((cached + 1))
    elif [ "$status" = 0 ]; then
        printf '  ok    %-100s %4ss\n' "$name" "$seconds"
        passed=$((passed + 1))
    else
        printf '  FAIL  %s (%ss; log: %s)\n' "$name" "$seconds" "$log"
        tail -n 25 "$log" | sed 's/^/        /'
        failed=$((failed + 1))
    fi
}

# The queue is declared once (queue_checks below) and walked twice: first
# to learn which checks will run (PLANNING=yes), then to run them.
PLANNING=no
will_run=0

# The planning walk's keys, by check name, for the running walk to reuse.
declare -A key_memo

# later NAME INPUTS TOOLS COMMAND...: queued; runs JOBS at a time; reported
# at the end; not run when its key has a recorded pass.
later() {
    local name=$1 inputs=$2 tools=$3 key date
    key=${key_memo[$name]:-}
    if [ -z "$key" ]; then
        # shellcheck disable=SC2086 # lists of words
        remember_versions $BASE_TOOLS $tools
        key=$(key_of "$@")
        key_memo[$name]=$key
    fi
    date=$(cached_pass "$key")
    if [ "$PLANNING" = yes ]; then
        [ -n "$date" ] || will_run=$((will_run + 1))
        return
    fi
    names+=("$name")
    shift 3
    if [ -n "$date" ]; then
        skip_check "$name" "$key" "$date"
        return
    fi
    while [ "$(jobs -rp | wc -l)" -ge "$JOBS" ]; do wait -n; done
    run_check "$name" "$key" "$@" &
}

# now NAME INPUTS TOOLS COMMAND...: runs at once, unless its key has a
# recorded pass (reported by the caller).
now() {
    local name=$1 tools=$3 key date
    # shellcheck disable=SC2086 # a list of words
    remember_versions $BASE_TOOLS $tools
    key=$(key_of "$@")
    date=$(cached_pass "$key")
    shift 3
    if [ -n "$date" ]; then skip_check "$name" "$key" "$date"; else run_check "$name" "$key" "$@"; fi
}

# A build the checks share (NAME INPUTS TOOLS COMMAND...): every later
# check reads what the gcc builds leave in build/check/gcc, so these run
# whenever any later check runs (an up-to-date make is quick), even when
# their own inputs passed before; only when nothing else runs may they be
# cached passes.
shared_build() {
    local name=$1 tools=$3 key
    if [ "$will_run" = 0 ]; then
        now "$@"
    else
        # shellcheck disable=SC2086 # a list of words
        remember_versions $BASE_TOOLS $tools
        key=$(key_of "$@")
        shift 3
        run_check "$name" "$key" "$@"
    fi
}

# Every verdict in a results folder is PASS / none is.
all_tests_pass() { [ -s "$1" ] && ! awk -F'\t' '$2 != "PASS"' "$1" | grep -q .; }
no_test_passes() { [ -s "$1" ] && ! awk -F'\t' '$2 == "PASS"' "$1" | grep -q .; }

# make test for one lesson and implementation; then a verdict check.
solution_passes() {
    local lesson=$1 name=$2
    make -s --no-print-directory test LESSON="$lesson" IMPL=solutions BUILD=build/check/gcc &&
        all_tests_pass "build/check/gcc/results/$name/verdicts.tsv"
}
skeleton_fails() {
    local lesson=$1 name=$2
    # The skeleton's results go to their own folder so that they never mix
    # with the solution's, which runs at the same time.
    if make -s --no-print-directory test LESSON="$lesson" IMPL=lessons BUILD=build/check/gcc \
            RESULTS=build/check/gcc/results-skeleton; then
        echo "make test exited 0 on the untouched skeleton"
        return 1
    fi
    no_test_passes "build/check/gcc/results-skeleton/$name/verdicts.tsv" ||
        { echo "some tests pass on the untouched skeleton"; return 1; }
}
tools/ensure-deps.sh cmocka clang mpi || exit 1
# Experiments that train networks (the capstone) take minutes at full size;
# here they run on a few hundred digits: the same code, in seconds.
export DESCENT_QUICK=1
echo "make check: the repository's own checks ($JOBS at a time)"

build() { make -s --no-print-directory -j"$JOBS" build "$@"; }
have_clang=$(command -v clang > /dev/null && echo yes)

# The queue. The extra checks go first: they are the longest (the handouts
# typeset every lesson twice), and the short lesson checks then fill the
# other core.
queue_checks() {
    local script name number tools word
    if [ "$have_clang" = yes ]; then
        later "builds with clang, no warnings (trainer, solutions, tests)" code "clang $MPI_TOOLS" \
            build IMPL=solutions CC=clang BUILD=build/check/clang
    fi
    for script in tools/checks/*.sh; do
        [ -x "$script" ] || continue
        # A script names its input set and tools on lines "# check-inputs: ..."
        # and "# check-tools: ..." (with its reasons beside them); none: all files.
        tools=""
        for word in $(sed -n 's/^# check-tools: *//p' "$script" | head -n 1); do
            case "$word" in docs) tools="$tools $DOC_TOOLS" ;; mpi) tools="$tools $MPI_TOOLS" ;;
                            *) tools="$tools $word" ;; esac
        done
        # (The script itself is always an input.)
        later "$(sed -n '2s/^# *//p' "$script")" \
            "$(sed -n 's/^# check-inputs: *//p' "$script" | head -n 1 | grep . || echo all) path:^$script\$" \
            "$tools" "$script"
    done
    for name in $lessons; do
        number=${name%%-*}
        # Lesson 18's tests start MPI programs.
        tools=$([ "$name" = 18-distributed-sgd ] && echo "$MPI_TOOLS")
        later "lesson $number: the solution passes every test with full points" "lesson:$number" \
            "$tools" solution_passes "$number" "$name"
        later "lesson $number: the untouched skeleton fails every test" "lesson:$number" \
            "$tools" skeleton_fails "$number" "$name"
    done
    # The drift check reads the lessons' and solutions' C files; the
    # harness's self-test builds lesson 01 with tests/harness/selftest/; the
    # trainer's tests link every solution (the Makefile's SOLUTIONS_LIB).
    later "skeletons and solutions agree outside the student regions" code "" tools/check-drift.sh
    later "the harness judges faulty code right (wrong, crash, abort, SIGFPE, loop, exit)" \
        "lesson:01 path:^tools/check-harness\.sh$" "" tools/check-harness.sh
    later "the trainer's own tests pass" code "" \
        make -s --no-print-directory test LESSON=0 BUILD=build/check/gcc
}
lessons=$(make -s --no-print-directory lessons | tr -d ' ')
PLANNING=yes
queue_checks
PLANNING=no
[ "$use_cache" = yes ] && [ "$will_run" = 0 ] && echo "(every check's inputs passed before: nothing to run)"

# The builds the checks share (their input set: code, as they compile and
# link everything make build makes, and no text).
shared_build "builds with gcc, no warnings (trainer, solutions, tests)" code "$MPI_TOOLS" \
    build IMPL=solutions CC=gcc BUILD=build/check/gcc
report "builds with gcc, no warnings (trainer, solutions, tests)"
shared_build "skeletons compile with gcc, no warnings" code "$MPI_TOOLS" \
    build IMPL=lessons CC=gcc BUILD=build/check/gcc IMPL_CFLAGS=-Werror
report "skeletons compile with gcc, no warnings"
if [ "$have_clang" != yes ]; then
    echo "  FAIL  clang is not installed (apt-get install clang): the clang build was not checked"
    failed=$((failed + 1))
fi
queue_checks
wait

# The clang skeleton build shares clang's build folder, so it runs last.
if [ "$have_clang" = yes ]; then
    names+=("skeletons compile with clang, no warnings")
    now "skeletons compile with clang, no warnings" code "clang $MPI_TOOLS" \
        build IMPL=lessons CC=clang BUILD=build/check/clang IMPL_CFLAGS=-Werror
fi
for name in "${names[@]}"; do report "$name"; done

elapsed=$(($(date +%s) - started))
echo "make check took ${elapsed}s"
echo "check: $passed passed, $failed failed ($cached cached)"
[ "$failed" -eq 0 ]
