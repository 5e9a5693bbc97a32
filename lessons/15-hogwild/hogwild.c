/* hogwild.c -- lesson 15: Hogwild!, lock-free parallel SGD.
 *
 * You write four functions: the loss of sparse logistic regression, one SGD
 * step on weights shared between threads, the body of a worker thread, and
 * the function that starts the workers, waits for them and hands back the
 * weights. The lesson text is lessons/15-hogwild/README.md; each function
 * names the section that explains it. Write your code between the STUDENT
 * CODE markers only: the rest of the file is shared with the reference
 * solution and checked. */
#include "lessons.h"
#include "lesson15.h" /* until lessons.h includes it */

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
    /* TODO:
     * 1. If count is 0, return 0.0.
     * 2. For each example, compute the margin z = sum_k w[index[k]] * value[k]
     *    in double.
     * 3. Add log(1 + exp(z)) - label * z to a double sum, with the stable
     *    form log(1 + exp(z)) = fmax(z, 0.0) + log1p(exp(-fabs(z))).
     * 4. Return the sum divided by count. */
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
    /* TODO:
     * 1. Compute z = sum_k w[index[k]] * value[k] in double, reading each
     *    weight with atomic_load_explicit(&w[j], memory_order_relaxed),
     *    before any weight is written.
     * 2. Compute d = 1 / (1 + exp(-z)) - label in double.
     * 3. For each k: read w[index[k]] again (relaxed load), and store
     *    (float)(old - lr * d * value[k]) with
     *    atomic_store_explicit(..., memory_order_relaxed).
     *    Evaluate exactly that expression, in double, rounded once. */
    (void)w; (void)example; (void)lr;
    not_implemented("sparse_logistic_sgd_step", "15-hogwild", "One step on shared weights");
    /* STUDENT CODE END */
}

/* Section "A worker thread".
 *   for i in [first, end): one step on examples[i]. */
int hogwild_worker(void *job)
{
    /* STUDENT CODE BEGIN */
    /* TODO:
     * 1. Convert job to a struct hogwild_job pointer.
     * 2. For i from first to end-1, call sparse_logistic_sgd_step on
     *    examples[i] with the job's w and lr.
     * 3. Set steps_done to end - first and return 0. */
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
    /* TODO:
     * 1. If workers is 0, return 0.
     * 2. Allocate workers thrd_t (return -1 if that fails).
     * 3. For t = 0, 1, ...: thrd_create(&ids[t], hogwild_worker, &jobs[t]);
     *    stop starting threads at the first one that does not return
     *    thrd_success.
     * 4. thrd_join every thread you started (all of them, even after a
     *    failure), adding up the jobs' steps_done.
     * 5. Free the ids; return the sum, or -1 if a start failed. */
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
    /* TODO:
     * 1. threads == 0: return -1. count == 0 or epochs == 0: return 0.
     * 2. T = min(threads, count). Allocate dim _Atomic float (the shared
     *    weights) and T struct hogwild_job; on failure free what you got
     *    and return -1. atomic_init each shared weight from w[j].
     * 3. Fill jobs[t]: the shared weights, the examples, the slice
     *    [t*count/T, (t+1)*count/T), lr.
     * 4. For each epoch, call hogwild_epoch(jobs, T); add up the steps it
     *    returns, and stop with -1 if it fails.
     * 5. If no epoch failed, copy the shared weights back into w.
     * 6. Free everything; return the total steps, or -1. */
    (void)w; (void)dim; (void)examples; (void)count; (void)lr; (void)epochs; (void)threads;
    not_implemented("hogwild_train", "15-hogwild", "Hogwild! training");
    /* STUDENT CODE END */
}
