#!/bin/sh
# ensure-deps.sh NAME... -- make sure the course's few dependencies are here.
#
# NAME is one of: cmocka (tests), clang (make check builds with it too),
# pandoc (handouts), pdf (the PDF handouts: pdflatex, rsvg-convert, pdftotext),
# wasm (make playground: clang and wasm-ld), browser (the playground's check:
# headless chromium), mpi (lesson 18 only: Open MPI's mpicc and mpirun). For
# each one missing:
# as root on Debian or Ubuntu, install it with apt-get; otherwise print the
# one line to run and fail.
set -u

CC=${CC:-cc}
missing=""
for name in "$@"; do
    case "$name" in
    cmocka)
        printf '#include <stdarg.h>\n#include <stddef.h>\n#include <setjmp.h>\n#include <cmocka.h>\n' |
            "$CC" -E -x c - >/dev/null 2>&1 || missing="$missing libcmocka-dev" ;;
    pandoc)
        command -v pandoc >/dev/null 2>&1 || missing="$missing pandoc" ;;
    clang)
        command -v clang >/dev/null 2>&1 || missing="$missing clang" ;;
    wasm)
        command -v clang >/dev/null 2>&1 || missing="$missing clang"
        command -v wasm-ld >/dev/null 2>&1 || missing="$missing lld" ;;
    browser)
        command -v chromium >/dev/null 2>&1 || missing="$missing chromium" ;;
    mpi)
        command -v mpicc >/dev/null 2>&1 && command -v mpirun >/dev/null 2>&1 ||
            missing="$missing libopenmpi-dev openmpi-bin" ;;
    pdf)
        command -v pdflatex >/dev/null 2>&1 && kpsewhich lmodern.sty >/dev/null 2>&1 &&
            kpsewhich framed.sty >/dev/null 2>&1 ||
            missing="$missing texlive-latex-recommended texlive-fonts-recommended texlive-latex-extra lmodern"
        command -v rsvg-convert >/dev/null 2>&1 || missing="$missing librsvg2-bin"
        command -v pdftotext >/dev/null 2>&1 || missing="$missing poppler-utils" ;;
    *)
        echo "ensure-deps.sh: unknown dependency '$name' (known: cmocka, clang, pandoc, pdf, wasm, browser, mpi)" >&2
        exit 2 ;;
    esac
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "Installing$missing (apt-get)..."
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $missing >/dev/null
    exit $?
fi
echo "Missing:$missing. Install with this one line, then run make again:"
if command -v apt-get >/dev/null 2>&1; then
    echo "    sudo apt-get install -y$missing"
elif command -v brew >/dev/null 2>&1; then
    echo "    brew install$(echo "$missing" | sed 's/libcmocka-dev/cmocka/')"
else
    echo "    (your package manager) install$missing"
fi
exit 1
