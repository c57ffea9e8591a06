{
  "targets": [
    {
      "target_name": "ssgan_native",
      "sources": ["src/addon.c", "src/blas.c", "src/ops.c", "src/conv.c", "src/dense.c", "src/activation.c", "src/noise.c", "src/parallel.c"],
      "cflags": ["-O3", "-std=c11", "-fno-trapping-math", "-fno-math-errno", "-Wall", "-Wextra"],
      "libraries": ["-ldl", "-lm", "-lpthread"],
      "conditions": [
        ["OS=='linux' and target_arch=='x64'", {"defines": ["SSGAN_LIBMVEC"], "libraries": ["-lmvec"]}]
      ]
    }
  ]
}
