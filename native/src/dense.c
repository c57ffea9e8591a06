#include "dense.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "blas.h"

/* Column norms sqrt(sum_k v[k][j]^2 + eps), row by row so the inner loop vectorises. */
__attribute__((target_clones("avx2", "default")))
static void column_norms(const wn_shape *s, const float *v, float *norm) {
  int n = s->out;
  memset(norm, 0, (size_t)n * sizeof(float));
  for (int k = 0; k < s->in; k++) {
    const float *row = v + (size_t)k * n;
    for (int j = 0; j < n; j++) norm[j] += row[j] * row[j];
  }
  for (int j = 0; j < n; j++) norm[j] = sqrtf(norm[j] + s->epsilon);
}

__attribute__((target_clones("avx2", "default")))
static void scale_bias_activate(const wn_shape *s, const float *g, const float *norm, const float *b, float *y) {
  int n = s->out;
  for (int r = 0; r < s->rows; r++) {
    float *yr = y + (size_t)r * n;
    for (int j = 0; j < n; j++) yr[j] = yr[j] * (g[j] / norm[j]) + b[j];
    if (s->act == WN_RELU) {
      for (int j = 0; j < n; j++) yr[j] = yr[j] > 0 ? yr[j] : 0;
    } else if (s->act == WN_SIGMOID) {
      for (int j = 0; j < n; j++) yr[j] = 1.0f / (1.0f + expf(-yr[j]));
    }
  }
}

bool wn_dense(const wn_shape *s, const float *x, const float *v, const float *g, const float *b, float *y) {
  float *norm = malloc((size_t)s->out * sizeof(float));
  if (!norm) return false;
  column_norms(s, v, norm);
  blas_sgemm(false, false, s->rows, s->out, s->in, 1.0f, x, s->in, v, s->out, 0.0f, y, s->out);
  scale_bias_activate(s, g, norm, b, y);
  free(norm);
  return true;
}

/* dz = dy * act'(z), from the output y. */
__attribute__((target_clones("avx2", "default")))
static void pre_activation_grad(const wn_shape *s, const float *dy, const float *y, float *dz) {
  size_t count = (size_t)s->rows * s->out;
  if (s->act == WN_RELU) {
    for (size_t i = 0; i < count; i++) dz[i] = y[i] > 0 ? dy[i] : 0;
  } else if (s->act == WN_SIGMOID) {
    for (size_t i = 0; i < count; i++) dz[i] = dy[i] * y[i] * (1.0f - y[i]);
  } else {
    memcpy(dz, dy, count * sizeof(float));
  }
}

/* out[j] = sum_r a[r][j] over `rows` rows of s->out values. */
__attribute__((target_clones("avx2", "default")))
static void column_sums(int rows, int n, const float *a, float *out) {
  memset(out, 0, (size_t)n * sizeof(float));
  for (int r = 0; r < rows; r++) {
    const float *ar = a + (size_t)r * n;
    for (int j = 0; j < n; j++) out[j] += ar[j];
  }
}

/* ds[j] = sum_k V[k][j] P[k][j], with P = x^T dz: the gradient with respect to s. */
__attribute__((target_clones("avx2", "default")))
static void scale_grad(const wn_shape *s, const float *v, const float *p, float *ds) {
  int n = s->out;
  memset(ds, 0, (size_t)n * sizeof(float));
  for (int k = 0; k < s->in; k++) {
    const float *vr = v + (size_t)k * n, *pr = p + (size_t)k * n;
    for (int j = 0; j < n; j++) ds[j] += vr[j] * pr[j];
  }
}

/* dz[r][j] *= g[j] / norm[j]: the gradient with respect to u. */
__attribute__((target_clones("avx2", "default")))
static void scale_columns(const wn_shape *s, const float *g, const float *norm, float *dz) {
  int n = s->out;
  for (int r = 0; r < s->rows; r++) {
    float *row = dz + (size_t)r * n;
    for (int j = 0; j < n; j++) row[j] *= g[j] / norm[j];
  }
}

/* dV = s P - V * ds g / ||V||^3 in place of P: the product's gradient and the one through the norm. */
__attribute__((target_clones("avx2", "default")))
static void direction_grad(const wn_shape *s, const float *v, const float *g, const float *norm, float *ds, float *p) {
  int n = s->out;
  for (int j = 0; j < n; j++) ds[j] *= g[j] / (norm[j] * norm[j] * norm[j]);
  for (int k = 0; k < s->in; k++) {
    const float *vr = v + (size_t)k * n;
    float *pr = p + (size_t)k * n;
    for (int j = 0; j < n; j++) pr[j] = pr[j] * (g[j] / norm[j]) - ds[j] * vr[j];
  }
}

bool wn_dense_grad(const wn_shape *s, wn_grad wrt, const wn_saved *t, float *out) {
  size_t n = (size_t)s->out, in_out = (size_t)s->in * n;
  /* dz, then the norms and ds, then (for dg) P. */
  size_t scratch = (size_t)s->rows * n + 2 * n + (wrt == WN_GRAD_G ? in_out : 0);
  float *dz = malloc(scratch * sizeof(float));
  if (!dz) return false;
  float *norm = dz + (size_t)s->rows * n, *ds = norm + n;
  pre_activation_grad(s, t->dy, t->y, dz);
  if (wrt != WN_GRAD_B) column_norms(s, t->v, norm);
  switch (wrt) {
    case WN_GRAD_X:
      scale_columns(s, t->g, norm, dz);
      blas_sgemm(false, true, s->rows, s->in, s->out, 1.0f, dz, s->out, t->v, s->out, 0.0f, out, s->in);
      break;
    case WN_GRAD_V:
      blas_sgemm(true, false, s->in, s->out, s->rows, 1.0f, t->x, s->in, dz, s->out, 0.0f, out, s->out);
      scale_grad(s, t->v, out, ds);
      direction_grad(s, t->v, t->g, norm, ds, out);
      break;
    case WN_GRAD_G: {
      float *p = ds + n;
      blas_sgemm(true, false, s->in, s->out, s->rows, 1.0f, t->x, s->in, dz, s->out, 0.0f, p, s->out);
      scale_grad(s, t->v, p, out);
      for (size_t j = 0; j < n; j++) out[j] /= norm[j];
      break;
    }
    case WN_GRAD_B:
      column_sums(s->rows, s->out, dz, out);
      break;
  }
  free(dz);
  return true;
}
