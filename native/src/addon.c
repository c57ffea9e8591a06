/*
 * N-API entry points. Every kernel works in place on the wasm backend's heap (a Uint8Array view):
 * tensors are addressed by byte offsets, so no data is copied between JavaScript and C.
 */
#define NAPI_VERSION 8
#include <node_api.h>
#include <stdio.h>

#include "activation.h"
#include "blas.h"
#include "conv.h"
#include "dense.h"
#include "noise.h"
#include "ops.h"
#include "parallel.h"

#define MAX_ARGS 16

typedef struct {
  napi_env env;
  napi_value argv[MAX_ARGS];
  size_t argc;
  bool failed;
} args;

static bool read_args(napi_env env, napi_callback_info info, args *a, size_t expected) {
  a->env = env;
  a->argc = MAX_ARGS;
  a->failed = false;
  napi_get_cb_info(env, info, &a->argc, a->argv, NULL, NULL);
  if (a->argc < expected) {
    napi_throw_type_error(env, NULL, "ssgan native: too few arguments");
    return false;
  }
  return true;
}

static double num(args *a, size_t i) {
  double v = 0;
  if (napi_get_value_double(a->env, a->argv[i], &v) != napi_ok) a->failed = true;
  return v;
}

static int64_t integer(args *a, size_t i) {
  int64_t v = 0;
  if (napi_get_value_int64(a->env, a->argv[i], &v) != napi_ok) a->failed = true;
  return v;
}

static bool flag(args *a, size_t i) {
  bool v = false;
  if (napi_get_value_bool(a->env, a->argv[i], &v) != napi_ok) a->failed = true;
  return v;
}

typedef struct {
  char *data;
  size_t size;
} heap;

/*
 * The heap as a Uint8Array over it (or the ArrayBuffer itself). Threaded wasm keeps its heap in a
 * SharedArrayBuffer, which N-API reaches only through a typed array.
 */
static heap heap_arg(args *a, size_t i) {
  heap h = {NULL, 0};
  void *data = NULL;
  bool is_view = false;
  napi_typedarray_type type;
  napi_is_typedarray(a->env, a->argv[i], &is_view);
  if (is_view) {
    if (napi_get_typedarray_info(a->env, a->argv[i], &type, &h.size, &data, NULL, NULL) != napi_ok || type != napi_uint8_array)
      a->failed = true;
  } else if (napi_get_arraybuffer_info(a->env, a->argv[i], &data, &h.size) != napi_ok) {
    a->failed = true;
  }
  h.data = data;
  return h;
}

/* The float32 array of `count` values at byte `offset`, or NULL (and a failure) when out of range. */
static float *floats_at(args *a, heap h, int64_t offset, size_t count) {
  if (offset < 0 || offset % 4 != 0 || (size_t)offset + count * sizeof(float) > h.size) {
    a->failed = true;
    return NULL;
  }
  return (float *)(h.data + offset);
}

static napi_value finish(args *a) {
  if (a->failed) napi_throw_range_error(a->env, NULL, "ssgan native: bad argument or offset outside the heap");
  return NULL;
}

static napi_value js_string(napi_env env, const char *s) {
  napi_value v;
  napi_create_string_utf8(env, s, NAPI_AUTO_LENGTH, &v);
  return v;
}

/* open() -> description of the BLAS; throws with the reason when it cannot be loaded. */
static napi_value js_open(napi_env env, napi_callback_info info) {
  (void)info;
  char error[512];
  if (!blas_open(error, sizeof error)) {
    napi_throw_error(env, NULL, error);
    return NULL;
  }
  return js_string(env, blas_config());
}

static napi_value js_set_threads(napi_env env, napi_callback_info info) {
  args a;
  if (!read_args(env, info, &a, 1)) return NULL;
  int64_t n = integer(&a, 0);
  if (!a.failed && n > 0) {
    parallel_set_threads((int)n);
  }
  return finish(&a);
}

static napi_value js_threads(napi_env env, napi_callback_info info) {
  (void)info;
  napi_value v;
  napi_create_int32(env, parallel_threads(), &v);
  return v;
}

/* matmul(heap, aOff, bOff, cOff, batch, m, n, k, transA, transB, strideA, strideB, biasOff, biasSize, act, alpha) */
static napi_value js_matmul(napi_env env, napi_callback_info info) {
  args a;
  if (!read_args(env, info, &a, 16)) return NULL;
  heap h = heap_arg(&a, 0);
  matmul_shape s = {(int)integer(&a, 4), (int)integer(&a, 5), (int)integer(&a, 6), (int)integer(&a, 7),
                    flag(&a, 8), flag(&a, 9), (size_t)integer(&a, 10), (size_t)integer(&a, 11)};
  int64_t bias_off = integer(&a, 12);
  size_t bias_size = (size_t)integer(&a, 13);
  activation act = (activation)integer(&a, 14);
  float alpha = (float)num(&a, 15);
  if (a.failed) return finish(&a);
  size_t a_count = s.stride_a * (s.batch - 1) + (size_t)s.m * s.k;
  size_t b_count = s.stride_b * (s.batch - 1) + (size_t)s.k * s.n;
  size_t c_count = (size_t)s.batch * s.m * s.n;
  const float *pa = floats_at(&a, h, integer(&a, 1), a_count);
  const float *pb = floats_at(&a, h, integer(&a, 2), b_count);
  float *pc = floats_at(&a, h, integer(&a, 3), c_count);
  const float *bias = bias_off < 0 ? NULL : floats_at(&a, h, bias_off, bias_size);
  if (a.failed) return finish(&a);
  matmul(&s, pa, pb, pc);
  epilogue(pc, (size_t)s.batch * s.m, s.n, bias, bias_size, act, alpha);
  return NULL;
}

enum { CONV_FORWARD = 0, CONV_BACKPROP_INPUT = 1, CONV_BACKPROP_FILTER = 2 };

/*
 * conv(kind, heap, firstOff, secondOff, outOff, dims, biasOff, biasSize, act, alpha) with dims an
 * Int32Array in conv_shape's field order. Forward: (x, filter) -> y; backprop input: (dy, filter)
 * -> dx; backprop filter: (x, dy) -> dfilter. Bias and activation apply to the forward output only.
 */
static napi_value js_conv(napi_env env, napi_callback_info info) {
  args a;
  if (!read_args(env, info, &a, 10)) return NULL;
  int64_t kind = integer(&a, 0);
  heap h = heap_arg(&a, 1);
  napi_typedarray_type type;
  size_t length = 0;
  void *dims = NULL;
  if (napi_get_typedarray_info(env, a.argv[5], &type, &length, &dims, NULL, NULL) != napi_ok || type != napi_int32_array ||
      length != sizeof(conv_shape) / sizeof(int)) {
    a.failed = true;
    return finish(&a);
  }
  conv_shape s = *(const conv_shape *)dims;
  int64_t bias_off = integer(&a, 6);
  size_t bias_size = (size_t)integer(&a, 7);
  activation act = (activation)integer(&a, 8);
  float alpha = (float)num(&a, 9);
  size_t x_count = (size_t)s.batch * s.in_h * s.in_w * s.in_c;
  size_t y_count = (size_t)s.batch * s.out_h * s.out_w * s.out_c;
  size_t f_count = (size_t)s.filter_h * s.filter_w * s.in_c * s.out_c;
  size_t counts[3][3] = {{x_count, f_count, y_count}, {y_count, f_count, x_count}, {x_count, y_count, f_count}};
  if (a.failed || kind < 0 || kind > 2) {
    a.failed = true;
    return finish(&a);
  }
  const float *first = floats_at(&a, h, integer(&a, 2), counts[kind][0]);
  const float *second = floats_at(&a, h, integer(&a, 3), counts[kind][1]);
  float *out = floats_at(&a, h, integer(&a, 4), counts[kind][2]);
  const float *bias = bias_off < 0 ? NULL : floats_at(&a, h, bias_off, bias_size);
  if (a.failed) return finish(&a);
  bool ok = kind == CONV_FORWARD           ? conv2d(&s, first, second, out)
            : kind == CONV_BACKPROP_INPUT ? conv2d_backprop_input(&s, first, second, out)
                                          : conv2d_backprop_filter(&s, first, second, out);
  if (!ok) {
    napi_throw_error(env, NULL, "ssgan native: out of memory for the im2col buffer");
    return NULL;
  }
  if (kind == CONV_FORWARD) epilogue(out, y_count / s.out_c, s.out_c, bias, bias_size, act, alpha);
  return NULL;
}

/* sumLeading(heap, xOff, outOff, outer, inner, scale) */
static napi_value js_sum_leading(napi_env env, napi_callback_info info) {
  args a;
  if (!read_args(env, info, &a, 6)) return NULL;
  heap h = heap_arg(&a, 0);
  size_t outer = (size_t)integer(&a, 3), inner = (size_t)integer(&a, 4);
  const float *x = floats_at(&a, h, integer(&a, 1), outer * inner);
  float *out = floats_at(&a, h, integer(&a, 2), inner);
  float scale = (float)num(&a, 5);
  if (!a.failed) sum_leading(x, out, outer, inner, scale);
  return finish(&a);
}

/* gatherRows(heap, xOff, indicesOff, outOff, count, rowSize, rows) */
static napi_value js_gather_rows(napi_env env, napi_callback_info info) {
  args a;
  if (!read_args(env, info, &a, 7)) return NULL;
  heap h = heap_arg(&a, 0);
  size_t count = (size_t)integer(&a, 4), row_size = (size_t)integer(&a, 5), rows = (size_t)integer(&a, 6);
  const float *x = floats_at(&a, h, integer(&a, 1), rows * row_size);
  const int32_t *indices = (const int32_t *)floats_at(&a, h, integer(&a, 2), count);
  float *out = floats_at(&a, h, integer(&a, 3), count * row_size);
  if (a.failed) return finish(&a);
  if (!gather_rows(x, indices, out, count, row_size, rows)) napi_throw_range_error(env, NULL, "GatherV2: index out of range");
  return NULL;
}

/* adam(heap, wOff, gOff, mOff, vOff, wOutOff, mOutOff, vOutOff, n, step, beta1, beta2, epsilon, correction) */
static napi_value js_adam(napi_env env, napi_callback_info info) {
  args a;
  if (!read_args(env, info, &a, 14)) return NULL;
  heap h = heap_arg(&a, 0);
  size_t n = (size_t)integer(&a, 8);
  const float *in[4];
  float *out[3];
  for (int i = 0; i < 4; i++) in[i] = floats_at(&a, h, integer(&a, 1 + i), n);
  for (int i = 0; i < 3; i++) out[i] = floats_at(&a, h, integer(&a, 5 + i), n);
  adam_params p = {(float)num(&a, 9), (float)num(&a, 10), (float)num(&a, 11), (float)num(&a, 12), (float)num(&a, 13)};
  if (!a.failed) adam_update(&p, in[0], in[1], in[2], in[3], out[0], out[1], out[2], n);
  return finish(&a);
}

/* movingAverage(heap, averageOff, wOff, outOff, n, rate) */
static napi_value js_moving_average(napi_env env, napi_callback_info info) {
  args a;
  if (!read_args(env, info, &a, 6)) return NULL;
  heap h = heap_arg(&a, 0);
  size_t n = (size_t)integer(&a, 4);
  const float *average = floats_at(&a, h, integer(&a, 1), n);
  const float *w = floats_at(&a, h, integer(&a, 2), n);
  float *out = floats_at(&a, h, integer(&a, 3), n);
  float rate = (float)num(&a, 5);
  if (!a.failed) moving_average(average, w, out, n, rate);
  return finish(&a);
}

/* leakyRelu(heap, xOff, yOff, n, alpha) and leakyReluGrad(heap, dyOff, xOff, dxOff, n, alpha) */
static napi_value js_leaky_relu(napi_env env, napi_callback_info info) {
  args a;
  if (!read_args(env, info, &a, 5)) return NULL;
  heap h = heap_arg(&a, 0);
  size_t n = (size_t)integer(&a, 3);
  const float *x = floats_at(&a, h, integer(&a, 1), n);
  float *y = floats_at(&a, h, integer(&a, 2), n);
  float alpha = (float)num(&a, 4);
  if (!a.failed) leaky_relu(x, y, n, alpha);
  return finish(&a);
}

static napi_value js_leaky_relu_grad(napi_env env, napi_callback_info info) {
  args a;
  if (!read_args(env, info, &a, 6)) return NULL;
  heap h = heap_arg(&a, 0);
  size_t n = (size_t)integer(&a, 4);
  const float *dy = floats_at(&a, h, integer(&a, 1), n);
  const float *x = floats_at(&a, h, integer(&a, 2), n);
  float *dx = floats_at(&a, h, integer(&a, 3), n);
  float alpha = (float)num(&a, 5);
  if (!a.failed) leaky_relu_grad(dy, x, dx, n, alpha);
  return finish(&a);
}

/* fillNormal(heap, off, n, std, k0, k1, counter, addOff) (addOff -1: none) and
 * fillUniform(heap, off, n, low, high, k0, k1, counter) */
static napi_value js_fill_normal(napi_env env, napi_callback_info info) {
  args a;
  if (!read_args(env, info, &a, 8)) return NULL;
  heap h = heap_arg(&a, 0);
  size_t n = (size_t)integer(&a, 2);
  float *out = floats_at(&a, h, integer(&a, 1), n);
  double std = num(&a, 3);
  uint32_t k0 = (uint32_t)integer(&a, 4), k1 = (uint32_t)integer(&a, 5);
  uint64_t counter = (uint64_t)integer(&a, 6);
  int64_t add_offset = integer(&a, 7);
  const float *add = add_offset < 0 ? NULL : floats_at(&a, h, add_offset, n);
  if (!a.failed) fill_normal(out, add, n, std, k0, k1, counter);
  return finish(&a);
}

static napi_value js_fill_uniform(napi_env env, napi_callback_info info) {
  args a;
  if (!read_args(env, info, &a, 8)) return NULL;
  heap h = heap_arg(&a, 0);
  size_t n = (size_t)integer(&a, 2);
  float *out = floats_at(&a, h, integer(&a, 1), n);
  double low = num(&a, 3), high = num(&a, 4);
  uint32_t k0 = (uint32_t)integer(&a, 5), k1 = (uint32_t)integer(&a, 6);
  uint64_t counter = (uint64_t)integer(&a, 7);
  if (!a.failed) fill_uniform(out, n, low, high, k0, k1, counter);
  return finish(&a);
}

/* dropout(heap, xOff, outOff, n, rate, scale, k0, k1, counter) */
static napi_value js_dropout(napi_env env, napi_callback_info info) {
  args a;
  if (!read_args(env, info, &a, 9)) return NULL;
  heap h = heap_arg(&a, 0);
  size_t n = (size_t)integer(&a, 3);
  const float *x = floats_at(&a, h, integer(&a, 1), n);
  float *out = floats_at(&a, h, integer(&a, 2), n);
  float rate = (float)num(&a, 4), scale = (float)num(&a, 5);
  uint32_t k0 = (uint32_t)integer(&a, 6), k1 = (uint32_t)integer(&a, 7);
  uint64_t counter = (uint64_t)integer(&a, 8);
  if (!a.failed) dropout(x, out, n, rate, scale, k0, k1, counter);
  return finish(&a);
}

/* wnDense(heap, xOff, vOff, gOff, bOff, yOff, normOff, uOff, rows, in, out, epsilon, act) */
static napi_value js_wn_dense(napi_env env, napi_callback_info info) {
  args a;
  if (!read_args(env, info, &a, 13)) return NULL;
  heap h = heap_arg(&a, 0);
  wn_shape s = {(int)integer(&a, 8), (int)integer(&a, 9), (int)integer(&a, 10), (float)num(&a, 11), (wn_activation)integer(&a, 12)};
  if (a.failed || s.rows < 1 || s.in < 1 || s.out < 1) {
    a.failed = true;
    return finish(&a);
  }
  size_t out = (size_t)s.out;
  const float *x = floats_at(&a, h, integer(&a, 1), (size_t)s.rows * s.in);
  const float *v = floats_at(&a, h, integer(&a, 2), (size_t)s.in * out);
  const float *g = floats_at(&a, h, integer(&a, 3), out);
  const float *b = floats_at(&a, h, integer(&a, 4), out);
  float *y = floats_at(&a, h, integer(&a, 5), (size_t)s.rows * out);
  float *norm = floats_at(&a, h, integer(&a, 6), out);
  float *product = floats_at(&a, h, integer(&a, 7), (size_t)s.rows * out);
  if (a.failed) return finish(&a);
  wn_dense(&s, x, v, g, b, y, norm, product);
  return NULL;
}

/* wnDenseGrad(heap, wrt, dyOff, yOff, normOff, uOff, xOff, vOff, gOff, outOff, rows, in, out, epsilon, act) */
static napi_value js_wn_dense_grad(napi_env env, napi_callback_info info) {
  args a;
  if (!read_args(env, info, &a, 15)) return NULL;
  heap h = heap_arg(&a, 0);
  int64_t wrt = integer(&a, 1);
  wn_shape s = {(int)integer(&a, 10), (int)integer(&a, 11), (int)integer(&a, 12), (float)num(&a, 13), (wn_activation)integer(&a, 14)};
  if (a.failed || s.rows < 1 || s.in < 1 || s.out < 1 || wrt < WN_GRAD_X || wrt > WN_GRAD_B) {
    a.failed = true;
    return finish(&a);
  }
  size_t out = (size_t)s.out, rows_out = (size_t)s.rows * out, rows_in = (size_t)s.rows * s.in, in_out = (size_t)s.in * out;
  wn_saved t = {floats_at(&a, h, integer(&a, 2), rows_out), floats_at(&a, h, integer(&a, 3), rows_out),
                floats_at(&a, h, integer(&a, 4), out),      floats_at(&a, h, integer(&a, 5), rows_out),
                floats_at(&a, h, integer(&a, 6), rows_in),  floats_at(&a, h, integer(&a, 7), in_out),
                floats_at(&a, h, integer(&a, 8), out)};
  size_t sizes[] = {rows_in, in_out, out, out};
  float *result = floats_at(&a, h, integer(&a, 9), sizes[wrt]);
  if (a.failed) return finish(&a);
  if (!wn_dense_grad(&s, (wn_grad)wrt, &t, result)) napi_throw_error(env, NULL, "ssgan native: out of memory");
  return NULL;
}

/* softplus(heap, xOff, yOff, n) */
static napi_value js_softplus(napi_env env, napi_callback_info info) {
  args a;
  if (!read_args(env, info, &a, 4)) return NULL;
  heap h = heap_arg(&a, 0);
  size_t n = (size_t)integer(&a, 3);
  const float *x = floats_at(&a, h, integer(&a, 1), n);
  float *y = floats_at(&a, h, integer(&a, 2), n);
  if (!a.failed) softplus(x, y, n);
  return finish(&a);
}

/* softplusGrad(heap, dyOff, xOff, dxOff, n) */
static napi_value js_softplus_grad(napi_env env, napi_callback_info info) {
  args a;
  if (!read_args(env, info, &a, 5)) return NULL;
  heap h = heap_arg(&a, 0);
  size_t n = (size_t)integer(&a, 4);
  const float *dy = floats_at(&a, h, integer(&a, 1), n);
  const float *x = floats_at(&a, h, integer(&a, 2), n);
  float *dx = floats_at(&a, h, integer(&a, 3), n);
  if (!a.failed) softplus_grad(dy, x, dx, n);
  return finish(&a);
}

static void release(void *data) {
  (void)data;
  conv_release();
}

static napi_value init(napi_env env, napi_value exports) {
  noise_init();
  napi_add_env_cleanup_hook(env, release, NULL);
  napi_property_descriptor props[] = {
      {"open", NULL, js_open, NULL, NULL, NULL, napi_default, NULL},
      {"setThreads", NULL, js_set_threads, NULL, NULL, NULL, napi_default, NULL},
      {"threads", NULL, js_threads, NULL, NULL, NULL, napi_default, NULL},
      {"matmul", NULL, js_matmul, NULL, NULL, NULL, napi_default, NULL},
      {"conv", NULL, js_conv, NULL, NULL, NULL, napi_default, NULL},
      {"sumLeading", NULL, js_sum_leading, NULL, NULL, NULL, napi_default, NULL},
      {"gatherRows", NULL, js_gather_rows, NULL, NULL, NULL, napi_default, NULL},
      {"adam", NULL, js_adam, NULL, NULL, NULL, napi_default, NULL},
      {"movingAverage", NULL, js_moving_average, NULL, NULL, NULL, napi_default, NULL},
      {"leakyRelu", NULL, js_leaky_relu, NULL, NULL, NULL, napi_default, NULL},
      {"leakyReluGrad", NULL, js_leaky_relu_grad, NULL, NULL, NULL, napi_default, NULL},
      {"fillNormal", NULL, js_fill_normal, NULL, NULL, NULL, napi_default, NULL},
      {"fillUniform", NULL, js_fill_uniform, NULL, NULL, NULL, napi_default, NULL},
      {"dropout", NULL, js_dropout, NULL, NULL, NULL, napi_default, NULL},
      {"wnDense", NULL, js_wn_dense, NULL, NULL, NULL, napi_default, NULL},
      {"wnDenseGrad", NULL, js_wn_dense_grad, NULL, NULL, NULL, napi_default, NULL},
      {"softplus", NULL, js_softplus, NULL, NULL, NULL, napi_default, NULL},
      {"softplusGrad", NULL, js_softplus_grad, NULL, NULL, NULL, napi_default, NULL},
  };
  napi_define_properties(env, exports, sizeof props / sizeof *props, props);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
