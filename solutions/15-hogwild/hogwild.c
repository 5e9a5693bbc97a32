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
    if (count == 0)
        return 0.0;
    double sum = 0.0;
    for (size_t i = 0; i < count; i++) {
        const struct sparse_example *e = &examples[i];
        double z = 0.0;
        for (size_t k = 0; k < e->nnz; k++)
            z += (double)w[e->index[k]] * e->value[k];
        double softplus = fmax(z, 0.0) + log1p(exp(-fabs(z)));
        sum += softplus - (double)e->label * z;
    }
    return sum / (double)count;
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
    /* The margin, from the weights as they are now (read once each). */
    double z = 0.0;
    for (size_t k = 0; k < example->nnz; k++) {
        float w_j = atomic_load_explicit(&w[example->index[k]], memory_order_relaxed);
        z += (double)w_j * example->value[k];
    }
    /* dloss/dz of the binary cross-entropy of sigmoid(z). */
    double d = 1.0 / (1.0 + exp(-z)) - example->label;
    /* The gradient is d * x: only the example's own weights move. Each
     * update is a load and a store, two atomic operations but not one
     * atomic read-modify-write: another thread's update in between is lost. */
    for (size_t k = 0; k < example->nnz; k++) {
        _Atomic float *w_j = &w[example->index[k]];
        float old = atomic_load_explicit(w_j, memory_order_relaxed);
        atomic_store_explicit(w_j, (float)(old - lr * d * example->value[k]),
                              memory_order_relaxed);
    }
    /* STUDENT CODE END */
}

/* Section "A worker thread".
 *   for i in [first, end): one step on examples[i]. */
int hogwild_worker(void *job)
{
    /* STUDENT CODE BEGIN */
    struct hogwild_job *my = job;
    for (size_t i = my->first; i < my->end; i++)
        sparse_logistic_sgd_step(my->w, &my->examples[i], my->lr);
    my->steps_done = my->end - my->first;
    return 0;
    /* STUDENT CODE END */
}

/* Section "Starting and joining the threads".
 *   Start thread t on hogwild_worker(&jobs[t]) for every t, then join them
 *   all: the join is where this epoch's updates are known to be finished. */
long hogwild_epoch(struct hogwild_job *jobs, size_t workers)
{
    /* STUDENT CODE BEGIN */
    if (workers == 0)
        return 0;
    thrd_t *ids = malloc(workers * sizeof *ids);
    if (ids == NULL)
        return -1;
    size_t started = 0;
    while (started < workers &&
           thrd_create(&ids[started], hogwild_worker, &jobs[started]) == thrd_success)
        started++;
    /* Join every thread that was started, even after a failed start: a
     * running thread must not outlive the weights it writes to. */
    long steps = 0;
    for (size_t t = 0; t < started; t++) {
        thrd_join(ids[t], NULL);
        steps += (long)jobs[t].steps_done;
    }
    free(ids);
    return started == workers ? steps : -1;
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
    if (threads == 0)
        return -1;
    if (count == 0 || epochs == 0)
        return 0;
    size_t workers = threads < count ? threads : count;

    _Atomic float *shared = malloc((dim > 0 ? dim : 1) * sizeof *shared);
    struct hogwild_job *jobs = malloc(workers * sizeof *jobs);
    long steps = -1;
    if (shared != NULL && jobs != NULL) {
        for (size_t j = 0; j < dim; j++)
            atomic_init(&shared[j], w[j]);
        for (size_t t = 0; t < workers; t++)
            jobs[t] = (struct hogwild_job){
                .w = shared, .examples = examples,
                .first = t * count / workers, .end = (t + 1) * count / workers,
                .lr = lr, .steps_done = 0,
            };
        steps = 0;
        for (size_t epoch = 0; epoch < epochs && steps >= 0; epoch++) {
            long epoch_steps = hogwild_epoch(jobs, workers);
            steps = epoch_steps < 0 ? -1 : steps + epoch_steps;
        }
        /* Every thread has been joined: reading the shared array is safe. */
        if (steps >= 0)
            for (size_t j = 0; j < dim; j++)
                w[j] = atomic_load_explicit(&shared[j], memory_order_relaxed);
    }
    free(shared);
    free(jobs);
    return steps;
    /* STUDENT CODE END */
}
