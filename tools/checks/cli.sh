#!/usr/bin/env bash
# the descent command: good runs write their files; bad options and data get one clear line
#
# check-inputs: code
# (The result cache, tools/check.sh, keys this check on these files and tools.
# It runs the descent program built from the solutions (make descent):
# code only, no lesson text, README or figure.)
set -u
cd "$(dirname "$0")/../.."
BUILD=build/check/gcc  # built by make check's first step; make here is a no-op
make -s --no-print-directory descent IMPL=solutions BUILD=$BUILD > /dev/null || exit 1
descent=$BUILD/impl/solutions/descent
out=build/check/cli
rm -rf "$out" && mkdir -p "$out"
status=0

fail() { echo "$*"; status=1; }

# expect_error EXIT_CODE WORDS -- ARGS: the command fails with that status,
# prints one line on stderr that contains WORDS, and nothing else.
expect_error() {
    local code=$1 words=$2
    shift 3
    "$descent" "$@" > "$out/stdout" 2> "$out/stderr"
    local got=$?
    [ "$got" = "$code" ] || fail "descent $*: exit status $got, expected $code"
    grep -qF -- "$words" "$out/stderr" || fail "descent $*: stderr lacks \"$words\": $(cat "$out/stderr")"
    [ "$(wc -l < "$out/stderr")" -le 1 ] || fail "descent $*: more than one line on stderr"
}

expect_error 2 '--lr: expected a number in (0, 10], got "abc"' -- train --lr abc
expect_error 2 '--lr: expected a number in (0, 10], got "-1"' -- train --lr -1
expect_error 2 '--model: expected mlp or cnn, got "rnn"' -- train --model rnn
expect_error 2 '--optimizer: expected one of sgd, momentum' -- train --optimizer sgdd
expect_error 2 '--epochs: expected a whole number from 1 to 1000, got "0"' -- train --epochs 0
expect_error 2 '--batch: expected a whole number from 1 to 100000, got "1.5"' -- train --batch 1.5
expect_error 2 '--momentum: expected a number in [0, 1), got "1"' -- train --momentum 1
expect_error 2 '--schedule: expected constant, step' -- train --schedule linear
expect_error 2 '--function: expected valley, rosenbrock, saddle or beale' -- trajectory --function banana
expect_error 2 'unknown option --learning-rate' -- train --learning-rate 0.1
expect_error 2 '--seed needs a value' -- train --seed
expect_error 2 'unknown command "fit"' -- fit

# Bad data: a truncated copy of the training images.
mkdir -p "$out/bad-data"
cp data/*.idx*-ubyte "$out/bad-data/"
head -c 1000 data/train-images.idx3-ubyte > "$out/bad-data/train-images.idx3-ubyte"
expect_error 1 'train-images.idx3-ubyte' -- train --data "$out/bad-data" --no-progress
expect_error 1 'cannot' -- train --data "$out/no-such-folder" --no-progress

# A small run writes its log and plot, whole.
"$descent" train --limit 640 --epochs 1 --log "$out/run.csv" --plot "$out/run.svg" \
    --no-progress > "$out/train.txt" 2>&1 || fail "descent train failed: $(cat "$out/train.txt")"
[ "$(head -1 "$out/run.csv")" = "step,epoch,lr,train_loss,test_loss,test_accuracy" ] ||
    fail "run.csv has the wrong header"
[ "$(wc -l < "$out/run.csv")" = 11 ] || fail "run.csv should have 1 + 10 lines"
tail -c 7 "$out/run.svg" | grep -q '</svg>' || fail "run.svg is not a whole SVG"
ls "$out"/*.tmp > /dev/null 2>&1 && fail "temporary files were left behind"

# Checkpoint, then resume from the command line: the same final accuracy line.
"$descent" train --limit 640 --epochs 2 --no-progress > "$out/whole.txt" 2>&1 || fail "whole run failed"
"$descent" train --limit 640 --epochs 1 --checkpoint "$out/run.ckpt" --no-progress > /dev/null 2>&1 ||
    fail "first half failed"
"$descent" train --limit 640 --epochs 2 --resume "$out/run.ckpt" --no-progress > "$out/resumed.txt" 2>&1 ||
    fail "resume failed: $(cat "$out/resumed.txt")"
[ "$(grep '^epoch 2/2' "$out/whole.txt" | cut -d, -f1-3)" = "$(grep '^epoch 2/2' "$out/resumed.txt" | cut -d, -f1-3)" ] ||
    fail "the resumed run's epoch 2 differs from the uninterrupted run's"
expect_error 1 'differ' -- train --limit 640 --epochs 2 --lr 0.01 --resume "$out/run.ckpt" --no-progress
# Resuming needs epochs left to train: --epochs at or below the checkpoint's
# epoch is refused before anything is written (no empty log, no "done").
expect_error 1 "run.ckpt: --epochs 1: the checkpoint has already finished epoch 1; give --epochs 2 or more to continue it" \
    -- train --limit 640 --epochs 1 --resume "$out/run.ckpt" --log "$out/none.csv" --no-progress
[ -e "$out/none.csv" ] && fail "a refused --resume wrote a log"
printf 'garbage' > "$out/bad.ckpt"
expect_error 1 'bad.ckpt' -- train --limit 640 --epochs 2 --resume "$out/bad.ckpt" --no-progress

# Lesson 17's layers in both networks, checkpointed and resumed: the same epoch 2.
l17=(--limit 640 --no-progress --batch-norm --dropout 0.25)
for model in mlp cnn; do
    "$descent" train --model $model "${l17[@]}" --epochs 2 > "$out/l17-whole.txt" 2>&1 ||
        fail "descent train --model $model ${l17[*]} failed: $(tail -1 "$out/l17-whole.txt")"
    "$descent" train --model $model "${l17[@]}" --epochs 1 --checkpoint "$out/l17.ckpt" > /dev/null 2>&1 ||
        fail "descent train --model $model ${l17[*]} --checkpoint failed"
    "$descent" train --model $model "${l17[@]}" --epochs 2 --resume "$out/l17.ckpt" > "$out/l17-resumed.txt" 2>&1 ||
        fail "resuming --model $model ${l17[*]} failed: $(tail -1 "$out/l17-resumed.txt")"
    [ "$(grep '^epoch 2/2' "$out/l17-whole.txt" | cut -d, -f1-3)" = "$(grep '^epoch 2/2' "$out/l17-resumed.txt" | cut -d, -f1-3)" ] ||
        fail "--model $model ${l17[*]}: the resumed run's epoch 2 differs from the uninterrupted run's"
    expect_error 1 'differ from this run' -- train --model $model --limit 640 --no-progress --epochs 2 \
        --resume "$out/l17.ckpt"
done
expect_error 2 '--batch-norm: expected --batch 2 or more with --model mlp' -- train --batch-norm --batch 1
"$descent" train --model cnn --batch-norm --batch 1 --limit 16 --epochs 1 --no-progress > "$out/l17-one.txt" 2>&1 ||
    fail "the CNN with --batch-norm --batch 1 failed (576 values per channel): $(tail -1 "$out/l17-one.txt")"

# Lesson 13 and 14's options: clipping and noise run; early stopping stops and saves the best.
expect_error 2 'add --validation N' -- train --early-stopping 2
expect_error 2 '--clip-norm: expected a number in (0, 1e6]' -- train --clip-norm 0
"$descent" train --limit 640 --epochs 1 --clip-norm 1 --grad-noise 0.01 --no-progress \
    > "$out/clip.txt" 2>&1 || fail "training with --clip-norm and --grad-noise failed"
"$descent" train --limit 1640 --validation 1000 --early-stopping 1 --epochs 50 --lr 0.3 \
    --best-checkpoint "$out/best.ckpt" --no-progress > "$out/stop.txt" 2>&1 ||
    fail "early stopping failed: $(tail -3 "$out/stop.txt")"
grep -q '^early stopping after epoch' "$out/stop.txt" || fail "the run did not stop early"
[ -s "$out/best.ckpt" ] || fail "no best checkpoint was written"

# Every optimizer and every schedule trains the CNN from the command line.
optimizers=$("$descent" help | awk '/^optimizers:/ { on = 1; next } on && NF { print $1 }')
[ "$(echo "$optimizers" | wc -w)" -ge 12 ] || fail "descent help lists too few optimizers: $optimizers"
for o in $optimizers; do
    "$descent" train --model cnn --optimizer "$o" --limit 128 --epochs 1 --no-progress \
        > "$out/opt-$o.txt" 2>&1 || fail "descent train --model cnn --optimizer $o failed: $(tail -1 "$out/opt-$o.txt")"
done
for schedule in constant step exponential inverse-time cosine warmup warmup-cosine inverse-sqrt; do
    "$descent" train --model cnn --optimizer adam --schedule "$schedule" --limit 128 --epochs 1 \
        --no-progress > "$out/schedule-$schedule.txt" 2>&1 ||
        fail "descent train --schedule $schedule failed: $(tail -1 "$out/schedule-$schedule.txt")"
done

# trajectory draws every surface.
for f in valley rosenbrock saddle beale; do
    "$descent" trajectory --function $f --optimizer sgd,momentum --lr 0.001 --steps 50 \
        --svg "$out/$f.svg" > /dev/null 2>&1 || fail "trajectory on $f failed"
    tail -c 7 "$out/$f.svg" | grep -q '</svg>' || fail "$f.svg is not a whole SVG"
done
# Its output names each optimizer's settings: mu for the momentum methods.
"$descent" trajectory --optimizer sgd,momentum,nesterov --momentum 0.8 --steps 5 \
    --svg "$out/mu.svg" > "$out/mu.txt" 2>&1 || fail "trajectory with --momentum failed"
grep -q '^  momentum   lr 0.05 mu 0.8 ' "$out/mu.txt" && grep -q '^  nesterov   lr 0.05 mu 0.8 ' "$out/mu.txt" &&
    grep -q '^  sgd        lr 0.1  ' "$out/mu.txt" || fail "trajectory does not print lr and mu: $(cat "$out/mu.txt")"
# A start outside the picture is refused before anything is printed or drawn.
expect_error 2 '--start: expected a point of valley'"'"'s picture, X in [-11, 11] and Y in [-3, 3], got "50,50"' \
    -- trajectory --start 50,50 --svg "$out/outside.svg"
[ -s "$out/stdout" ] && fail "trajectory --start 50,50 printed: $(cat "$out/stdout")"
[ -e "$out/outside.svg" ] && fail "trajectory --start 50,50 wrote a picture"
exit $status
