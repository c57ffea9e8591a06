#include "dense.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "blas.h"
#include "parallel.h"

/* Values per thread below which a pass stays on one thread. */
#define GRAIN ((size_t)1 << 15)
/* Columns per part of the forward pass at least, and the multiply-adds below which it stays whole. */
#define COLUMN_BLOCK ((size_t)16)
#define SPLIT_MACS ((size_t)1 << 20)

/* The arguments of the passes below, which parallel_for splits over rows or over columns. Column
 * ranges keep every sum over rows in one thread, in row order, so the loops here do not depend on
 * the split; the forward pass's product, a BLAS call per range, can, so its parts are fixed (blas.c). */
typedef struct {
  const wn_shape *s;
  const float *a, *b, *g, *norm, *v;
  float *out, *extra, *product;
  int rows;
} pass;

static size_t columns_per_thread(int rows) { return rows > 0 ? (GRAIN + (size_t)rows - 1) / (size_t)rows : GRAIN; }
static size_t rows_per_thread(int cols) { return cols > 0 ? (GRAIN + (size_t)cols - 1) / (size_t)cols : GRAIN; }

/* Column norms sqrt(sum_k v[k][j]^2 + eps), row by row so the inner loop vectorises. */
__attribute__((target_clones("avx2", "default")))
static void column_norms_range(void *context, size_t begin, size_t end) {
  const pass *p = context;
  const float *v = p->v;
  float *norm = p->out;
  size_t n = (size_t)p->s->out;
  for (size_t j = begin; j < end; j++) norm[j] = 0;
  for (int k = 0; k < p->s->in; k++) {
    const float *row = v + (size_t)k * n;
    for (size_t j = begin; j < end; j++) norm[j] += row[j] * row[j];
  }
  for (size_t j = begin; j < end; j++) norm[j] = sqrtf(norm[j] + p->s->epsilon);
}

/* Columns [begin, end) of u = x V and y = act(u * g / ||V|| + b): their norms, their product, then
 * their scale, bias and activation while the block is still in cache. Columns, not rows, because
 * each thread then reads only its share of V, the larger operand. u is kept for the gradients. */
__attribute__((target_clones("avx2", "default")))
static void forward_range(void *context, size_t begin, size_t end) {
  const pass *p = context;
  const wn_shape *s = p->s;
  column_norms_range(context, begin, end);
  size_t n = (size_t)s->out;
  blas_sgemm_whole(false, false, s->rows, (int)(end - begin), s->in, 1.0f, p->a, s->in, p->v + begin, s->out, 0.0f,
                   p->product + begin, s->out);
  const float *g = p->g, *norm = p->out, *b = p->b;
  for (int r = 0; r < s->rows; r++) {
    const float *ur = p->product + (size_t)r * n;
    float *yr = p->extra + (size_t)r * n;
    for (size_t j = begin; j < end; j++) yr[j] = ur[j] * (g[j] / norm[j]) + b[j];
    if (s->act == WN_RELU) {
      for (size_t j = begin; j < end; j++) yr[j] = yr[j] > 0 ? yr[j] : 0;
    } else if (s->act == WN_SIGMOID) {
      for (size_t j = begin; j < end; j++) yr[j] = 1.0f / (1.0f + expf(-yr[j]));
    }
  }
}

void wn_dense(const wn_shape *s, const float *x, const float *v, const float *g, const float *b, float *y, float *norm,
              float *product) {
  pass p = {.s = s, .a = x, .v = v, .g = g, .b = b, .out = norm, .extra = y, .product = product};
  size_t macs_per_column = (size_t)s->rows * (size_t)s->in;
  size_t columns = (size_t)s->out;
  size_t parts = macs_per_column * columns < SPLIT_MACS ? 1 : parallel_grid();
  if (parts > columns / COLUMN_BLOCK) parts = columns / COLUMN_BLOCK;
  parallel_for_parts(columns, parts, forward_range, &p);
}

/* dz = dy * act'(z), from the output y. */
__attribute__((target_clones("avx2", "default")))
static void pre_activation_grad_range(void *context, size_t begin, size_t end) {
  const pass *p = context;
  const float *restrict dy = p->a, *restrict y = p->b;
  float *restrict dz = p->out;
  if (p->s->act == WN_RELU) {
    for (size_t i = begin; i < end; i++) dz[i] = y[i] > 0 ? dy[i] : 0;
  } else if (p->s->act == WN_SIGMOID) {
    for (size_t i = begin; i < end; i++) dz[i] = dy[i] * y[i] * (1.0f - y[i]);
  } else {
    memcpy(dz + begin, dy + begin, (end - begin) * sizeof(float));
  }
}

static void pre_activation_grad(const wn_shape *s, const float *dy, const float *y, float *dz) {
  pass p = {.s = s, .a = dy, .b = y, .out = dz};
  parallel_for((size_t)s->rows * (size_t)s->out, GRAIN, pre_activation_grad_range, &p);
}

/* out[j] = sum_r a[r][j] over p->rows rows of s->out values. */
__attribute__((target_clones("avx2", "default")))
static void column_sums_range(void *context, size_t begin, size_t end) {
  const pass *p = context;
  size_t n = (size_t)p->s->out;
  for (size_t j = begin; j < end; j++) p->out[j] = 0;
  for (int r = 0; r < p->rows; r++) {
    const float *ar = p->a + (size_t)r * n;
    for (size_t j = begin; j < end; j++) p->out[j] += ar[j];
  }
}

static void column_sums(const wn_shape *s, const float *a, float *out) {
  pass p = {.s = s, .a = a, .out = out, .rows = s->rows};
  parallel_for((size_t)s->out, columns_per_thread(s->rows), column_sums_range, &p);
}

/* ds[j] = sum_r dz[r][j] u[r][j], which equals sum_k V[k][j] (x^T dz)[k][j] without that product:
 * the gradient with respect to s = g / ||V||. */
__attribute__((target_clones("avx2", "default")))
static void scale_grad_range(void *context, size_t begin, size_t end) {
  const pass *p = context;
  size_t n = (size_t)p->s->out;
  for (size_t j = begin; j < end; j++) p->out[j] = 0;
  for (int r = 0; r < p->s->rows; r++) {
    const float *dzr = p->a + (size_t)r * n, *ur = p->b + (size_t)r * n;
    for (size_t j = begin; j < end; j++) p->out[j] += dzr[j] * ur[j];
  }
}

static void scale_grad(const wn_shape *s, const float *dz, const float *product, float *ds) {
  pass p = {.s = s, .a = dz, .b = product, .out = ds};
  parallel_for((size_t)s->out, columns_per_thread(s->rows), scale_grad_range, &p);
}

/* dz[r][j] *= g[j] / norm[j]: the gradient with respect to u. */
__attribute__((target_clones("avx2", "default")))
static void scale_columns_range(void *context, size_t begin, size_t end) {
  const pass *p = context;
  int n = p->s->out;
  for (size_t r = begin; r < end; r++) {
    float *row = p->out + r * (size_t)n;
    for (int j = 0; j < n; j++) row[j] *= p->g[j] / p->norm[j];
  }
}

static void scale_columns(const wn_shape *s, const float *g, const float *norm, float *dz) {
  pass p = {.s = s, .g = g, .norm = norm, .out = dz};
  parallel_for((size_t)s->rows, rows_per_thread(s->out), scale_columns_range, &p);
}

/* Rows of -V * ds' with ds' = ds g / ||V||^3 in p->extra: the gradient through the norm. */
__attribute__((target_clones("avx2", "default")))
static void norm_grad_range(void *context, size_t begin, size_t end) {
  const pass *p = context;
  int n = p->s->out;
  for (size_t k = begin; k < end; k++) {
    const float *vr = p->a + k * (size_t)n;
    float *out = p->out + k * (size_t)n;
    for (int j = 0; j < n; j++) out[j] = -p->extra[j] * vr[j];
  }
}

/* dV = x^T (dz s) - V * ds g / ||V||^3: the gradient through the norm, then the product's added to it. */
static void direction_grad(const wn_shape *s, const wn_saved *t, float *dz, float *ds, float *out) {
  for (int j = 0; j < s->out; j++) ds[j] *= t->g[j] / (t->norm[j] * t->norm[j] * t->norm[j]);
  pass p = {.s = s, .a = t->v, .out = out, .extra = ds};
  parallel_for((size_t)s->in, rows_per_thread(s->out), norm_grad_range, &p);
  scale_columns(s, t->g, t->norm, dz);
  blas_sgemm(true, false, s->in, s->out, s->rows, 1.0f, t->x, s->in, dz, s->out, 1.0f, out, s->out);
}

bool wn_dense_grad(const wn_shape *s, wn_grad wrt, const wn_saved *t, float *out) {
  size_t n = (size_t)s->out;
  /* dz, then ds. */
  float *dz = malloc(((size_t)s->rows * n + n) * sizeof(float));
  if (!dz) return false;
  float *ds = dz + (size_t)s->rows * n;
  pre_activation_grad(s, t->dy, t->y, dz);
  switch (wrt) {
    case WN_GRAD_X:
      scale_columns(s, t->g, t->norm, dz);
      blas_sgemm(false, true, s->rows, s->in, s->out, 1.0f, dz, s->out, t->v, s->out, 0.0f, out, s->in);
      break;
    case WN_GRAD_V:
      scale_grad(s, dz, t->u, ds);
      direction_grad(s, t, dz, ds, out);
      break;
    case WN_GRAD_G:
      scale_grad(s, dz, t->u, out);
      for (size_t j = 0; j < n; j++) out[j] /= t->norm[j];
      break;
    case WN_GRAD_B:
      column_sums(s, dz, out);
      break;
  }
  free(dz);
  return true;
}
