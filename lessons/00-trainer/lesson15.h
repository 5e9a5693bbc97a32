/* lesson15.h -- the functions of lesson 15, Hogwild!: lock-free parallel
 * SGD (lessons/15-hogwild/README.md). Included by lessons.h.
 *
 * The model is sparse logistic regression, the setting of Niu, Recht, Re
 * and Wright (2011): every example touches only a few of the dim weights.
 * With label y in {0, 1} and margin z = sum_k w[index[k]] * value[k], the
 * loss of one example is the binary cross-entropy of sigmoid(z),
 *   loss = log(1 + exp(z)) - y * z,      dloss/dz = sigmoid(z) - y,
 * exactly torch.nn.BCEWithLogitsLoss. There is no bias term (a feature that
 * every example touches is the worst case for Hogwild!; see the lesson).
 *
 * This header needs neither <threads.h> nor <stdatomic.h>: `_Atomic` is a
 * C11 keyword, and the worker has the signature of a C11 thread function,
 * int (*)(void *), so the rest of the course never links threads. */
#ifndef DESCENT_LESSON15_H
#define DESCENT_LESSON15_H

#include <stddef.h>

/* region sparse_example */
/* One example: nnz features, with distinct indices below the model's dim. */
struct sparse_example {
    const size_t *index;  /* [nnz] which weights this example touches */
    const float *value;   /* [nnz] the feature values */
    size_t nnz;
    float label;          /* 0 or 1 */
};
/* endregion sparse_example */

/* The mean loss of the weights w (dim of them) over count examples, summed
 * in double, computed stably for large |z| (no overflow for z = +-1000):
 *   L(w) = (1/count) sum_i [ log(1 + exp(z_i)) - y_i z_i ].
 * 0 for count = 0. */
double sparse_logistic_loss(const float *w, const struct sparse_example *examples,
                            size_t count);

/* One SGD step on one example, on shared weights, without locks. Every read
 * of w is atomic_load_explicit(..., memory_order_relaxed) and every write
 * atomic_store_explicit(..., memory_order_relaxed), in this arithmetic:
 *   z = sum_k w[index[k]] * value[k]   in double, k = 0, 1, ..., nnz-1,
 *                                      all reads done before any write
 *   d = 1 / (1 + exp(-z)) - label      in double (the derivative dloss/dz)
 *   for k = 0, 1, ..., nnz-1:
 *     w[index[k]] <- (float)(w[index[k]] - lr * d * value[k])
 *                                      re-read w[index[k]], evaluate in
 *                                      double as written, round once.
 * Another thread may change a weight between its read and its write; that
 * update is then lost, as Hogwild! allows, but there is no data race. */
void sparse_logistic_sgd_step(_Atomic float *w, const struct sparse_example *example,
                              float lr);

/* region hogwild_job */
/* What one worker thread does in one epoch: one pass over its own slice of
 * the examples, in order, one sparse_logistic_sgd_step per example. */
struct hogwild_job {
    _Atomic float *w;                      /* the shared weights */
    const struct sparse_example *examples; /* the whole data set */
    size_t first, end;                     /* this worker's slice [first, end) */
    float lr;
    size_t steps_done;                     /* set by the worker: steps it took */
};
/* endregion hogwild_job */

/* The body of one worker thread, with the signature thrd_create expects:
 * job points to a struct hogwild_job. For i = first, ..., end-1: one step
 * on examples[i]. Sets steps_done = end - first and returns 0. */
int hogwild_worker(void *job);

/* One epoch of Hogwild!: starts one thread per job with thrd_create
 * (hogwild_worker running on &jobs[t]), then waits for every thread that
 * was started with thrd_join. Returns the sum of the jobs' steps_done, or
 * -1 if memory for the thread ids or a thread could not be had (threads
 * already started are joined first). workers = 0 returns 0. */
long hogwild_epoch(struct hogwild_job *jobs, size_t workers);

/* Hogwild! training: `epochs` passes of SGD with learning rate lr over the
 * count examples, by `threads` threads sharing the dim weights without
 * locks. w (dim floats) holds the starting weights and receives the result.
 *   - The weights are copied into an array of _Atomic float (atomic_init)
 *     that the threads share, and copied back after every thread is joined.
 *   - T = min(threads, count) jobs share that array; job t has the slice
 *     [t*count/T, (t+1)*count/T). Every epoch is one hogwild_epoch: all T
 *     threads are joined before the next epoch starts (the join is the
 *     only synchronisation: inside an epoch, no locks).
 *   - With T = 1 this is exactly sequential SGD, bit for bit.
 * Returns -1 with w unchanged when threads is 0 (checked first, so also
 * when count or epochs is 0), or when memory or a thread could not be had
 * (threads already started are joined first); otherwise the number of SGD
 * steps taken, epochs * count (0 when count or epochs is 0, w unchanged). */
long hogwild_train(float *w, size_t dim, const struct sparse_example *examples, size_t count,
                   float lr, size_t epochs, size_t threads);

#endif
