/* Convolutions as im2col + BLAS products, over float32 buffers (the wasm heap). */
#ifndef SSGAN_CONV_H
#define SSGAN_CONV_H

#include <stdbool.h>
#include <stddef.h>

/* NHWC input [batch, in_h, in_w, in_c], HWIO filter [filter_h, filter_w, in_c, out_c], NHWC output. */
typedef struct {
  int batch, in_h, in_w, in_c, out_h, out_w, out_c;
  int filter_h, filter_w, stride_h, stride_w, pad_top, pad_left, dilation_h, dilation_w;
} conv_shape;

/* Each returns false when the im2col scratch cannot be allocated. */
bool conv2d(const conv_shape *s, const float *x, const float *filter, float *y);
bool conv2d_backprop_input(const conv_shape *s, const float *dy, const float *filter, float *dx);
bool conv2d_backprop_filter(const conv_shape *s, const float *x, const float *dy, float *dfilter);

/* Frees the im2col scratch buffer. */
void conv_release(void);

#endif
