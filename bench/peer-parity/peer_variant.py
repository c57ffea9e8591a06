"""Runs the PyTorch peer (../shared/peers/torch_mnist_fm.py) with one random component changed, to
find which one makes a training difference between it and ssgan. The peer's own file is not
edited: its text is patched in memory and run. Run from the project root:

    /usr/bin/python3 bench/peer-parity/peer_variant.py VARIANT -- PEER_ARGS...

VARIANT is one of
  independent-init   its weights from a generator seeded apart from its noise (as the authors' code)
  init-from=FILE     ssgan's initial networks and labeled subset (bench/peer-parity/dump_init.ts)
  ssgan-noise        the noise layers' values and latent z from ssgan's generator (native/src/noise.c,
                     compiled here with gcc)
"""
import ctypes
import os
import runpy
import subprocess
import sys
import tempfile

PEER = os.path.join("..", "shared", "peers", "torch_mnist_fm.py")
NATIVE = os.path.join("native", "src")


def patch(text, old, new):
    if old not in text:
        sys.exit(f"peer_variant: {PEER} no longer contains {old!r}; update the patch")
    return text.replace(old, new)


def independent_init(text):
    return patch(text, "gen = torch.Generator().manual_seed(a.seed)", "gen = torch.Generator().manual_seed(a.seed + 1000003)")


def init_from(text):
    text = patch(text, "    TXS, TYS = torch.from_numpy(txs), torch.from_numpy(tys)",
                 "    li = np.array(VARIANT_INIT['labeled']); txs, tys = trainx[li], trainy[li]\n"
                 "    TXS, TYS = torch.from_numpy(txs), torch.from_numpy(tys)")
    return patch(text, "    if not a.no_init:\n        D.data_dependent_init(torch.from_numpy(px[:500]))",
                 "    with torch.no_grad():\n"
                 "        for i in range(D.n):\n"
                 "            for name, ps in (('theta', D.theta), ('b', D.b), ('scale', D.scale)):\n"
                 "                ps[i].copy_(torch.tensor(VARIANT_INIT['D'][name][i]))\n"
                 "        for k in ['W1', 'b1', 'W2', 'b2', 'W3', 's3', 'b3']:\n"
                 "            getattr(G, k).copy_(torch.tensor(VARIANT_INIT['G'][k]))")


def ssgan_noise(text):
    text = patch(text, "h = torch.empty_like(h).normal_(0.0, D_NOISE[i]).add_(h)", "h = VARIANT_NOISE.normal(h, D_NOISE[i]).add_(h)")
    return patch(text, "z = torch.rand(n, G_DIMS[0])", "z = VARIANT_NOISE.uniform(n, G_DIMS[0])")


class SsganNoise:
    """ssgan's counter-based generator on torch tensors, keyed from the peer's --seed."""

    def __init__(self, seed, workdir):
        lib = os.path.join(workdir, "libnoise.so")
        subprocess.run(["gcc", "-O3", "-std=c11", "-fno-trapping-math", "-fPIC", "-shared", "-o", lib,
                        os.path.join(NATIVE, "noise.c"), os.path.join(NATIVE, "parallel.c"), "-lm", "-lpthread"], check=True)
        self.lib = ctypes.CDLL(lib)
        self.lib.noise_init()
        key = [ctypes.c_uint32, ctypes.c_uint32, ctypes.c_uint64]
        self.lib.fill_normal.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_double, *key]
        self.lib.fill_uniform.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_double, ctypes.c_double, *key]
        self.k0, self.k1 = (seed * 2654435761) % 2**32, (seed * 40503 + 12345) % 2**32
        self.counter = 0

    def normal(self, like, std):
        import torch
        out = torch.empty_like(like)
        self.lib.fill_normal(out.data_ptr(), out.numel(), std, self.k0, self.k1, self.counter)
        self.counter += out.numel()
        return out

    def uniform(self, n, d):
        import torch
        out = torch.empty(n, d)
        self.lib.fill_uniform(out.data_ptr(), n * d, 0.0, 1.0, self.k0, self.k1, self.counter)
        self.counter += n * d
        return out


def main():
    if len(sys.argv) < 2 or "--" not in sys.argv:
        sys.exit(__doc__)
    variant, peer_args = sys.argv[1], sys.argv[sys.argv.index("--") + 1:]
    text = open(PEER).read()
    extra = {}
    workdir = tempfile.mkdtemp(prefix="peer-variant-")
    if variant == "independent-init":
        text = independent_init(text)
    elif variant.startswith("init-from="):
        import json
        text = init_from(text)
        extra["VARIANT_INIT"] = json.load(open(variant.split("=", 1)[1]))
    elif variant == "ssgan-noise":
        text = ssgan_noise(text)
        seed = int(peer_args[peer_args.index("--seed") + 1]) if "--seed" in peer_args else 1
        extra["VARIANT_NOISE"] = SsganNoise(seed, workdir)
    else:
        sys.exit(f"peer_variant: unknown variant {variant!r}\n{__doc__}")
    script = os.path.join(workdir, "torch_mnist_fm_variant.py")
    with open(script, "w") as f:
        f.write(text)
    sys.argv = [script, *peer_args]
    runpy.run_path(script, init_globals=extra, run_name="__main__")


if __name__ == "__main__":
    main()
