#!/usr/bin/env bash
# check-student-file.sh FILE CC [FLAGS...] -- run before a student file is
# compiled (every IMPL but solutions). Refuses, with one line that says why,
# a file that
#   - is a symbolic link or not a regular file (it could point at a solution);
#   - reads, while it is compiled, any file but the C library's headers and
#     the course's own headers in lessons/00-trainer/: an #include of a
#     solution or a hidden test, by a relative or absolute path, directly or
#     through a macro (the preprocessor's own list of the files it read is
#     checked, so no spelling escapes it);
#   - uses the assembler's .incbin, which pastes any file into the program;
#   - names MPI's profiling interface (PMPI_...) or the dynamic linker's
#     lookup by name (dlopen, dlsym, dlvsym, dlmopen): lesson 18's tests
#     count a rank's MPI calls by wrapping MPI_Send, MPI_Allreduce, ... (the
#     profiling interface), and a file that called PMPI_Allreduce, or found
#     it by name, would communicate without being counted. The file's own
#     lines are checked after the preprocessor, so a name pasted together
#     by a macro (P ## MPI_...) is caught too.
# Exit status 0 if the file may be compiled, 1 if not.
set -u
file=$1
shift
refuse() {
    echo "$file: refused: $*" >&2
    exit 1
}
if [ -L "$file" ] || [ ! -f "$file" ]; then
    refuse "a lesson file must be a regular file, not a symbolic link or a special file"
fi
if grep -q -i 'incbin' "$file"; then
    refuse "it uses the assembler's .incbin (line $(grep -n -i -m 1 incbin "$file" | cut -d: -f1)): a lesson file may not paste other files into the program"
fi
trainer=$(cd "$(dirname "$0")/../lessons/00-trainer" && pwd -P)
if ! dependencies=$("$@" -M "$file" 2> /dev/null); then
    exit 0 # it does not preprocess: the compiler will say why, with its own message
fi
# The preprocessed text, keeping only the lines that come from the file
# itself (the line markers '# N "FILE"' say where each line comes from; the
# headers declare PMPI_ functions, and may).
own_lines=$("$@" -E "$file" 2> /dev/null | awk -v me="\"$file\"" '
    /^# [0-9]+ "/ { mine = ($3 == me); next }
    mine { print NR ": " $0 }')
forbidden=$(printf '%s\n' "$own_lines" | grep -m 1 -o -E '\<(PMPI_[A-Za-z_]+|dl(m?open|v?sym))\>')
if [ -n "$forbidden" ]; then
    refuse "it uses $forbidden: a lesson file may not call MPI's profiling interface (PMPI_...) or look functions up by name; call the MPI functions themselves"
fi
own=$(realpath "$file")
for dependency in $(printf '%s\n' "$dependencies" | tr -d '\\' | tr ' ' '\n' | grep -v ':$'); do
    path=$(realpath -m "$dependency")
    [ "$path" = "$own" ] && continue
    case "$path" in
    /usr/include/* | /usr/local/include/* | /usr/lib/gcc/* | /usr/lib/llvm-*/lib/clang/*) ;;
    "$trainer"/*.h) ;;
    *)
        # Lesson 18's MPI file may include <mpi.h>: the Makefile names
        # Open MPI's header folders in ALLOWED_INCLUDE_DIRS.
        for allowed in ${ALLOWED_INCLUDE_DIRS:-}; do
            case "$path" in "$(realpath -m "$allowed")"/*) continue 2 ;; esac
        done
        refuse "it includes $dependency: a lesson file may include only the C library's headers and the course's headers in lessons/00-trainer/" ;;
    esac
done
exit 0
