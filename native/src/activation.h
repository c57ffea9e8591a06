/* Softplus and its gradient, each in one pass (the generators' activation after batch norm). */
#ifndef SSGAN_ACTIVATION_H
#define SSGAN_ACTIVATION_H

#include <stddef.h>

/* y = log(1 + e^x), written max(x, 0) + log1p(e^-|x|) so that no exp overflows. */
void softplus(const float *x, float *y, size_t n);

/* dx = dy / (1 + e^-x), the derivative of softplus times dy. */
void softplus_grad(const float *dy, const float *x, float *dx, size_t n);

#endif
