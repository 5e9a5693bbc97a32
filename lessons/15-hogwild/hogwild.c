/* hogwild.c -- lesson 15: Hogwild!, lock-free parallel SGD.
 *
 * You write five functions: the loss of sparse logistic regression, one SGD
 * step on weights shared between threads, the body of a worker thread, one
 * epoch that starts the workers and waits for them, and the training loop
 * that runs the epochs and hands back the weights. The lesson text is lessons/15-hogwild/README.md; each function
 * names the section that explains it. Write your code between the STUDENT
 * CODE markers only: the rest of the file is shared with the reference
 * solution and checked. */
#include "lessons.h"

#include <math.h>
#include <stdatomic.h>
#include <stdlib.h>
#include <threads.h>

/* Section "Sparse logistic regression".
 *   L(w) = (1/count) sum_i [ log(1 + exp(z_i)) - y_i z_i ],
 *   z_i = sum_k w[index_ik] * value_ik,
 * with log(1 + exp(z)) = max(z, 0) + log1p(exp(-|z|)), which never
 * overflows. */
double sparse_logistic_loss(const float *w, const struct sparse_example *examples,
                            size_t count)
{
    /* STUDENT CODE BEGIN */
    /* TODO: return the mean logistic loss of the examples over
     * their sparse features, summed in double (0 for no examples).
     * Stuck? make hint LESSON=15 */
    (void)w; (void)examples; (void)count;
    not_implemented("sparse_logistic_loss", "15-hogwild", "Sparse logistic regression");
    /* STUDENT CODE END */
}

/* Section "One step on shared weights".
 *   z = sum_k w[j_k] x_k,   d = sigmoid(z) - y,
 *   w[j_k] <- w[j_k] - lr * d * x_k   for each of the example's features,
 * every read and write of w a relaxed atomic operation. */
void sparse_logistic_sgd_step(_Atomic float *w, const struct sparse_example *example,
                              float lr)
{
    /* STUDENT CODE BEGIN */
    /* TODO: take one SGD step on this example's own weights,
     * computing the whole margin first, every access to w a relaxed atomic load
     * or store. Stuck? make hint LESSON=15 */
    (void)w; (void)example; (void)lr;
    not_implemented("sparse_logistic_sgd_step", "15-hogwild", "One step on shared weights");
    /* STUDENT CODE END */
}

/* Section "A worker thread".
 *   for i in [first, end): one step on examples[i]. */
int hogwild_worker(void *job)
{
    /* STUDENT CODE BEGIN */
    /* TODO: run one SGD step on each example of the job's slice, in
     * order, record steps_done and return 0. Stuck? make hint LESSON=15 */
    (void)job;
    not_implemented("hogwild_worker", "15-hogwild", "A worker thread");
    /* STUDENT CODE END */
}

/* Section "Starting and joining the threads".
 *   Start thread t on hogwild_worker(&jobs[t]) for every t, then join them
 *   all: the join is where this epoch's updates are known to be finished. */
long hogwild_epoch(struct hogwild_job *jobs, size_t workers)
{
    /* STUDENT CODE BEGIN */
    /* TODO: start a thread per job, join every thread started, and
     * return the total steps (-1 if a start failed). Stuck? make hint LESSON=15 */
    (void)jobs; (void)workers;
    not_implemented("hogwild_epoch", "15-hogwild", "Starting and joining the threads");
    /* STUDENT CODE END */
}

/* Section "Hogwild! training".
 *   Every epoch: T = min(threads, count) workers, worker t on
 *   [t*count/T, (t+1)*count/T), all sharing one array of _Atomic float,
 *   all joined before the next epoch; w <- that array at the end. */
long hogwild_train(float *w, size_t dim, const struct sparse_example *examples, size_t count,
                   float lr, size_t epochs, size_t threads)
{
    /* STUDENT CODE BEGIN */
    /* TODO: run the epochs on one shared atomic copy of w split into
     * min(threads, count) slices, copy it back, and return the total steps (-1 on
     * failure). Stuck? make hint LESSON=15 */
    (void)w; (void)dim; (void)examples; (void)count; (void)lr; (void)epochs; (void)threads;
    not_implemented("hogwild_train", "15-hogwild", "Hogwild! training");
    /* STUDENT CODE END */
}
