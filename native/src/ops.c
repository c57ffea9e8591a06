#include "ops.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "blas.h"
#include "parallel.h"

/* Elements per thread below which an element-wise pass stays on one thread. */
#define ELEMENTWISE_GRAIN ((size_t)1 << 16)

void epilogue(float *y, size_t rows, size_t cols, const float *bias, size_t bias_size, activation act, float alpha) {
  if (!bias && act == ACT_LINEAR) return;
  for (size_t r = 0; r < rows; r++) {
    float *row = y + r * cols;
    if (bias) {
      for (size_t c = 0; c < cols; c++) row[c] += bias[c % bias_size];
    }
    switch (act) {
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

void matmul(const matmul_shape *s, const float *a, const float *b, float *c) {
  int lda = s->trans_a ? s->m : s->k;
  int ldb = s->trans_b ? s->k : s->n;
  for (int i = 0; i < s->batch; i++) {
    blas_sgemm(s->trans_a, s->trans_b, s->m, s->n, s->k, 1.0f, a + i * s->stride_a, lda, b + i * s->stride_b, ldb,
               0.0f, c + (size_t)i * s->m * s->n, s->n);
  }
}

/* im2col scratch, kept between calls: a training step asks for the same sizes again and again. */
static float *scratch;
static size_t scratch_size;

/* Bounds the scratch to 64 MB: CIFAR's first layers would need over 300 MB for a whole batch. */
#define SCRATCH_LIMIT ((size_t)16 << 20)

static float *scratch_for(size_t floats) {
  if (floats > scratch_size) {
    free(scratch);
    scratch = malloc(floats * sizeof(float));
    scratch_size = scratch ? floats : 0;
  }
  return scratch;
}

void ops_release(void) {
  free(scratch);
  scratch = NULL;
  scratch_size = 0;
}

static size_t patch_size(const conv_shape *s) { return (size_t)s->filter_h * s->filter_w * s->in_c; }

/* A 1x1, stride-1, unpadded convolution is one product over all pixels: no im2col needed. */
static bool is_pointwise(const conv_shape *s) {
  return s->filter_h == 1 && s->filter_w == 1 && s->stride_h == 1 && s->stride_w == 1 && s->pad_top == 0 &&
         s->pad_left == 0 && s->out_h == s->in_h && s->out_w == s->in_w;
}

/* Images per chunk, so that one chunk's im2col rows fit the scratch limit. */
static int images_per_chunk(const conv_shape *s) {
  size_t per_image = (size_t)s->out_h * s->out_w * patch_size(s);
  size_t n = per_image ? SCRATCH_LIMIT / per_image : 1;
  if (n < 1) n = 1;
  return n > (size_t)s->batch ? s->batch : (int)n;
}

typedef struct {
  const conv_shape *s;
  const float *x;
  float *col;
} im2col_job;

/* Rows (image, oy, ox) x columns (ky, kx, ci) of the patches of images [begin, end) of the chunk. */
static void im2col_range(void *context, size_t begin, size_t end) {
  const im2col_job *job = context;
  const conv_shape *s = job->s;
  size_t k = patch_size(s);
  size_t row_bytes = (size_t)s->in_c * sizeof(float);
  for (size_t b = begin; b < end; b++) {
    const float *image = job->x + b * s->in_h * s->in_w * s->in_c;
    for (int oy = 0; oy < s->out_h; oy++) {
      for (int ox = 0; ox < s->out_w; ox++) {
        float *dst = job->col + ((b * s->out_h + oy) * s->out_w + ox) * k;
        for (int ky = 0; ky < s->filter_h; ky++) {
          int iy = oy * s->stride_h - s->pad_top + ky * s->dilation_h;
          for (int kx = 0; kx < s->filter_w; kx++, dst += s->in_c) {
            int ix = ox * s->stride_w - s->pad_left + kx * s->dilation_w;
            if (iy < 0 || iy >= s->in_h || ix < 0 || ix >= s->in_w) {
              memset(dst, 0, row_bytes);
            } else {
              memcpy(dst, image + ((size_t)iy * s->in_w + ix) * s->in_c, row_bytes);
            }
          }
        }
      }
    }
  }
}

static void im2col(const conv_shape *s, const float *x, int images, float *col) {
  im2col_job job = {s, x, col};
  parallel_for((size_t)images, 1, im2col_range, &job);
}

typedef struct {
  const conv_shape *s;
  const float *col;
  float *x;
} col2im_job;

/* The adjoint of im2col: adds each patch row back onto the pixels it came from. Images are
 * disjoint, so threads never add to the same pixel. */
static void col2im_range(void *context, size_t begin, size_t end) {
  const col2im_job *job = context;
  const conv_shape *s = job->s;
  size_t k = patch_size(s);
  for (size_t b = begin; b < end; b++) {
    float *image = job->x + b * s->in_h * s->in_w * s->in_c;
    for (int oy = 0; oy < s->out_h; oy++) {
      for (int ox = 0; ox < s->out_w; ox++) {
        const float *src = job->col + ((b * s->out_h + oy) * s->out_w + ox) * k;
        for (int ky = 0; ky < s->filter_h; ky++) {
          int iy = oy * s->stride_h - s->pad_top + ky * s->dilation_h;
          for (int kx = 0; kx < s->filter_w; kx++, src += s->in_c) {
            int ix = ox * s->stride_w - s->pad_left + kx * s->dilation_w;
            if (iy < 0 || iy >= s->in_h || ix < 0 || ix >= s->in_w) continue;
            float *dst = image + ((size_t)iy * s->in_w + ix) * s->in_c;
            for (int c = 0; c < s->in_c; c++) dst[c] += src[c];
          }
        }
      }
    }
  }
}

static void col2im_add(const conv_shape *s, const float *col, int images, float *x) {
  col2im_job job = {s, col, x};
  parallel_for((size_t)images, 1, col2im_range, &job);
}

bool conv2d(const conv_shape *s, const float *x, const float *filter, float *y) {
  int k = (int)patch_size(s);
  if (is_pointwise(s)) {
    blas_sgemm(false, false, s->batch * s->out_h * s->out_w, s->out_c, k, 1.0f, x, k, filter, s->out_c, 0.0f, y,
               s->out_c);
    return true;
  }
  int chunk = images_per_chunk(s);
  size_t in_image = (size_t)s->in_h * s->in_w * s->in_c;
  size_t out_image = (size_t)s->out_h * s->out_w * s->out_c;
  float *col = scratch_for((size_t)chunk * s->out_h * s->out_w * k);
  if (!col) return false;
  for (int b = 0; b < s->batch; b += chunk) {
    int images = s->batch - b < chunk ? s->batch - b : chunk;
    im2col(s, x + b * in_image, images, col);
    blas_sgemm(false, false, images * s->out_h * s->out_w, s->out_c, k, 1.0f, col, k, filter, s->out_c, 0.0f,
               y + b * out_image, s->out_c);
  }
  return true;
}

bool conv2d_backprop_input(const conv_shape *s, const float *dy, const float *filter, float *dx) {
  int k = (int)patch_size(s);
  if (is_pointwise(s)) {
    blas_sgemm(false, true, s->batch * s->out_h * s->out_w, k, s->out_c, 1.0f, dy, s->out_c, filter, s->out_c, 0.0f,
               dx, k);
    return true;
  }
  int chunk = images_per_chunk(s);
  size_t in_image = (size_t)s->in_h * s->in_w * s->in_c;
  size_t out_image = (size_t)s->out_h * s->out_w * s->out_c;
  float *col = scratch_for((size_t)chunk * s->out_h * s->out_w * k);
  if (!col) return false;
  memset(dx, 0, s->batch * in_image * sizeof(float));
  for (int b = 0; b < s->batch; b += chunk) {
    int images = s->batch - b < chunk ? s->batch - b : chunk;
    blas_sgemm(false, true, images * s->out_h * s->out_w, k, s->out_c, 1.0f, dy + b * out_image, s->out_c, filter,
               s->out_c, 0.0f, col, k);
    col2im_add(s, col, images, dx + b * in_image);
  }
  return true;
}

bool conv2d_backprop_filter(const conv_shape *s, const float *x, const float *dy, float *dfilter) {
  int k = (int)patch_size(s);
  if (is_pointwise(s)) {
    blas_sgemm(true, false, k, s->out_c, s->batch * s->out_h * s->out_w, 1.0f, x, k, dy, s->out_c, 0.0f, dfilter,
               s->out_c);
    return true;
  }
  int chunk = images_per_chunk(s);
  size_t in_image = (size_t)s->in_h * s->in_w * s->in_c;
  size_t out_image = (size_t)s->out_h * s->out_w * s->out_c;
  float *col = scratch_for((size_t)chunk * s->out_h * s->out_w * k);
  if (!col) return false;
  for (int b = 0; b < s->batch; b += chunk) {
    int images = s->batch - b < chunk ? s->batch - b : chunk;
    im2col(s, x + b * in_image, images, col);
    blas_sgemm(true, false, k, s->out_c, images * s->out_h * s->out_w, 1.0f, col, k, dy + b * out_image, s->out_c,
               b == 0 ? 0.0f : 1.0f, dfilter, s->out_c);
  }
  return true;
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

void adam_update(const adam_params *p, const float *w, const float *g, const float *m, const float *v, float *w_out,
                 float *m_out, float *v_out, size_t n) {
  adam_job job = {p, w, g, m, v, w_out, m_out, v_out};
  parallel_for(n, ELEMENTWISE_GRAIN, adam_range, &job);
}

typedef struct {
  const float *x, *dy;
  float *out;
  float alpha;
} leaky_job;

__attribute__((target_clones("avx2", "default")))
static void leaky_relu_range(void *context, size_t begin, size_t end) {
  const leaky_job *j = context;
  for (size_t i = begin; i < end; i++) j->out[i] = j->x[i] > 0 ? j->x[i] : j->alpha * j->x[i];
}

__attribute__((target_clones("avx2", "default")))
static void leaky_relu_grad_range(void *context, size_t begin, size_t end) {
  const leaky_job *j = context;
  for (size_t i = begin; i < end; i++) j->out[i] = j->x[i] > 0 ? j->dy[i] : j->alpha * j->dy[i];
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

void moving_average(const float *average, const float *w, float *out, size_t n, float rate) {
  average_job job = {average, w, out, rate};
  parallel_for(n, ELEMENTWISE_GRAIN, moving_average_range, &job);
}
