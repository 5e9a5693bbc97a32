#!/usr/bin/env bash
# lesson 18: synchronous SGD on 2 and 4 MPI ranks reproduces the single-process losses within 1e-5, and each rank sends the ring's 2(N-1)/N n floats per step; a lesson file that would slip past the message count (PMPI_..., dlsym) is refused
#
# check-inputs: lesson:18
# check-tools: mpi
# (The result cache, tools/check.sh, keys this check on these files and tools.
# Lesson 18's experiment (built by make check's gcc build from lesson
# 18's solution and the trainer; no other lesson is linked) run under
# tools/mpirun.sh on the data: lesson 18's set.)
#
# Runs the reference solution's synchronous SGD (lesson 18's experiment,
# one rank of a run: --rank FILE sync, on 600 digits for one epoch with
# DESCENT_QUICK=1, 9 steps of a global batch of 64) under tools/mpirun.sh
# with 1, 2 and 4 ranks, and proves:
#   - the loss of every global batch on 2 and on 4 ranks is within 1e-5 of
#     the single-process (1 rank) run's. Why 1e-5: the runs differ only in
#     the order in which float gradients are summed (by shard, then around
#     the ring), a relative difference of a few 2^-24 = 6e-8 per step in
#     the weights, which moves a loss near 1 by about 1e-7 over these
#     steps; 1e-5 leaves a factor of about 100 and still catches a wrong
#     step (a gradient not divided by B, a shard counted twice: changes of
#     1e-2 and more);
#   - every run is deterministic: the 4-rank run repeated gives the same
#     losses to the last digit;
#   - the bytes each rank sends per step, counted through MPI's profiling
#     interface, equal 2(N-1)/N n floats of 4 bytes (n = 101 770; 4 divides
#     2n, so the closed form is exact here);
#   - the count cannot be dodged from a lesson file: one that calls
#     PMPI_Allreduce (spelled out, or pasted together by a macro) or looks
#     a function up with dlsym is refused before it is compiled
#     (tools/check-student-file.sh), while the untouched skeleton and a file
#     calling MPI_Allreduce itself (which the tests count, and fail) are
#     compiled.
set -u
cd "$(dirname "$0")/../.."
BUILD=${DISTRIBUTED_BUILD:-build/check/gcc}
experiment=$BUILD/impl/solutions/experiments/18-distributed-sgd
out=build/check/distributed
rm -rf "$out" && mkdir -p "$out"
status=0
fail() { echo "FAIL: $*"; status=1; }

tools/ensure-deps.sh mpi || exit 1
make -s --no-print-directory IMPL=solutions BUILD="$BUILD" "$experiment" > "$out/build.log" 2>&1 ||
    { cat "$out/build.log"; exit 1; }

export DESCENT_QUICK=1
run() { # RANKS NAME
    tools/mpirun.sh -np "$1" "$experiment" --rank "$out/$2.txt" sync > "$out/$2.log" 2>&1 ||
        { fail "mpirun -np $1 of the synchronous SGD failed:"; tail -n 20 "$out/$2.log"; }
}
run 1 one && run 2 two && run 4 four && run 4 four-again || exit 1

losses() { awk '$1 == "sync.loss" { print $2, $3 }' "$out/$1.txt"; }
[ "$(losses one | wc -l)" -ge 5 ] || fail "the 1-rank run reported $(losses one | wc -l) losses"
for name in two four; do
    ranks=$([ $name = two ] && echo 2 || echo 4)
    # Step by step: the loss of the same global batch, 1 rank against N.
    largest=$(awk 'NR == FNR { one[$1] = $2; next } ($1 in one) {
                     d = one[$1] - $2; if (d < 0) d = -d; if (d > m) m = d }
                   END { printf "%.3g", m }' <(losses one) <(losses $name))
    steps=$(awk 'NR == FNR { one[$1]; next } ($1 in one)' <(losses one) <(losses $name) | wc -l)
    [ "$steps" = "$(losses one | wc -l)" ] || fail "$ranks ranks: $steps steps, 1 rank: $(losses one | wc -l)"
    awk -v m="$largest" 'BEGIN { exit !(m <= 1e-5) }' ||
        fail "$ranks ranks: a batch loss differs from the single-process run's by $largest (at most 1e-5)"
    echo "$ranks ranks: $steps steps, largest |loss - single-process loss| = $largest"
    bytes=$(awk '$1 == "sync.bytes_per_step" { print $3 }' "$out/$name.txt")
    closed=$(awk -v N="$ranks" 'BEGIN { printf "%.0f", 2 * (N - 1) / N * 101770 * 4 }')
    [ "$(printf '%.0f' "$bytes")" = "$closed" ] ||
        fail "$ranks ranks: each rank sent $bytes bytes per step, the ring's closed form is $closed"
    echo "$ranks ranks: $bytes bytes sent per rank and step (closed form $closed)"
done
cmp -s <(losses four) <(losses four-again) ||
    fail "two runs of 4 ranks gave different losses: synchronous SGD must be deterministic"

# Files that try to communicate past the count, and two that do not. The
# flags are the ones mk/distributed.mk gives a student's MPI file.
export ALLOWED_INCLUDE_DIRS="$(mpicc --showme:incdirs)"
flags=(-std=c11 -D_POSIX_C_SOURCE=200809L $(mpicc --showme:compile) -Ilessons/00-trainer)
dodge=$out/dodge
mkdir -p "$dodge"
printf '%s\n' '#include <mpi.h>' \
    'int sum(double *x, int n) { return PMPI_Allreduce(MPI_IN_PLACE, x, n, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD); }' \
    > "$dodge/direct.c"
printf '%s\n' '#include <mpi.h>' '#define HIDDEN(name) P ## MPI_ ## name' \
    'int sum(double *x, int n) { return HIDDEN(Allreduce)(MPI_IN_PLACE, x, n, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD); }' \
    > "$dodge/pasted.c"
printf '%s\n' '#include <stddef.h>' 'void *dlsym(void *handle, const char *name);' \
    'void *find(void) { return dlsym(NULL, "PMPI_" "Allreduce"); }' > "$dodge/by-name.c"
printf '%s\n' '#include <mpi.h>' \
    'int sum(double *x, int n) { return MPI_Allreduce(MPI_IN_PLACE, x, n, MPI_DOUBLE, MPI_SUM, MPI_COMM_WORLD); }' \
    > "$dodge/counted.c"
for name in direct pasted by-name; do
    if tools/check-student-file.sh "$dodge/$name.c" mpicc "${flags[@]}" 2> "$dodge/$name.log"; then
        fail "a lesson file that dodges the message count ($name.c) was accepted"
    else
        echo "refused, as it should be: $(cat "$dodge/$name.log")"
    fi
done
for file in "$dodge/counted.c" lessons/18-distributed-sgd/distributed_mpi.c; do
    tools/check-student-file.sh "$file" mpicc "${flags[@]}" ||
        fail "$file was refused: only files that dodge the count may be"
done
exit $status
