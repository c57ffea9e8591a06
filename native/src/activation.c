#include "activation.h"

#include <math.h>

#include "parallel.h"

/* Elements per thread below which a pass stays on one thread. */
#define GRAIN ((size_t)1 << 15)

typedef struct {
  const float *x, *dy;
  float *out;
} activation_job;

__attribute__((target_clones("avx2", "default")))
static void softplus_grad_range(void *context, size_t begin, size_t end) {
  const activation_job *j = context;
  for (size_t i = begin; i < end; i++) j->out[i] = j->dy[i] / (1.0f + expf(-j->x[i]));
}

void softplus_grad(const float *dy, const float *x, float *dx, size_t n) {
  activation_job job = {x, dy, dx};
  parallel_for(n, GRAIN, softplus_grad_range, &job);
}
