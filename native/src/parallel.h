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

/* Calls fn once per part of [0, n) cut into `parts` parts (part i covers [n i / parts, n (i + 1) / parts)),
 * the parts shared out among the threads. Unlike parallel_for's ranges, the parts do not depend on
 * the thread count: a product split this way rounds the same on any number of threads. */
void parallel_for_parts(size_t n, size_t parts, range_fn fn, void *context);

/* How many parts a large product is cut into: this machine's cores, at most GRID_MAX. A constant of
 * the machine, not of --threads, so that --jobs and --threads change no result. */
size_t parallel_grid(void);

#endif
