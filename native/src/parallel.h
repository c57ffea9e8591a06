/* A pool of compute threads, started once: matrix products, im2col, element-wise passes and noise
 * all split over the same threads, so no two pools spin against each other on two cores. */
#ifndef SSGAN_PARALLEL_H
#define SSGAN_PARALLEL_H

#include <stddef.h>

typedef void (*range_fn)(void *context, size_t begin, size_t end);

void parallel_set_threads(int threads);
int parallel_threads(void);

/* Calls fn on disjoint ranges covering [0, n), in parallel when n / min_per_thread allows it. */
void parallel_for(size_t n, size_t min_per_thread, range_fn fn, void *context);

#endif
