#!/usr/bin/env bash
# the trainer trains after lesson 01 alone, naming its stand-ins for lessons 02, 03 and 09; with every lesson solved it names none
#
# check-inputs: code
# (The result cache, tools/check.sh, keys this check on these files and tools.
# It builds descent from copies of lessons/ and solutions/ C files and
# runs it: code only (it greps descent's messages for a README's path, it
# opens no README).)
#
# Builds `descent` from a copy of the untouched skeletons in which only
# lessons/01-gradient-descent/gd.c is the reference solution, and proves:
#   - `descent train --optimizer sgd --model mlp --epochs 1` trains (exit
#     status 0) and prints a test accuracy of at least 50%;
#   - its stderr has one "fallback:" line for each of lessons 02, 03 and 09,
#     naming the file that replaces it, and no other fallback line;
#   - `descent compare` compares sgd and names the optimizers it skips;
#   - `descent trajectory --schedule cosine` draws at the constant rate and
#     names lesson 09's fallback, as training does;
#   - the untouched skeleton stops at gd_step with exit status 3;
#   - with lesson 17's --batch-norm or --dropout, the MLP and the CNN stop
#     at the first lesson 17 function they call, naming it (exit status 3);
#   - built from the solutions, the same run prints no "fallback:" line.
set -u
cd "$(dirname "$0")/../.."
BUILD=${FALLBACKS_BUILD:-build/check/gcc}  # built by make check's first step; the trainer is reused
out=build/check/fallbacks
tree=$out/lesson01-only
rm -rf "$out" && mkdir -p "$tree"
status=0
fail() { echo "FAIL: $*"; status=1; }

# The skeleton tree: every student file of lessons/, then the solved gd.c.
for folder in lessons/[0-9][0-9]-*/; do
    name=$(basename "$folder")
    mkdir -p "$tree/$name"
    for file in "$folder"*.c; do
        [ "$(basename "$file")" = experiment.c ] || cp "$file" "$tree/$name/"
    done
done
cp solutions/01-gradient-descent/gd.c "$tree/01-gradient-descent/gd.c"

build_descent() { # IMPL -> prints the path of its descent
    make -s --no-print-directory descent IMPL="$1" BUILD=$BUILD > "$out/build.log" 2>&1 ||
        { cat "$out/build.log"; return 1; }
    echo "$BUILD/impl/$(echo "${1%/}" | tr / _)/descent"
}
descent=$(build_descent "$tree") || exit 1

run="train --optimizer sgd --model mlp --epochs 1"
"$descent" $run > "$out/train.out" 2> "$out/train.err"
code=$?
[ $code = 0 ] || fail "descent $run after lesson 01 alone: exit status $code: $(tail -2 "$out/train.err")"
accuracy=$(sed -n 's/^done: .*test accuracy \([0-9.]*\)%.*/\1/p' "$out/train.out")
[ -n "$accuracy" ] || fail "descent $run printed no test accuracy: $(cat "$out/train.out")"
[ -n "$accuracy" ] && awk -v a="$accuracy" 'BEGIN { exit !(a >= 50) }' ||
    fail "descent $run after lesson 01 alone reached only ${accuracy:-no}% (expected at least 50%)"
for expected in "lesson 02's shuffle (lessons/02-sgd-shuffling/sgd.c)" \
                "lesson 03's batch_count and batch_bounds (lessons/03-mini-batch/minibatch.c)" \
                "lesson 09's schedule_lr and schedule_validate (lessons/09-schedules/schedules.c)"; do
    grep '^fallback: ' "$out/train.err" | grep -qF "$expected" ||
        fail "descent $run after lesson 01 alone does not name the fallback for $expected: $(cat "$out/train.err")"
done
[ "$(grep -c '^fallback: ' "$out/train.err")" = 3 ] ||
    fail "expected exactly three fallback lines: $(cat "$out/train.err")"
echo "after lesson 01 alone: test accuracy $accuracy%; stderr:"
sed 's/^/    /' "$out/train.err"

"$descent" compare --epochs 1 --limit 640 > "$out/compare.out" 2> "$out/compare.err" ||
    fail "descent compare after lesson 01 alone failed: $(tail -2 "$out/compare.err")"
grep -q '^sgd ' "$out/compare.out" || fail "descent compare did not compare sgd: $(cat "$out/compare.out")"
grep -q 'skipping momentum' "$out/compare.err" || fail "descent compare did not name momentum as skipped"

# descent trajectory --schedule without lesson 09: the constant rate, with the
# same fallback line as training, and a whole picture (exit status 0).
trajectory="trajectory --optimizer sgd --schedule cosine --steps 20 --svg $out/cosine.svg"
"$descent" $trajectory > "$out/trajectory.out" 2> "$out/trajectory.err" ||
    fail "descent $trajectory after lesson 01 alone failed: $(cat "$out/trajectory.err")"
grep -qF "fallback: the constant rate 0.1 instead of the schedule cosine, until you write lesson 09's schedule_lr and schedule_validate (lessons/09-schedules/schedules.c)" \
    "$out/trajectory.err" || fail "descent $trajectory does not name lesson 09's fallback: $(cat "$out/trajectory.err")"
grep -q '^  sgd .* end (' "$out/trajectory.out" || fail "descent $trajectory drew no path: $(cat "$out/trajectory.out")"
tail -c 7 "$out/cosine.svg" | grep -q '</svg>' || fail "descent $trajectory wrote no whole picture"

# Lesson 17 unwritten: its layers are not stood in for; the run stops at
# the first of its functions that it calls, in either network.
for model in mlp cnn; do
    for layer in "--batch-norm:batchnorm_statistics" "--dropout 0.5:dropout_forward"; do
        "$descent" train --optimizer sgd --model $model --epochs 1 --limit 64 ${layer%%:*} \
            > /dev/null 2> "$out/lesson17.err"
        code=$?
        [ $code = 3 ] || fail "descent train --model $model ${layer%%:*} without lesson 17: exit status $code, expected 3"
        grep -q "^${layer##*:} is not implemented yet: see lessons/17-dropout-batchnorm/README.md" "$out/lesson17.err" ||
            fail "descent train --model $model ${layer%%:*} without lesson 17 does not name ${layer##*:}: $(cat "$out/lesson17.err")"
    done
done

# The untouched skeleton: gd_step is the first function the run needs.
skeleton=$(build_descent lessons) || exit 1
"$skeleton" $run > /dev/null 2> "$out/skeleton.err"
code=$?
[ $code = 3 ] || fail "descent $run on the skeleton: exit status $code, expected 3 (not implemented)"
grep -q '^gd_step is not implemented yet' "$out/skeleton.err" ||
    fail "descent $run on the skeleton does not name gd_step: $(cat "$out/skeleton.err")"

# Every lesson solved: no stand-in at all.
solved=$(build_descent solutions) || exit 1
"$solved" $run > "$out/solved.out" 2> "$out/solved.err" || fail "descent $run with the solutions failed"
grep -q '^done: .*test accuracy' "$out/solved.out" || fail "descent $run with the solutions printed no accuracy"
if grep -q 'fallback' "$out/solved.err"; then
    fail "with every lesson solved, descent $run still names a fallback: $(grep fallback "$out/solved.err")"
fi
exit $status
