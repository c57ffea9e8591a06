#include "conv.h"

#include <stdlib.h>
#include <string.h>

#include "blas.h"
#include "parallel.h"

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

void conv_release(void) {
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

/* Rows (image, oy, ox) x columns (ky, kx, ci) of the patches of output rows [begin, end) of the
 * chunk, an output row being one (image, oy): split by rows, a chunk of one image uses every thread. */
static void im2col_range(void *context, size_t begin, size_t end) {
  const im2col_job *job = context;
  const conv_shape *s = job->s;
  size_t k = patch_size(s);
  size_t row_bytes = (size_t)s->in_c * sizeof(float);
  for (size_t r = begin; r < end; r++) {
    size_t b = r / s->out_h;
    int oy = (int)(r % s->out_h);
    const float *image = job->x + b * s->in_h * s->in_w * s->in_c;
    float *dst = job->col + r * s->out_w * k;
    for (int ox = 0; ox < s->out_w; ox++) {
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

static void im2col(const conv_shape *s, const float *x, int images, float *col) {
  im2col_job job = {s, x, col};
  parallel_for((size_t)images * s->out_h, 1, im2col_range, &job);
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
