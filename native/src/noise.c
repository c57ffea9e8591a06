#include "noise.h"

#include <math.h>

#include "parallel.h"

/* The standard normal ziggurat's 128-layer constants (Marsaglia & Tsang 2000). */
#define LAYERS 128
static const double R = 3.442619855899;
static const double V = 9.91256303526217e-3;
static const double TO_UNIT = 1.0 / 16777216.0; /* 2^-24 */

static double edge[LAYERS + 1]; /* edge[i] is layer i's right end; edge[0] the base's virtual width */
static double height[LAYERS + 1]; /* f(edge[i]) */
/* The fast path's float32 tables: edge[i] * 2^-24 (for a 24-bit integer draw) and edge[i + 1]. */
static float scaled_edge[LAYERS];
static float inner_edge[LAYERS];

/* Values per block of the first pass; the redo list of a block lives on the stack. */
#define REDO_BLOCK 4096

static double density(double x) { return exp(-0.5 * x * x); }

void noise_init(void) {
  edge[0] = V / density(R);
  edge[1] = R;
  for (int i = 1; i < LAYERS - 1; i++) edge[i + 1] = sqrt(-2.0 * log(V / edge[i] + density(edge[i])));
  edge[LAYERS] = 0.0;
  for (int i = 0; i <= LAYERS; i++) height[i] = density(edge[i]);
  for (int i = 0; i < LAYERS; i++) {
    scaled_edge[i] = (float)(edge[i] * TO_UNIT);
    inner_edge[i] = (float)edge[i + 1];
  }
}

/* A 32-bit bijective mixer (xorshift-multiply rounds). */
static inline uint32_t mix32(uint32_t x) {
  x ^= x >> 16;
  x *= 0x21f0aaadu;
  x ^= x >> 15;
  x *= 0x735a2d97u;
  x ^= x >> 15;
  return x;
}

/* Word `sub` of counter c: sub-words feed rejection retries without touching other counters. */
static inline uint32_t word(uint32_t k0, uint32_t k1, uint64_t c, uint32_t sub) {
  return mix32(mix32((uint32_t)c + k0) ^ ((uint32_t)(c >> 32) + k1 + sub * 0x9e3779b9u));
}

/* A uniform in (0, 1), safe for log. */
static inline double open_unit(uint32_t w) { return ((w >> 8) + 0.5) * TO_UNIT; }

static double normal_at(uint32_t k0, uint32_t k1, uint64_t c) {
  for (uint32_t attempt = 0;; attempt++) {
    uint32_t w = word(k0, k1, c, 2 * attempt);
    int layer = w & (LAYERS - 1);
    double sign = (w & LAYERS) ? -1.0 : 1.0;
    double x = (w >> 8) * TO_UNIT * edge[layer];
    if (x < edge[layer + 1]) return sign * x;
    if (layer == 0) {
      /* Beyond R: draw from the tail until accepted. Starting over here instead would thin the
       * tail by its rejection rate (about 8%). */
      for (uint32_t sub = 2 * attempt + 1;; sub += 2) {
        double a = -log(open_unit(word(k0, k1, c, sub))) / R;
        if (-2.0 * log(open_unit(word(k0, k1, c, sub + 1))) > a * a) return sign * (R + a);
      }
    }
    double u1 = open_unit(word(k0, k1, c, 2 * attempt + 1));
    if (height[layer] + u1 * (height[layer + 1] - height[layer]) < density(x)) return sign * x;
  }
}

/*
 * Two passes: a branch-free pass, in float32 so that it vectorises, takes the fast path for every
 * value (97% of them are final), then the values outside their layer's rectangle are redrawn.
 */
__attribute__((target_clones("avx2", "default")))
static void fast_pass(float *out, uint8_t *outside, size_t count, float std, uint32_t k0, uint32_t k1, uint64_t start) {
  for (size_t j = 0; j < count; j++) {
    uint32_t w = word(k0, k1, start + j, 0);
    uint32_t layer = w & (LAYERS - 1);
    float x = (float)(w >> 8) * scaled_edge[layer];
    out[j] = ((w & LAYERS) ? -std : std) * x;
    outside[j] = x >= inner_edge[layer];
  }
}

/* out += add over a block still in cache; the same float sums as adding a noise tensor afterwards. */
__attribute__((target_clones("avx2", "default")))
static void add_block(float *restrict out, const float *restrict add, size_t count) {
  for (size_t i = 0; i < count; i++) out[i] = add[i] + out[i];
}

typedef struct {
  float *out;
  const float *add;
  size_t n;
  double std;
  uint32_t k0, k1;
  uint64_t start;
  double low, high;
} fill_job;

/* Blocks [begin, end) of REDO_BLOCK values; each value depends on its counter only, so any split
 * over threads gives the same values. */
static void fill_normal_blocks(void *context, size_t begin, size_t end) {
  const fill_job *j = context;
  uint8_t outside[REDO_BLOCK];
  for (size_t block = begin; block < end; block++) {
    size_t base = block * REDO_BLOCK;
    size_t count = j->n - base < REDO_BLOCK ? j->n - base : REDO_BLOCK;
    fast_pass(j->out + base, outside, count, (float)j->std, j->k0, j->k1, j->start + base);
    for (size_t i = 0; i < count; i++) {
      if (outside[i]) j->out[base + i] = (float)(j->std * normal_at(j->k0, j->k1, j->start + base + i));
    }
    if (j->add) add_block(j->out + base, j->add + base, count);
  }
}

void fill_normal(float *out, const float *add, size_t n, double std, uint32_t k0, uint32_t k1, uint64_t start) {
  fill_job job = {out, add, n, std, k0, k1, start, 0, 0};
  parallel_for((n + REDO_BLOCK - 1) / REDO_BLOCK, 16, fill_normal_blocks, &job);
}

__attribute__((target_clones("avx2", "default")))
static void fill_uniform_range(void *context, size_t begin, size_t end) {
  const fill_job *j = context;
  double span = j->high - j->low;
  for (size_t i = begin; i < end; i++) {
    j->out[i] = (float)(j->low + span * ((word(j->k0, j->k1, j->start + i, 0) >> 8) * TO_UNIT));
  }
}

void fill_uniform(float *out, size_t n, double low, double high, uint32_t k0, uint32_t k1, uint64_t start) {
  fill_job job = {out, NULL, n, 0, k0, k1, start, low, high};
  parallel_for(n, (size_t)1 << 16, fill_uniform_range, &job);
}

typedef struct {
  const float *x;
  float *out;
  float rate, scale;
  uint32_t k0, k1;
  uint64_t start;
} dropout_job;

/* The uniform of fill_uniform(0, 1) at each counter, compared and scaled as float32 tensors would be. */
__attribute__((target_clones("avx2", "default")))
static void dropout_range(void *context, size_t begin, size_t end) {
  const dropout_job *j = context;
  const float *restrict x = j->x;
  float *restrict out = j->out;
  for (size_t i = begin; i < end; i++) {
    float u = (float)((word(j->k0, j->k1, j->start + i, 0) >> 8) * TO_UNIT);
    out[i] = x[i] * (u >= j->rate ? j->scale : 0.0f);
  }
}

void dropout(const float *x, float *out, size_t n, float rate, float scale, uint32_t k0, uint32_t k1, uint64_t start) {
  dropout_job job = {x, out, rate, scale, k0, k1, start};
  parallel_for(n, (size_t)1 << 16, dropout_range, &job);
}
