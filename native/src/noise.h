/*
 * Counter-based seeded noise: value i of a stream with key (k0, k1) depends only on the key and
 * the counter (start + i), so a stream's state is two words and a count, and any split of the work
 * gives the same values. src/engine/counter-noise.ts computes the same values in JavaScript.
 */
#ifndef SSGAN_NOISE_H
#define SSGAN_NOISE_H

#include <stddef.h>
#include <stdint.h>

void noise_init(void);
/* out[i] = std * N(0, 1) drawn at counter start + i (ziggurat, 128 layers), plus add[i] unless add is
 * NULL (a noise layer's x + noise in one pass). */
void fill_normal(float *out, const float *add, size_t n, double std, uint32_t k0, uint32_t k1, uint64_t start);
/* out[i] = low + (high - low) * U[0, 1) drawn at counter start + i. */
void fill_uniform(float *out, size_t n, double low, double high, uint32_t k0, uint32_t k1, uint64_t start);
/* out[i] = x[i] * (u_i >= rate ? scale : 0), u_i the uniform fill_uniform(0, 1) draws at counter
 * start + i: inverted dropout in one pass, and (applied to dy) its gradient, from the same counters. */
void dropout(const float *x, float *out, size_t n, float rate, float scale, uint32_t k0, uint32_t k1, uint64_t start);

#endif
