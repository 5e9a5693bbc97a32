/* distributed.c -- lesson 18: distributed SGD, the part without messages.
 *
 * You write five small pure functions: how a vector or a batch is split
 * among the ranks, which block a rank sends and receives at each step of
 * the ring all-reduce, elastic averaging's two updates, and the parameter
 * server's staleness rule. distributed_mpi.c then uses them to send the
 * messages. The lesson text is lessons/18-distributed-sgd/README.md; each
 * function names the section that explains it. Write your code between the
 * STUDENT CODE markers only: the rest of the file is shared with the
 * reference solution and checked. */
#include "lessons.h"
#include "lesson18.h"

/* Section "Splitting the work".
 *   start = floor(part * n / parts),  end = floor((part + 1) * n / parts),
 *   returns end - start. */
size_t split_range(size_t n, int parts, int part, size_t *start)
{
    /* STUDENT CODE BEGIN */
    /* TODO: compute both ends of the part by the floor formula above and
     * return their difference. Stuck? make hint LESSON=18 */
    (void)n; (void)parts; (void)part; (void)start;
    not_implemented("split_range", "18-distributed-sgd", "Splitting the work");
    return 0;
    /* STUDENT CODE END */
}

/* Section "The ring all-reduce".
 *   reduce-scatter, s < N-1:      send r - s,       receive r - s - 1
 *   all-gather, t = s-(N-1):      send r + 1 - t,   receive r - t
 * (mod N, as a number in 0 .. N-1). */
enum ring_phase ring_schedule(int rank, int ranks, int step, int *send_block,
                              int *recv_block)
{
    /* STUDENT CODE BEGIN */
    /* TODO: pick the formula of the step's phase, reduce every block
     * index into 0 .. N-1, return the phase. Stuck? make hint LESSON=18 */
    (void)rank; (void)ranks; (void)step; (void)send_block; (void)recv_block;
    not_implemented("ring_schedule", "18-distributed-sgd", "The ring all-reduce");
    return RING_REDUCE;
    /* STUDENT CODE END */
}

/* Section "Elastic averaging".
 *   diff[j] = alpha * (x[j] - centre[j]),   x[j] = x[j] - (lr * g[j] + diff[j]) */
void easgd_worker_update(float *x, float *diff, const float *g, const float *centre, size_t n,
                         float lr, float alpha)
{
    /* STUDENT CODE BEGIN */
    /* TODO: per element, the elastic difference from the old x, then the
     * worker's step. Stuck? make hint LESSON=18 */
    (void)x; (void)diff; (void)g; (void)centre; (void)n; (void)lr; (void)alpha;
    not_implemented("easgd_worker_update", "18-distributed-sgd", "Elastic averaging");
    /* STUDENT CODE END */
}

/* Section "Elastic averaging".
 *   centre[j] = centre[j] + diff_sum[j] */
void easgd_centre_update(float *centre, const float *diff_sum, size_t n)
{
    /* STUDENT CODE BEGIN */
    /* TODO: move the centre by the summed differences. Stuck? make hint LESSON=18 */
    (void)centre; (void)diff_sum; (void)n;
    not_implemented("easgd_centre_update", "18-distributed-sgd", "Elastic averaging");
    /* STUDENT CODE END */
}

/* Section "Downpour SGD".
 *   staleness = server_version - fetched_version;
 *   accept iff max_staleness < 0 or staleness <= max_staleness. */
int downpour_accept(long server_version, long fetched_version, long max_staleness)
{
    /* STUDENT CODE BEGIN */
    /* TODO: no bound accepts everything; otherwise compare the staleness
     * with the bound. Stuck? make hint LESSON=18 */
    (void)server_version; (void)fetched_version; (void)max_staleness;
    not_implemented("downpour_accept", "18-distributed-sgd", "Downpour SGD");
    return 0;
    /* STUDENT CODE END */
}
