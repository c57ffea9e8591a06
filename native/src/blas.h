/* OpenBLAS, opened at run time so the addon builds without BLAS headers and loads without BLAS. */
#ifndef SSGAN_BLAS_H
#define SSGAN_BLAS_H

#include <stdbool.h>
#include <stddef.h>

/* Opens the library; on failure returns false and writes the reason to `error`. */
bool blas_open(char *error, size_t error_size);
/* The library's own description (version, core), or NULL before blas_open. */
const char *blas_config(void);
/* Row-major C = alpha * op(A) op(B) + beta * C, with op(A) of size m x k and op(B) k x n, cut into
 * parallel_grid() parts over the compute threads when it is large enough. */
void blas_sgemm(bool trans_a, bool trans_b, int m, int n, int k, float alpha, const float *a, int lda,
                const float *b, int ldb, float beta, float *c, int ldc);
/* The same in one call on this thread: for a part of work that is already split. */
void blas_sgemm_whole(bool trans_a, bool trans_b, int m, int n, int k, float alpha, const float *a, int lda,
                      const float *b, int ldb, float beta, float *c, int ldc);

#endif
