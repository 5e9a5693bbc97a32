#!/bin/sh
# results-stamp.sh IMPL NN-name -- what a lesson's test results depend on, in one line:
# the implementation tested and a checksum of its files of the lesson (every
# .c and answers.txt), of the lesson's tests and of the given trainer.
# `make test` writes it next to the results (build/results/NN-name/stamp);
# `make status` and tools/next-lesson.sh trust results only when the stamp
# still matches: results of another IMPL, or of files changed since, are
# never shown as yours.
impl=${1%/}
lesson=$2
sum=$(cat "$impl/$lesson"/*.c "$impl/$lesson/answers.txt" tests/"$lesson"/*.c \
          tests/"$lesson"/*.h lessons/00-trainer/*.[ch] 2>/dev/null | cksum | tr -s ' ' '-')
echo "impl=$impl files=$sum"
