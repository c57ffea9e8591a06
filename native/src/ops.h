/* Products, reductions and element-wise passes over float32 buffers (the wasm heap). */
#ifndef SSGAN_OPS_H
#define SSGAN_OPS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* The activations tfjs can fuse into a product; the numbers are part of the JS interface. */
typedef enum { ACT_LINEAR = 0, ACT_RELU = 1, ACT_RELU6 = 2, ACT_LEAKY_RELU = 3, ACT_SIGMOID = 4, ACT_ELU = 5 } activation;

/* Adds bias[col % bias_size] (when bias != NULL) and applies the activation to rows x cols values. */
void epilogue(float *y, size_t rows, size_t cols, const float *bias, size_t bias_size, activation act, float alpha);

/* A batch of products C[i] = op(A[i]) op(B[i]); a stride of 0 broadcasts that operand. */
typedef struct {
  int batch, m, n, k;
  bool trans_a, trans_b;
  size_t stride_a, stride_b; /* elements between consecutive matrices */
} matmul_shape;

void matmul(const matmul_shape *s, const float *a, const float *b, float *c);

/* out[j] = scale * sum over i < outer of x[i * inner + j]: a reduction over leading axes. */
void sum_leading(const float *x, float *out, size_t outer, size_t inner, float scale);

/* out row r = x row indices[r]; returns false (and leaves out partly written) on an index outside [0, rows). */
bool gather_rows(const float *x, const int32_t *indices, float *out, size_t count, size_t row_size, size_t rows);

/* One Adam step in a single pass (v_hat / sqrt(m2_hat + eps), the authors' form):
 * m' = b1 m + (1 - b1) g;  v' = b2 v + (1 - b2) g^2;  w' = w - step * m' / sqrt(v' * correction + eps). */
typedef struct {
  float step, beta1, beta2, epsilon, correction;
} adam_params;

/* One Adam step; the outputs may be the inputs w, m, v themselves (an update in place). */
void adam_update(const adam_params *p, const float *w, const float *g, const float *m, const float *v, float *w_out,
                 float *m_out, float *v_out, size_t n);

/* out = average + rate * (w - average): one step of an exponential moving average; out may be average. */
void moving_average(const float *average, const float *w, float *out, size_t n, float rate);

/* y = x > 0 ? x : alpha x, and its gradient dx = x > 0 ? dy : alpha dy, each in one pass. */
void leaky_relu(const float *x, float *y, size_t n, float alpha);
void leaky_relu_grad(const float *dy, const float *x, float *dx, size_t n, float alpha);


#endif
