/* layers.h -- the CNN's training step split by layer (see layers.c). */
#ifndef DESCENT_BENCH_LAYERS_H
#define DESCENT_BENCH_LAYERS_H

#include <stddef.h>

/* Times each stage of `steps` CNN training steps at batch 64 (forward and
 * backward of every layer, the loss, the optimizer step), `repeats` times
 * after one warm-up, and prints the fastest total of each stage. */
void bench_cnn_layers(size_t steps, int repeats);

#endif
