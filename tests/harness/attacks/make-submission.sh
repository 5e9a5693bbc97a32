#!/usr/bin/env bash
# make-submission.sh ATTACK SKELETON OUT: writes lesson 01's gd.c with the
# STUDENT CODE regions filled from ATTACK (sections "@@ FUNCTION"), the
# functions it leaves out filled from baseline.attack. The first region
# (line_mse's) also closes its function to include the C library's headers
# that attacks use, at file scope, as a submission could.
set -eu
attack=$1 skeleton=$2 out=$3
here=$(dirname "$0")
awk -v attack="$attack" -v baseline="$here/baseline.attack" '
    function load(file, into,   line, name) {
        name = ""
        while ((getline line < file) > 0) {
            if (line ~ /^#/ && name == "") continue
            if (line ~ /^@@ /) { name = substr(line, 4); into[name] = ""; continue }
            if (name != "") into[name] = into[name] line "\n"
        }
        close(file)
    }
    BEGIN { load(baseline, base); load(attack, body) }
    /^[a-z].*\(/ && !inside { match($0, /[a-z_0-9]+\(/); current = substr($0, RSTART, RLENGTH - 1) }
    /STUDENT CODE BEGIN/ {
        print
        if (current == "line_mse") {
            print "    double line_mse_attack(const float *x, const float *y, size_t n, const float w[2]);"
            print "    return line_mse_attack(x, y, n, w);"
            print "}"
            n = split("setjmp signal stdio stdlib string unistd sys/prctl", headers, " ")
            for (i = 1; i <= n; i++) print "#include <" headers[i] ".h>"
            print "double line_mse_attack(const float *x, const float *y, size_t n, const float w[2]);"
            print "double line_mse_attack(const float *x, const float *y, size_t n, const float w[2])"
            print "{"
        }
        printf "%s", (current in body) ? body[current] : base[current]
        inside = 1
        next
    }
    /STUDENT CODE END/ { inside = 0 }
    !inside { print }
' "$skeleton" > "$out"
