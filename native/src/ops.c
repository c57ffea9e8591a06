#include "ops.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "blas.h"
#include "parallel.h"

/* Elements per thread below which an element-wise pass stays on one thread. */
#define ELEMENTWISE_GRAIN ((size_t)1 << 16)

typedef struct {
  float *y;
  size_t cols;
  const float *bias;
  size_t bias_size;
  activation act;
  float alpha;
} epilogue_job;

/* Values are copied to restrict locals so the loops vectorise (through the job pointer the compiler
 * must assume aliasing); binding.gyp's -fno-trapping-math lets it turn the selects into blends.
 * As a branch on a random sign, mispredicted half the time, a leaky ReLU took 5 ns a value. */
__attribute__((target_clones("avx2", "default")))
static void epilogue_range(void *context, size_t begin, size_t end) {
  const epilogue_job *j = context;
  const size_t cols = j->cols;
  const float *bias = j->bias;
  const float alpha = j->alpha;
  const bool shared_bias = j->bias_size == 1;
  for (size_t r = begin; r < end; r++) {
    float *restrict row = j->y + r * cols;
    if (bias && shared_bias) {
      for (size_t c = 0; c < cols; c++) row[c] += bias[0];
    } else if (bias) {
      for (size_t c = 0; c < cols; c++) row[c] += bias[c];
    }
    switch (j->act) {
      case ACT_LINEAR:
        break;
      case ACT_RELU:
        for (size_t c = 0; c < cols; c++) row[c] = row[c] > 0 ? row[c] : 0;
        break;
      case ACT_RELU6:
        for (size_t c = 0; c < cols; c++) row[c] = row[c] > 0 ? (row[c] < 6 ? row[c] : 6) : 0;
        break;
      case ACT_LEAKY_RELU:
        for (size_t c = 0; c < cols; c++) row[c] = row[c] > 0 ? row[c] : alpha * row[c];
        break;
      case ACT_SIGMOID:
        for (size_t c = 0; c < cols; c++) row[c] = 1.0f / (1.0f + expf(-row[c]));
        break;
      case ACT_ELU:
        for (size_t c = 0; c < cols; c++) row[c] = row[c] >= 0 ? row[c] : expm1f(row[c]);
        break;
    }
  }
}

void epilogue(float *y, size_t rows, size_t cols, const float *bias, size_t bias_size, activation act, float alpha) {
  if (!bias && act == ACT_LINEAR) return;
  epilogue_job job = {y, cols, bias, bias_size, act, alpha};
  size_t rows_per_grain = cols ? (ELEMENTWISE_GRAIN + cols - 1) / cols : rows;
  parallel_for(rows, rows_per_grain, epilogue_range, &job);
}

void matmul(const matmul_shape *s, const float *a, const float *b, float *c) {
  int lda = s->trans_a ? s->m : s->k;
  int ldb = s->trans_b ? s->k : s->n;
  for (int i = 0; i < s->batch; i++) {
    blas_sgemm(s->trans_a, s->trans_b, s->m, s->n, s->k, 1.0f, a + i * s->stride_a, lda, b + i * s->stride_b, ldb,
               0.0f, c + (size_t)i * s->m * s->n, s->n);
  }
}

void sum_leading(const float *x, float *out, size_t outer, size_t inner, float scale) {
  /* Row by row, so the inner loop runs over contiguous memory and vectorises. */
  memset(out, 0, inner * sizeof(float));
  for (size_t i = 0; i < outer; i++) {
    const float *row = x + i * inner;
    for (size_t j = 0; j < inner; j++) out[j] += row[j];
  }
  if (scale != 1.0f) {
    for (size_t j = 0; j < inner; j++) out[j] *= scale;
  }
}

bool gather_rows(const float *x, const int32_t *indices, float *out, size_t count, size_t row_size, size_t rows) {
  for (size_t r = 0; r < count; r++) {
    int32_t i = indices[r];
    if (i < 0 || (size_t)i >= rows) return false;
    memcpy(out + r * row_size, x + (size_t)i * row_size, row_size * sizeof(float));
  }
  return true;
}

typedef struct {
  const adam_params *p;
  const float *w, *g, *m, *v;
  float *w_out, *m_out, *v_out;
} adam_job;

__attribute__((target_clones("avx2", "default")))
static void adam_range(void *context, size_t begin, size_t end) {
  const adam_job *j = context;
  const adam_params *p = j->p;
  const float *w = j->w, *g = j->g, *m = j->m, *v = j->v;
  float *w_out = j->w_out, *m_out = j->m_out, *v_out = j->v_out;
  for (size_t i = begin; i < end; i++) {
    float mi = p->beta1 * m[i] + (1.0f - p->beta1) * g[i];
    float vi = p->beta2 * v[i] + (1.0f - p->beta2) * g[i] * g[i];
    m_out[i] = mi;
    v_out[i] = vi;
    w_out[i] = w[i] - p->step * mi / sqrtf(vi * p->correction + p->epsilon);
  }
}

/* The same step over w, m and v in place; restrict lets it vectorise (the general loop's alias
 * check sends exactly aliased arrays to its scalar path). */
__attribute__((target_clones("avx2", "default")))
static void adam_in_place_range(void *context, size_t begin, size_t end) {
  const adam_job *j = context;
  const adam_params *p = j->p;
  const float beta1 = p->beta1, beta2 = p->beta2, step = p->step, correction = p->correction, epsilon = p->epsilon;
  const float *restrict g = j->g;
  float *restrict w = j->w_out, *restrict m = j->m_out, *restrict v = j->v_out;
  for (size_t i = begin; i < end; i++) {
    float mi = beta1 * m[i] + (1.0f - beta1) * g[i];
    float vi = beta2 * v[i] + (1.0f - beta2) * g[i] * g[i];
    m[i] = mi;
    v[i] = vi;
    w[i] -= step * mi / sqrtf(vi * correction + epsilon);
  }
}

void adam_update(const adam_params *p, const float *w, const float *g, const float *m, const float *v, float *w_out,
                 float *m_out, float *v_out, size_t n) {
  adam_job job = {p, w, g, m, v, w_out, m_out, v_out};
  bool in_place = w_out == w && m_out == m && v_out == v;
  parallel_for(n, ELEMENTWISE_GRAIN, in_place ? adam_in_place_range : adam_range, &job);
}

typedef struct {
  const float *x, *dy;
  float *out;
  float alpha;
} leaky_job;

__attribute__((target_clones("avx2", "default")))
static void leaky_relu_range(void *context, size_t begin, size_t end) {
  const leaky_job *j = context;
  const float *restrict x = j->x;
  float *restrict out = j->out;
  const float alpha = j->alpha;
  for (size_t i = begin; i < end; i++) out[i] = x[i] > 0 ? x[i] : alpha * x[i];
}

__attribute__((target_clones("avx2", "default")))
static void leaky_relu_grad_range(void *context, size_t begin, size_t end) {
  const leaky_job *j = context;
  const float *restrict x = j->x, *restrict dy = j->dy;
  float *restrict out = j->out;
  const float alpha = j->alpha;
  for (size_t i = begin; i < end; i++) out[i] = x[i] > 0 ? dy[i] : alpha * dy[i];
}

void leaky_relu(const float *x, float *y, size_t n, float alpha) {
  leaky_job job = {x, NULL, y, alpha};
  parallel_for(n, ELEMENTWISE_GRAIN, leaky_relu_range, &job);
}

void leaky_relu_grad(const float *dy, const float *x, float *dx, size_t n, float alpha) {
  leaky_job job = {x, dy, dx, alpha};
  parallel_for(n, ELEMENTWISE_GRAIN, leaky_relu_grad_range, &job);
}

typedef struct {
  const float *average, *w;
  float *out;
  float rate;
} average_job;

__attribute__((target_clones("avx2", "default")))
static void moving_average_range(void *context, size_t begin, size_t end) {
  const average_job *j = context;
  for (size_t i = begin; i < end; i++) j->out[i] = j->average[i] + j->rate * (j->w[i] - j->average[i]);
}

__attribute__((target_clones("avx2", "default")))
static void moving_average_in_place_range(void *context, size_t begin, size_t end) {
  const average_job *j = context;
  const float *restrict w = j->w;
  float *restrict average = j->out;
  const float rate = j->rate;
  for (size_t i = begin; i < end; i++) average[i] += rate * (w[i] - average[i]);
}

void moving_average(const float *average, const float *w, float *out, size_t n, float rate) {
  average_job job = {average, w, out, rate};
  parallel_for(n, ELEMENTWISE_GRAIN, out == average ? moving_average_in_place_range : moving_average_range, &job);
}
