/*
 * A weight-normalised dense layer, y = act((x V) * s + b) with s = g / ||V|| per column
 * (Salimans & Kingma 2016), in one call forward and one call per gradient: the alternative is a
 * dozen tfjs kernels (and as many passes over V) per layer and step. Each gradient is separate so
 * that autodiff computes only those it needs (no dx for the first layer, no dV when training G).
 */
#ifndef SSGAN_DENSE_H
#define SSGAN_DENSE_H

#include <stdbool.h>

/* Activations whose gradient follows from the output alone; the numbers are part of the JS interface. */
typedef enum { WN_LINEAR = 0, WN_RELU = 1, WN_SIGMOID = 2 } wn_activation;

/* Which input a gradient is for; the numbers are part of the JS interface. */
typedef enum { WN_GRAD_X = 0, WN_GRAD_V = 1, WN_GRAD_G = 2, WN_GRAD_B = 3 } wn_grad;

typedef struct {
  int rows, in, out; /* x is rows x in, V is in x out, y is rows x out */
  float epsilon;     /* ||V|| = sqrt(sum of squares + epsilon) */
  wn_activation act;
} wn_shape;

/* Writes y, the column norms ||V|| and the product u = x V, which the gradients take back instead
 * of reading V again or recomputing a product. */
void wn_dense(const wn_shape *s, const float *x, const float *v, const float *g, const float *b, float *y, float *norm,
              float *product);

/* The tensors a gradient reads: dy, the forward outputs (y, norms, u) and the inputs. */
typedef struct {
  const float *dy, *y, *norm, *u, *x, *v, *g;
} wn_saved;

/* Writes the gradient with respect to `wrt` into out; returns false when out of memory. */
bool wn_dense_grad(const wn_shape *s, wn_grad wrt, const wn_saved *t, float *out);

#endif
