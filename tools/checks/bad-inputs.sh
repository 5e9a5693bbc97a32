#!/usr/bin/env bash
# the trainer's remaining bad inputs (issue 11): devices, FIFOs, links and clashing outputs, forged checkpoints (v1 and v2), bad optimizer lists, stale .tmp files; one line each, nothing hangs, nothing lost
#
# check-inputs: code
# (The result cache, tools/check.sh, keys this check on these files and tools.
# It runs the descent program built from the solutions (make descent) on
# files it makes itself: code only, no lesson text, README or figure.)
set -u
cd "$(dirname "$0")/../.."
BUILD=build/check/gcc  # built by make check's first step; make here is a no-op
make -s --no-print-directory descent IMPL=solutions BUILD=$BUILD > /dev/null || exit 1
descent=$BUILD/impl/solutions/descent
out=build/check/bad-inputs
rm -rf "$out" && mkdir -p "$out"
status=0

fail() { echo "$*"; status=1; }

# expect_error EXIT_CODE WORDS -- ARGS: within 10 seconds, the command fails
# with that status and prints one line on stderr that contains WORDS.
expect_error() {
    local code=$1 words=$2
    shift 3
    timeout 10 "$descent" "$@" > "$out/stdout" 2> "$out/stderr" < /dev/null
    local got=$?
    [ "$got" = 124 ] && { fail "descent $*: still running after 10 s (hangs?)"; return; }
    [ "$got" = "$code" ] || fail "descent $*: exit status $got, expected $code"
    grep -qF -- "$words" "$out/stderr" || fail "descent $*: stderr lacks \"$words\": $(cat "$out/stderr")"
    [ "$(wc -l < "$out/stderr")" -le 1 ] || fail "descent $*: more than one line on stderr"
}
small=(--limit 640 --no-progress)

# 1. A refused --resume leaves the earlier log and plot as they were.
timeout 60 "$descent" train "${small[@]}" --epochs 1 --checkpoint "$out/run.ckpt" \
    --log "$out/run.csv" --plot "$out/run.svg" > /dev/null 2>&1 || fail "the first run failed"
cp "$out/run.csv" "$out/run.csv.before"
cp "$out/run.svg" "$out/run.svg.before"
expect_error 1 'differ' -- train "${small[@]}" --epochs 2 --lr 0.01 --resume "$out/run.ckpt" \
    --log "$out/run.csv" --plot "$out/run.svg"
cmp -s "$out/run.csv" "$out/run.csv.before" || fail "a refused --resume changed the log"
cmp -s "$out/run.svg" "$out/run.svg.before" || fail "a refused --resume changed the plot"

# 2. Outputs onto a device, a FIFO, a directory or a link, or two onto one file.
mkfifo "$out/fifo"
ln -s run.csv "$out/link.csv"
expect_error 2 '--log: expected a regular file or a new path, got "/dev/null" (a character device)' \
    -- train --log /dev/null
expect_error 2 "--plot: expected a regular file or a new path, got \"$out/fifo\" (a FIFO)" \
    -- train --plot "$out/fifo"
expect_error 2 "--checkpoint: expected a regular file or a new path, got \"$out/link.csv\" (a symbolic link)" \
    -- train --checkpoint "$out/link.csv"
expect_error 2 "--log: expected a regular file or a new path, got \"$out\" (a directory)" \
    -- train --log "$out"
expect_error 2 "--plot: expected a file other than --log's, got \"$out/same\"" \
    -- train --log "$out/same" --plot "$out/same"
ln "$out/run.csv" "$out/hard.csv"
expect_error 2 "--checkpoint: expected a file other than --log's, got \"$out/hard.csv\"" \
    -- train --log "$out/run.csv" --checkpoint "$out/hard.csv"
expect_error 2 "--log: expected a file other than --resume's" \
    -- train --resume "$out/run.ckpt" --log "$out/run.ckpt"
expect_error 2 '--plot: expected a regular file or a new path, got "/dev/null"' -- compare --plot /dev/null
expect_error 2 '--svg: expected a regular file or a new path, got "/dev/null"' -- trajectory --svg /dev/null
[ -p "$out/fifo" ] && [ -L "$out/link.csv" ] || fail "a refused output was replaced"

# 3. A checkpoint whose epoch, step or optimizer counter is forged (with a
#    valid checksum) is refused, not overflowed.
if command -v python3 > /dev/null; then
    # forge FIELD VALUE: the epoch (1) and step (10) of run.ckpt, set to other values.
    forge() {
        python3 - "$out/run.ckpt" "$out/forged.ckpt" "$1" "$2" <<'PY'
import struct, sys
data = bytearray(open(sys.argv[1], "rb").read())
# epoch 1, step 10 (640 digits / 64): the fields after the settings, which
# end with the same pair (the schedule's warmup and total steps), so the last
at = data.rfind(struct.pack("<qq", 1, 10))
assert at > 20
field = {"epoch": 0, "step": 8}[sys.argv[3]]
struct.pack_into("<q", data, at + field, int(sys.argv[4]))
h = 14695981039346656037
for b in data[20:-8]:
    h = ((h ^ b) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
struct.pack_into("<Q", data, len(data) - 8, h)
open(sys.argv[2], "wb").write(data)
PY
    }
    forge step 9223372036854775807
    expect_error 1 "forged.ckpt: the checkpoint's step is 9223372036854775807: expected 10" \
        -- train "${small[@]}" --epochs 2 --resume "$out/forged.ckpt"
    forge epoch -1
    expect_error 1 "forged.ckpt: the epoch at byte offset" \
        -- train "${small[@]}" --epochs 2 --resume "$out/forged.ckpt"
    forge epoch 9223372036854775807
    expect_error 1 "forged.ckpt: the checkpoint's epoch is 9223372036854775807: expected 0 to 999 (--epochs is at most 1000)" \
        -- train "${small[@]}" --epochs 2 --resume "$out/forged.ckpt"
    forge epoch 5
    expect_error 1 "forged.ckpt: --epochs 2: the checkpoint has already finished epoch 5; give --epochs 6 or more to continue it" \
        -- train "${small[@]}" --epochs 2 --resume "$out/forged.ckpt"
    forge epoch 2
    expect_error 1 "forged.ckpt: --epochs 2: the checkpoint has already finished epoch 2; give --epochs 3 or more to continue it" \
        -- train "${small[@]}" --epochs 2 --resume "$out/forged.ckpt"

    # 3b. Version 2: a checkpoint of the CNN with lesson 17's layers, forged at
    #     its last fields (checkpoint.h): dropout, the batch-norm flag, the
    #     buffer count, the 48 running statistics; then the checksum.
    timeout 60 "$descent" train "${small[@]}" --model cnn --batch-norm --dropout 0.25 --epochs 1 \
        --checkpoint "$out/bn.ckpt" > /dev/null 2>&1 || fail "the CNN run with --batch-norm failed"
    # forge2 FILE FIELD VALUE: writes FILE with the field set into forged2.ckpt and prints
    # the field's byte offset; FIELD v1 drops the last 16 payload bytes of a plain run's
    # file (dropout 0, flag 0, count 0) and makes it version 1.
    forge2() {
        python3 - "$1" "$out/forged2.ckpt" "$2" "$3" <<'PY'
import struct, sys
data = bytearray(open(sys.argv[1], "rb").read())
buffers = len(data) - 8 - 4 * 48
at = {"dropout": buffers - 16, "flag": buffers - 12, "count": buffers - 8,
      "variance": buffers + 4 * 35}  # bn2's running variance of channel 3
field, value = sys.argv[3], sys.argv[4]
if field == "v1":
    data = data[:-24] + data[-8:]
    struct.pack_into("<I", data, 8, 1)
elif field == "count":
    struct.pack_into("<Q", data, at[field], int(value))
elif field == "flag":
    struct.pack_into("<I", data, at[field], int(value))
else:
    struct.pack_into("<f", data, at[field], float(value))
struct.pack_into("<Q", data, 12, len(data) - 28)
h = 14695981039346656037
for b in data[20:-8]:
    h = ((h ^ b) * 1099511628211) & 0xFFFFFFFFFFFFFFFF
struct.pack_into("<Q", data, len(data) - 8, h)
open(sys.argv[2], "wb").write(data)
print(at.get(field, 8))
PY
    }
    bn=(--model cnn --batch-norm --dropout 0.25)
    at=$(forge2 "$out/bn.ckpt" dropout 1.5)
    expect_error 1 "forged2.ckpt: the dropout rate at byte offset $at is 1.5: expected a number in [0, 1)" \
        -- train "${small[@]}" "${bn[@]}" --epochs 2 --resume "$out/forged2.ckpt"
    at=$(forge2 "$out/bn.ckpt" flag 3)
    expect_error 1 "forged2.ckpt: the batch-norm flag at byte offset $at is 3: expected 0 (off) or 1 (on)" \
        -- train "${small[@]}" "${bn[@]}" --epochs 2 --resume "$out/forged2.ckpt"
    at=$(forge2 "$out/bn.ckpt" count 256)
    expect_error 1 "forged2.ckpt: the buffer count at byte offset $at is 256: expected 48" \
        -- train "${small[@]}" "${bn[@]}" --epochs 2 --resume "$out/forged2.ckpt"
    at=$(forge2 "$out/bn.ckpt" variance -0.5)
    expect_error 1 "forged2.ckpt: batch norm 2's running variance of feature 3 at byte offset $at is -0.5" \
        -- train "${small[@]}" "${bn[@]}" --epochs 2 --resume "$out/forged2.ckpt"
    expect_error 1 "bn.ckpt: the checkpoint's --dropout 0.25 and --batch-norm on differ" \
        -- train "${small[@]}" --model cnn --epochs 2 --resume "$out/bn.ckpt"
    # A version-1 file of a plain run still resumes, to the same epoch 2.
    forge2 "$out/run.ckpt" v1 0 > /dev/null
    timeout 60 "$descent" train "${small[@]}" --epochs 2 --resume "$out/run.ckpt" > "$out/v2.txt" 2>&1 &&
        timeout 60 "$descent" train "${small[@]}" --epochs 2 --resume "$out/forged2.ckpt" > "$out/v1.txt" 2>&1 ||
        fail "a version-1 checkpoint did not resume: $(tail -1 "$out/v1.txt")"
    [ "$(grep '^epoch 2/2' "$out/v1.txt" | cut -d, -f1-3)" = "$(grep '^epoch 2/2' "$out/v2.txt" | cut -d, -f1-3)" ] ||
        fail "resumed from version 1 and from version 2, epoch 2 differs"
else
    echo "python3 not found: the forged-checkpoint cases are skipped"
fi

# 4. A FIFO or /dev/zero as data or as the checkpoint to resume: refused at once.
for name in train-images.idx3-ubyte train-labels.idx1-ubyte; do
    rm -rf "$out/data" && mkdir -p "$out/data" && cp data/*-ubyte "$out/data/"
    rm "$out/data/$name" && mkfifo "$out/data/$name"
    expect_error 1 "$out/data/$name: cannot read it: expected a regular file, found a FIFO" \
        -- train --data "$out/data" --no-progress
done
rm "$out/data/train-labels.idx1-ubyte" && ln -s /dev/zero "$out/data/test-images.idx3-ubyte.zero"
rm "$out/data/test-images.idx3-ubyte" && mv "$out/data/test-images.idx3-ubyte.zero" "$out/data/test-images.idx3-ubyte"
cp data/train-labels.idx1-ubyte "$out/data/"
expect_error 1 "$out/data/test-images.idx3-ubyte: cannot read it: expected a regular file, found a character device" \
    -- compare --data "$out/data"
expect_error 1 "/dev/zero: cannot read the checkpoint: expected a regular file, found a character device" \
    -- train "${small[@]}" --resume /dev/zero
expect_error 1 "$out/fifo: cannot read the checkpoint: expected a regular file, found a FIFO" \
    -- train "${small[@]}" --resume "$out/fifo"

# 5. Optimizer lists: empty, with an empty name, repeated, unknown, too long.
expect_error 2 '--optimizers: expected a comma-separated list of optimizer names, none empty, got ""' \
    -- compare --optimizers ""
expect_error 2 '--optimizers: expected a comma-separated list of optimizer names, none empty, got "sgd,,adam"' \
    -- compare --optimizers sgd,,adam
expect_error 2 '--optimizers: expected each optimizer once (sgd is named twice), got "sgd,adam,sgd"' \
    -- compare --optimizers sgd,adam,sgd
expect_error 2 '--optimizer: expected one of sgd' -- compare --optimizers sgd,nope
all=$("$descent" help | awk '/^optimizers:/ { on = 1; next } on && NF { print $1 }' | paste -sd, -)
expect_error 2 "--optimizers: expected at most 8 optimizers, got \"$all\"" -- compare --optimizers "$all"
expect_error 2 '--optimizer: expected a comma-separated list of optimizer names, none empty, got ""' \
    -- trajectory --optimizer ""
expect_error 2 '--optimizer: expected each optimizer once (adam is named twice)' \
    -- trajectory --optimizer adam,adam

# 6. A .tmp left by a killed write is removed by the next run; one that is
#    not a plain file of ours is refused, never followed.
printf 'half a log' > "$out/next.csv.tmp"
timeout 60 "$descent" train "${small[@]}" --epochs 1 --log "$out/next.csv" > /dev/null 2>&1 ||
    fail "a run over a stale next.csv.tmp failed"
[ -e "$out/next.csv.tmp" ] && fail "the stale next.csv.tmp was left behind"
[ "$(head -1 "$out/next.csv")" = "step,epoch,lr,train_loss,test_loss,test_accuracy" ] ||
    fail "next.csv is not the new log"
ln -s /dev/null "$out/other.csv.tmp"
expect_error 1 "other.csv: cannot create $out/other.csv.tmp: File exists (it is not a leftover file of ours" \
    -- train "${small[@]}" --epochs 1 --log "$out/other.csv"
[ -L "$out/other.csv.tmp" ] || fail "a .tmp that is a link was removed"
[ -e "$out/other.csv" ] && fail "other.csv was written through a link"
exit $status
