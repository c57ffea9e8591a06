/* The softplus gradient in one pass (the generators' activation after batch norm). */
#ifndef SSGAN_ACTIVATION_H
#define SSGAN_ACTIVATION_H

#include <stddef.h>

/* dx = dy / (1 + e^-x), the derivative of softplus times dy. */
void softplus_grad(const float *dy, const float *x, float *dx, size_t n);

#endif
