#include "blas.h"

#include <dlfcn.h>
#include <stdio.h>

enum { ROW_MAJOR = 101, NO_TRANS = 111, TRANS = 112 };

typedef void (*sgemm_fn)(int, int, int, int, int, int, float, const float *, int, const float *, int, float,
                         float *, int);
typedef void (*set_threads_fn)(int);
typedef int (*get_threads_fn)(void);
typedef char *(*get_config_fn)(void);

static sgemm_fn sgemm;
static set_threads_fn set_threads;
static get_threads_fn get_threads;
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
  get_threads = (get_threads_fn)dlsym(lib, "openblas_get_num_threads");
  get_config = (get_config_fn)dlsym(lib, "openblas_get_config");
  if (!sgemm || !set_threads || !get_threads || !get_config) {
    snprintf(error, error_size, "the OpenBLAS library lacks cblas_sgemm or its thread controls");
    sgemm = NULL;
    return false;
  }
  return true;
}

const char *blas_config(void) { return get_config ? get_config() : NULL; }

void blas_set_threads(int threads) { set_threads(threads); }

int blas_threads(void) { return get_threads(); }

void blas_sgemm(bool trans_a, bool trans_b, int m, int n, int k, float alpha, const float *a, int lda,
                const float *b, int ldb, float beta, float *c, int ldc) {
  sgemm(ROW_MAJOR, trans_a ? TRANS : NO_TRANS, trans_b ? TRANS : NO_TRANS, m, n, k, alpha, a, lda, b, ldb, beta, c,
        ldc);
}
