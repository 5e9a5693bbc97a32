#!/usr/bin/env bash
# grade.sh SUBMISSIONS [LESSON] -- `make grade`: grade every submission in a folder.
#
# SUBMISSIONS holds one folder per student: a copy of lessons/, or of the whole
# student release, or just the lesson's files. Each submission is graded in a
# build folder of its own with the instructor's tests (this repository's
# tests/, public and hidden, never the submission's copy), taking from the
# submission only the student files of the lesson (the .c files of
# lessons/NN-name/ other than experiment.c). A submission that does not
# compile gets zero for that lesson with the compiler's first errors as its
# feedback; one that edited the public tests or given code is graded with the
# originals and flagged. Submissions are graded in parallel (JOBS at a time).
#
# Environment: BUILD (default build), GRADES (where results go, default
# $BUILD/grades), GRADE_SHARED_BUILD (objects built beforehand that no
# submission changes: the trainer, the harness, the judges), SEED (the grading seed; drawn at random and printed if
# empty), JOBS (default: the number of cores), CC, GRADE_TIMEOUT (seconds for
# one lesson of one submission, build and tests, default 600), ROSTER (a CSV
# file: folder name, student id; a header line naming its columns is allowed).
#
# Writes GRADES/grades.csv, the grade book (one row per submission: its
# student id if ROSTER=FILE maps folder names to ids, one column of points
# per lesson graded, the total, the maximum, and notes), GRADES/grades-long.csv
# (one row per submission and lesson: points, max, status, flags) and, per
# submission, GRADES/NAME/results.json (Gradescope's format; all
# the lessons graded) with the per-lesson results.json, log and the staged
# files next to it, so any result can be replayed:
#     make test LESSON=N IMPL=GRADES/NAME/impl SEED=S
set -u
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
export LC_ALL=C

# ---- Helpers shared by the batch and by one submission's grading --------------------

# A file with the inside of every STUDENT CODE region removed (as check-drift.sh).
outside_regions() {
    awk '/STUDENT CODE END/ { inside = 0 }
         !inside { print }
         /STUDENT CODE BEGIN/ { inside = 1 }' "$1"
}

# The student files of a lesson: every .c in lessons/NAME/ but experiment.c.
student_files() {
    local file
    for file in lessons/"$1"/*.c; do
        [ -f "$file" ] || continue
        [ "$(basename "$file")" = experiment.c ] || basename "$file"
    done
}

# Is PATH a regular file (not a link, not a device or FIFO) whose real
# location is inside the submission? Links are never followed: a link to a
# solution must not be graded as the student's file.
inside_submission() {
    local path=$1 real
    [ -f "$path" ] && [ ! -L "$path" ] || return 1
    real=$(realpath "$path" 2> /dev/null) || return 1
    case "$real" in "$SUBMISSION_REAL"/*) return 0 ;; esac
    return 1
}

# Where a submission keeps lesson NAME's file FILE: lessons/NAME/FILE, NAME/FILE,
# FILE at its top, anywhere under a folder NAME, or a unique FILE anywhere.
find_student_file() {
    local submission=$1 lesson=$2 file=$3 candidate found
    for candidate in "$submission/lessons/$lesson/$file" "$submission/$lesson/$file" \
                     "$submission/$file"; do
        if [ -L "$candidate" ] || { [ -e "$candidate" ] && ! inside_submission "$candidate"; }; then
            echo "refused: ${candidate#"$submission"/} is a link or special file (never followed)"
            return 2
        fi
        inside_submission "$candidate" && { echo "$candidate"; return 0; }
    done
    found=$(find "$submission" -type f -path "*/$lesson/$file" 2>/dev/null | sort | head -n 1)
    [ -n "$found" ] && { echo "$found"; return 0; }
    found=$(find "$submission" -type f -name "$file" 2>/dev/null | sort)
    [ -n "$found" ] && [ "$(printf '%s\n' "$found" | wc -l)" -eq 1 ] && { echo "$found"; return 0; }
    return 1
}

# Does the submission hold anything of lesson NAME (for grading without LESSON=)?
has_lesson() {
    [ -d "$1/lessons/$2" ] || [ -d "$1/$2" ] ||
        [ -n "$(find "$1" -type d -name "$2" 2>/dev/null | head -n 1)" ]
}

# Appends to FLAGS every file of the submission under ITS_DIR that also exists
# under OUR_DIR and differs from it.
compare_tree() {
    local its_dir=$1 our_dir=$2 label=$3 ours theirs
    [ -d "$its_dir" ] || return 0
    while IFS= read -r ours; do
        theirs="$its_dir/${ours#"$our_dir"/}"
        if [ -f "$theirs" ] && ! cmp -s "$ours" "$theirs"; then
            flags="${flags:+$flags; }edited $label/${ours#"$our_dir"/} (graded with the original)"
        fi
    done < <(find "$our_dir" -type f \( -name '*.c' -o -name '*.h' \) | sort)
}

# Merges per-lesson results.json files (the shape results.c and
# zero-results.sh write: top-level fields on lines of their own, one test per
# line) into one results.json, adding NOTE to the output.
merge_results() {
    local note=$1
    shift
    awk -v note="$note" '
        /^  "score": /          { score += $2 + 0 }
        /^  "max_score": /      { max += $2 + 0 }
        /^  "execution_time": / { seconds += $2 + 0 }
        /^  "output": "/ {
            text = $0; sub(/^  "output": "/, "", text); sub(/",$/, "", text)
            output = output (output == "" ? "" : "\\n") text
        }
        /^    \{"number"/ { line = $0; sub(/,$/, "", line); tests[count++] = line }
        END {
            if (note != "") output = output (output == "" ? "" : "\\n") note
            printf "{\n  \"score\": %d,\n  \"max_score\": %d,\n", score, max
            printf "  \"execution_time\": %.3f,\n  \"output\": \"%s\",\n  \"tests\": [", seconds, output
            for (i = 0; i < count; i++) printf "%s\n%s", (i > 0 ? "," : ""), tests[i]
            printf "\n  ]\n}\n"
        }' FS=': ' "$@"
}

# One CSV field (RFC 4180): quoted when it holds a comma, a quote, a line
# break or space at either end; quotes inside are doubled.
csv_field() {
    case "$1" in
    *[,\"$'\n'$'\r']* | " "* | *" ") printf '"%s"' "${1//\"/\"\"}" ;;
    *) printf '%s' "$1" ;;
    esac
}

# Constructs that have no place in a lesson's code and that an instructor
# should look at: flagged in grades.csv and the log, never an automatic zero.
# The pattern is matched inside the STUDENT CODE regions only.
SUSPICIOUS='\b(asm|__asm__|syscall|fork|vfork|exec[lv]p?e?|system|popen|signal|sigaction|raise|kill|setjmp|longjmp|sigsetjmp|siglongjmp|_exit|_Exit|quick_exit|at_quick_exit|atexit|constructor|destructor|fopen|freopen|fdopen|open|openat|creat|remove|rename|unlink|mmap|mprotect|dlopen|dlsym|getenv|ptrace|socket|connect)\b'
suspicious_constructs() {
    awk '/STUDENT CODE END/ { inside = 0 } inside { print } /STUDENT CODE BEGIN/ { inside = 1 }' "$1" |
        sed 's://.*$::' | grep -o -E "$SUSPICIOUS" | sort -u | paste -sd' ' -
}

# The headers a file includes, one per line.
included_headers() {
    sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*\([<"][^>"]*[>"]\).*/\1/p' "$1" | sort -u
}

# ---- Grading one lesson of one submission ------------------------------------------
# Sets points, max, status and flags; writes WORK/LESSON.results.json.
grade_lesson() {
    local submission=$1 lesson=$2 work=$3
    local table="$GRADES/.common/$lesson.table" feedback="$work/$lesson.feedback"
    local log="$work/$lesson.log" result="$work/build/results/$lesson/results.json"
    local file found missing="" lesson_folder="" root=""
    status=graded
    : > "$feedback"
    mkdir -p "$work/impl/$lesson"
    for file in $(student_files "$lesson"); do
        found=$(find_student_file "$submission" "$lesson" "$file")
        case $? in
        0) ;;
        2) flags="${flags:+$flags; }$found"
           missing="$missing $file"
           continue ;;
        *) missing="$missing $file"
           continue ;;
        esac
        cp "$found" "$work/impl/$lesson/$file"
        lesson_folder=$(dirname "$found")
        local constructs extra
        constructs=$(suspicious_constructs "$found")
        [ -n "$constructs" ] && flags="${flags:+$flags; }$file uses $constructs (look at it)"
        extra=$(comm -23 <(included_headers "$found") <(included_headers "lessons/$lesson/$file") |
                paste -sd' ' -)
        [ -n "$extra" ] && flags="${flags:+$flags; }$file includes $extra beyond the skeleton's headers"
        if ! cmp -s <(outside_regions "$found") <(outside_regions "lessons/$lesson/$file"); then
            flags="${flags:+$flags; }changed $file outside the STUDENT CODE markers"
        fi
    done

    # The answers to the lesson's questions, if the submission has them.
    if found=$(find_student_file "$submission" "$lesson" answers.txt); then
        cp "$found" "$work/impl/$lesson/answers.txt"
    elif [ -n "$found" ]; then
        flags="${flags:+$flags; }$found"
    fi

    # Given code and public tests: the submission's copies must be the originals.
    if [ -n "$lesson_folder" ] && [ "$(basename "$lesson_folder")" = "$lesson" ]; then
        root=$(dirname "$lesson_folder")          # a copy of lessons/
        if [ -f "$lesson_folder/experiment.c" ] &&
           ! cmp -s "$lesson_folder/experiment.c" "lessons/$lesson/experiment.c"; then
            flags="${flags:+$flags; }edited lessons/$lesson/experiment.c (graded with the original)"
        fi
        compare_tree "$root/00-trainer" lessons/00-trainer lessons/00-trainer
        if [ "$(basename "$root")" = lessons ]; then  # a copy of the whole release
            compare_tree "$(dirname "$root")/tests/$lesson" "tests/$lesson" "tests/$lesson"
            compare_tree "$(dirname "$root")/tests/harness" tests/harness tests/harness
        fi
    fi

    max=$(awk -F'\t' '{ sum += $2 } END { print sum + 0 }' "$table")
    points=0
    if [ -n "$missing" ]; then
        status=missing
        echo "lesson $lesson: not graded, 0 points: the submission has no$missing" \
             "(expected at lessons/$lesson/)." > "$feedback"
        tools/zero-results.sh "$lesson" "$table" "$feedback" > "$work/$lesson.results.json"
        return
    fi

    rm -rf "$work/build/results/$lesson"
    local runner=()
    command -v timeout > /dev/null && runner=(timeout -k 5 "${GRADE_TIMEOUT:-600}")
    "${runner[@]}" make -s --no-print-directory test LESSON="${lesson%%-*}" \
        IMPL="$work/impl" BUILD="$work/build" SHARED_BUILD="$SHARED" SEED="$SEED" \
        CC="${CC:-cc}" > "$log" 2>&1
    local exit_status=$?
    if [ -s "$result" ]; then
        # The student reads lessons/NN-name/FILE, never the grader's work folder.
        sed "s|$work/impl/|lessons/|g" "$result" > "$work/$lesson.results.json"
        points=$(awk -F': ' '/^  "score": / { print $2 + 0; exit }' "$result")
        return
    fi
    # No results: the lesson did not build (or grading was stopped).
    if [ "$exit_status" = 124 ] || [ "$exit_status" = 137 ]; then
        status="stopped"
        echo "lesson $lesson: grading was stopped after ${GRADE_TIMEOUT:-600} s: 0 points." > "$feedback"
    else
        status="compile error"
        {
            echo "lesson $lesson: your code did not compile, so no test ran: 0 points."
            echo "The compiler's first errors:"
            # The compiler's lines only: make's own ("make[1]: *** ...") are
            # build-system noise, and the grader's work folders mean nothing
            # to a student: their file is lessons/NN-name/FILE.
            grep -v -E '^g?make(\[[0-9]+\])?: ' "$log" |
                grep -E -A 3 'error|undefined reference' | grep -v -E '^--$|^g?make(\[[0-9]+\])?: ' |
                sed -e "s|$work/impl/|lessons/|g" -e "s|$work/build/|build/|g" \
                    -e "s|$GRADES/[^ :]*/impl/|lessons/|g" -e "s|$GRADES/|build/|g" | head -n 15
        } > "$feedback"
    fi
    tools/zero-results.sh "$lesson" "$table" "$feedback" > "$work/$lesson.results.json"
}

# ---- Grading one submission (run in parallel by the batch) --------------------------
grade_submission() {
    local number=$1 submission=$2 name id work lesson results=() rows
    name=$(basename "$submission")
    # Its own work folder, whatever its name: a number, then the name's
    # harmless characters (so "a b", "$(x)", "grades.csv" or ".." never
    # collide with each other or with the grade book).
    id=$(printf '%04d-%s' "$number" "$(printf '%s' "$name" | tr -c 'A-Za-z0-9_-' '_' | cut -c1-40)")
    work="$GRADES/$id"
    rm -rf "$work"
    mkdir -p "$work"
    rows="$work/rows.csv"
    : > "$rows"
    : > "$work/lessons.tsv"
    printf '%s' "$name" > "$work/name"
    if [ -L "$submission" ] || [ ! -d "$submission" ]; then
        printf '%s,,0,0,refused,%s\n' "$(csv_field "$name")" \
            "a link or special file, not a folder (never followed)" >> "$rows"
        printf '{\n  "score": 0,\n  "max_score": 0,\n  "output": "%s",\n  "tests": []\n}\n' \
            "The submission is a link or a special file, not a folder: it was not graded." \
            > "$work/results.json"
        return
    fi
    SUBMISSION_REAL=$(realpath "$submission")
    for lesson in $LESSONS; do
        if [ "$ONE_LESSON" = 0 ] && ! has_lesson "$submission" "$lesson"; then
            continue
        fi
        flags=""
        grade_lesson "$submission" "$lesson" "$work"
        printf '%s,%s,%s,%s,%s,%s\n' "$(csv_field "$name")" "$lesson" "$points" "$max" \
            "$status" "$(csv_field "$flags")" >> "$rows"
        # The same, tab-separated, for the wide grade book.
        printf '%s\t%s\t%s\t%s\t%s\n' "$lesson" "$points" "$max" "$status" \
            "$(printf '%s' "$flags" | tr '\t\n\r' '   ')" >> "$work/lessons.tsv"
        results+=("$work/$lesson.results.json")
        local note=""
        [ -n "$flags" ] && note="lesson $lesson, flagged: $(printf '%s' "$flags" | sed 's/["\\]/?/g')"
        [ -n "$note" ] && echo "$note" >> "$work/flags.txt"
    done
    if [ ${#results[@]} -eq 0 ]; then
        printf '%s,,0,0,nothing to grade,no lesson folder found\n' "$(csv_field "$name")" >> "$rows"
        printf '{\n  "score": 0,\n  "max_score": 0,\n  "output": "%s",\n  "tests": []\n}\n' \
            "No lesson folder (lessons/NN-name/) was found in the submission." > "$work/results.json"
    else
        # How to replay this grading: the seed, and commands that work with
        # what stays after the run (the submitted files; the instructor's
        # repository for the hidden tests).
        local replay="Seed $SEED. To replay: put your file in lessons/NN-name/ of the course"
        replay="$replay and run make test LESSON=N SEED=$SEED (public tests); your instructor"
        replay="$replay re-runs every test with make grade SUBMISSIONS=DIR LESSON=N SEED=$SEED."
        { paste -sd'|' "$work/flags.txt" 2>/dev/null; echo "$replay"; } | grep . |
            paste -sd'|' - | sed 's/|/\\\\n/g' > "$work/note.txt"
        merge_results "$(cat "$work/note.txt")" "${results[@]}" > "$work/results.json"
    fi
    awk -F, '{ printf "  %-24s %-24s %4s/%-4s %s\n", $1, $2, $3, $4, $5 }' "$rows"
}

cd "$(dirname "$0")/.."

if [ "${1:-}" = --one ]; then
    grade_submission "${2%%/*}" "${2#*/}"
    exit 0
fi

# ---- The batch ------------------------------------------------------------------------
if [ $# -lt 1 ] || [ ! -d "$1" ]; then
    echo "usage: make grade SUBMISSIONS=DIR [LESSON=N] [SEED=S]  (DIR: one folder per student)" >&2
    exit 2
fi
if [ ! -d tests/harness ] || ! ls tests/[0-9][0-9]-*/public.c > /dev/null 2>&1; then
    echo "make grade needs the course repository's tests (tests/NN-name/); this is not it." >&2
    exit 2
fi
if [ -n "${ROSTER:-}" ] && [ ! -f "$ROSTER" ]; then
    echo "ROSTER=$ROSTER: no such file (a CSV: folder name, student id)" >&2
    exit 2
fi
SUBMISSIONS_DIR=$(cd "$1" && pwd)
BUILD=${BUILD:-build}
GRADES=${GRADES:-$BUILD/grades}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
case "$GRADES" in *' '*) echo "GRADES must be a path without spaces (make cannot use it)" >&2; exit 2 ;; esac
if [ -e "$GRADES" ] && [ ! -f "$GRADES/.descent-grades" ] && [ -n "$(ls -A "$GRADES")" ]; then
    echo "$GRADES exists and was not written by make grade: choose another GRADES=DIR" >&2
    exit 2
fi
rm -rf "$GRADES"
mkdir -p "$GRADES/.common"
# What does not depend on a submission (the trainer, the harness, each
# lesson's judge) is built once, here or beforehand in GRADE_SHARED_BUILD
# (Gradescope's setup.sh builds it into the image), and only read after.
touch "$GRADES/.descent-grades"
GRADES=$(cd "$GRADES" && pwd)
SHARED=${GRADE_SHARED_BUILD:-$GRADES/.common}

# Which lessons.
ONE_LESSON=0
LESSONS=""
for folder in lessons/[0-9][0-9]-*/; do
    folder=${folder%/}
    [ "$folder" = lessons/00-trainer ] || LESSONS="$LESSONS ${folder#lessons/}"
done
if [ -n "${2:-}" ]; then
    wanted=$2
    case "$wanted" in [0-9]) wanted=0$wanted ;; esac
    match=""
    for lesson in $LESSONS; do
        case "$lesson" in "$wanted" | "$wanted"-*) match=$lesson ;; esac
    done
    [ -n "$match" ] || { echo "There is no lesson $2. The lessons are:$LESSONS" >&2; exit 2; }
    LESSONS=$match
    ONE_LESSON=1
fi

# The grading seed: printed, so that any result can be replayed.
SEED=${SEED:-$(od -An -N4 -tu4 /dev/urandom | tr -d ' \n')}
echo "$SEED" > "$GRADES/seed"
echo "make grade: grading seed $SEED (replay with SEED=$SEED); $JOBS submissions at a time"

# Each lesson's test table (names, points, public/hidden), from the skeleton.
usable=""
for lesson in $LESSONS; do
    if make -s --no-print-directory test-table LESSON="${lesson%%-*}" IMPL=lessons \
            BUILD="$SHARED" CC="${CC:-cc}" > "$GRADES/.common/$lesson.log" 2>&1 &&
       awk -F'\t' 'NF == 3 && ($3 == "public" || $3 == "hidden")' "$GRADES/.common/$lesson.log" \
            > "$GRADES/.common/$lesson.table" && [ -s "$GRADES/.common/$lesson.table" ]; then
        usable="$usable $lesson"
    else
        echo "lesson $lesson: its tests do not build here, so it is not graded" \
             "(see $GRADES/.common/$lesson.log)" >&2
        [ "$ONE_LESSON" = 1 ] && exit 1
    fi
done
LESSONS=$usable

export BUILD GRADES SHARED SEED CC LESSONS ONE_LESSON GRADE_TIMEOUT
started=$(date +%s)
# Every entry of the folder is graded (or refused, saying why), hidden
# names and odd names included; each is passed as "NUMBER/PATH".
find "$SUBMISSIONS_DIR" -mindepth 1 -maxdepth 1 -print0 | sort -z |
    awk 'BEGIN { RS = ORS = "\0" } { print NR "/" $0 }' |
    xargs -0 -n 1 -P "$JOBS" "$0" --one

# The grade books, written once, after every submission's grading (and so
# every process it started) has ended, and atomically: a reader sees the
# old file or the whole new one. Rows keep the submissions' order.
# The long one: one row per submission and lesson.
{
    echo "submission,lesson,points,max,status,flags"
    for rows in "$GRADES"/[0-9][0-9][0-9][0-9]-*/rows.csv; do
        [ -f "$rows" ] && cat "$rows"
    done
} > "$GRADES/.grades-long.csv.tmp" && mv "$GRADES/.grades-long.csv.tmp" "$GRADES/grades-long.csv"

# The roster (ROSTER=FILE): folder name -> student id, one per line, as
# "folder<TAB>id" in .roster; quotes around a field and a header line
# (its second column named student_id or id) are dropped.
: > "$GRADES/.roster"
if [ -n "${ROSTER:-}" ]; then
    tr -d '\r' < "$ROSTER" | awk -F, '
        { for (i = 1; i <= NF; i++) { gsub(/^[ \t]*"?|"?[ \t]*$/, "", $i) } }
        NR == 1 && tolower($2) ~ /^(student_)?id$/ { next }
        $1 != "" { print $1 "\t" $2 }' > "$GRADES/.roster"
fi

# The wide one: one row per submission (and per roster student who handed
# in nothing), one column per lesson, the total, the maximum (the sum of the
# lessons' maxima) and notes (a lesson not graded and why, flags, a folder
# that is not in the roster). A lesson the submission does not have is empty.
lesson_max() { awk -F'\t' '{ sum += $2 } END { print sum + 0 }' "$GRADES/.common/$1.table"; }
all_max=0
for lesson in $LESSONS; do all_max=$((all_max + $(lesson_max "$lesson"))); done
{
    header="submission"
    [ -n "${ROSTER:-}" ] && header="$header,student_id"
    echo "$header,$(echo $LESSONS | tr ' ' ','),total,max,notes"
    for work in "$GRADES"/[0-9][0-9][0-9][0-9]-*/; do
        [ -f "$work/name" ] || continue
        name=$(cat "$work/name")
        line=$(csv_field "$name")
        notes=""
        if [ -n "${ROSTER:-}" ]; then
            id=$(awk -F'\t' -v name="$name" '$1 == name { print $2; exit }' "$GRADES/.roster")
            line="$line,$(csv_field "$id")"
            [ -n "$id" ] || notes="not in the roster"
        fi
        total=0
        for lesson in $LESSONS; do
            cell=$(awk -F'\t' -v l="$lesson" '$1 == l { print $2; exit }' "$work/lessons.tsv")
            line="$line,$cell"
            total=$((total + ${cell:-0}))
            note=$(awk -F'\t' -v l="$lesson" '$1 == l {
                       if ($4 != "graded") out = $4
                       if ($5 != "") out = out (out == "" ? "" : ", ") $5
                       if (out != "") print l ": " out; exit }' "$work/lessons.tsv")
            [ -n "$note" ] && notes="${notes:+$notes; }$note"
        done
        [ -s "$work/lessons.tsv" ] || notes="${notes:+$notes; }$(cut -d, -f5- "$work/rows.csv" | head -n 1)"
        echo "$line,$total,$all_max,$(csv_field "$notes")"
    done
    # Students of the roster with no submission at all.
    if [ -n "${ROSTER:-}" ]; then
        while IFS=$'\t' read -r folder id; do
            [ -n "$folder" ] || continue
            grep -qxF -- "$folder" <(awk 1 "$GRADES"/[0-9][0-9][0-9][0-9]-*/name 2>/dev/null) &&
                continue
            printf '%s,%s%s,0,%s,no submission\n' "$(csv_field "$folder")" "$(csv_field "$id")" \
                "$(for lesson in $LESSONS; do printf ','; done)" "$all_max"
        done < "$GRADES/.roster"
    fi
} > "$GRADES/.grades.csv.tmp" && mv "$GRADES/.grades.csv.tmp" "$GRADES/grades.csv"
count=$(awk 'BEGIN { RS = "\r?\n"; FS = "," } NR > 1 && $0 != "" { n++ } END { print n + 0 }' "$GRADES/grades-long.csv")
echo "make grade: $count grades in $(($(date +%s) - started)) s, seed $SEED"
echo "  $GRADES/grades.csv (one row per submission), $GRADES/grades-long.csv (per lesson),"
echo "  and per submission $GRADES/NNNN-NAME/results.json"
echo "  replay one: make test LESSON=N IMPL=$GRADES/NNNN-NAME/impl SEED=$SEED"
