#include "blas.h"

#include <dlfcn.h>
#include <stdio.h>

#include "parallel.h"

enum { ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112 };

typedef void (*sgemm_fn)(int, int, int, int, int, int, float, const float *, int, const float *, int, float,
                         float *, int);
typedef void (*set_threads_fn)(int);
typedef char *(*get_config_fn)(void);

static sgemm_fn sgemm;
static set_threads_fn set_threads;
static get_config_fn get_config;

/* Debian's runtime packages (libopenblas0-pthread and friends) install the versioned name only. */
static const char *const LIBRARIES[] = {"libopenblas.so.0", "libopenblas.so"};

bool blas_open(char *error, size_t error_size) {
  if (sgemm) return true;
  void *lib = NULL;
  for (size_t i = 0; i < sizeof LIBRARIES / sizeof *LIBRARIES && !lib; i++) lib = dlopen(LIBRARIES[i], RTLD_NOW);
  if (!lib) {
    snprintf(error, error_size, "OpenBLAS not found (%s)", dlerror());
    return false;
  }
  sgemm = (sgemm_fn)dlsym(lib, "cblas_sgemm");
  set_threads = (set_threads_fn)dlsym(lib, "openblas_set_num_threads");
  get_config = (get_config_fn)dlsym(lib, "openblas_get_config");
  if (!sgemm || !set_threads || !get_config) {
    snprintf(error, error_size, "the OpenBLAS library lacks cblas_sgemm or its thread controls");
    sgemm = NULL;
    return false;
  }
  /* OpenBLAS itself stays on one thread: products split over the addon's pool (parallel.c) instead,
   * whose threads also run every other pass. OpenBLAS's own idle threads spin in sched_yield between
   * products and took the second core from those passes. */
  set_threads(1);
  return true;
}

const char *blas_config(void) { return get_config ? get_config() : NULL; }

typedef struct {
  bool trans_a, trans_b, split_rows;
  int m, n, k, lda, ldb, ldc;
  float alpha, beta;
  const float *a, *b;
  float *c;
} sgemm_job;

/* Rows [begin, end) of C, or its columns: every element of C is one part's, summed over all of k.
 * The BLAS kernel may round a part's elements differently from the whole product's (OpenBLAS's Zen
 * kernels do), so the parts are fixed by the shape and the machine, never by the thread count. */
static void sgemm_range(void *context, size_t begin, size_t end) {
  const sgemm_job *j = context;
  int first = (int)begin, count = (int)(end - begin);
  if (count <= 0) return;
  if (j->split_rows) {
    const float *a = j->trans_a ? j->a + first : j->a + (size_t)first * j->lda;
    sgemm(ROW_MAJOR, j->trans_a ? TRANS : NO_TRANS, j->trans_b ? TRANS : NO_TRANS, count, j->n, j->k, j->alpha, a, j->lda,
          j->b, j->ldb, j->beta, j->c + (size_t)first * j->ldc, j->ldc);
  } else {
    const float *b = j->trans_b ? j->b + (size_t)first * j->ldb : j->b + first;
    sgemm(ROW_MAJOR, j->trans_a ? TRANS : NO_TRANS, j->trans_b ? TRANS : NO_TRANS, j->m, count, j->k, j->alpha, j->a,
          j->lda, b, j->ldb, j->beta, j->c + first, j->ldc);
  }
}

/* Below this many multiply-adds a product stays on one thread. */
#define SPLIT_MACS ((size_t)1 << 20)
/* Rows or columns per part at least, when a product is split. */
#define MIN_BLOCK 32

void blas_sgemm(bool trans_a, bool trans_b, int m, int n, int k, float alpha, const float *a, int lda,
                const float *b, int ldb, float beta, float *c, int ldc) {
  sgemm_job job = {trans_a, trans_b, m >= n, m, n, k, lda, ldb, ldc, alpha, beta, a, b, c};
  size_t macs = (size_t)m * n * k;
  size_t span = job.split_rows ? (size_t)m : (size_t)n;
  size_t parts = macs < SPLIT_MACS ? 1 : parallel_grid();
  if (parts > span / MIN_BLOCK) parts = span / MIN_BLOCK;
  parallel_for_parts(span, parts, sgemm_range, &job);
}

void blas_sgemm_whole(bool trans_a, bool trans_b, int m, int n, int k, float alpha, const float *a, int lda,
                      const float *b, int ldb, float beta, float *c, int ldc) {
  sgemm(ROW_MAJOR, trans_a ? TRANS : NO_TRANS, trans_b ? TRANS : NO_TRANS, m, n, k, alpha, a, lda, b, ldb, beta, c, ldc);
}
