"""Train a small MLP by hand with cybenko, written exactly as PyTorch code.

Run: python examples/train_mlp.py   (or `make demo`); with `--engine torch` the same lines
run on PyTorch and print the same numbers.
"""

import sys

if "--engine" in sys.argv and sys.argv[sys.argv.index("--engine") + 1] == "torch":
    import torch
else:
    import cybenko as torch

torch.manual_seed(0)
x = torch.linspace(-1, 1, 200).reshape(-1, 1)
y = torch.sin(3 * x)  # the curve to learn
w1, b1 = (torch.randn(1, 16) * 0.5).requires_grad_(), torch.zeros(16, requires_grad=True)
w2, b2 = (torch.randn(16, 1) * 0.5).requires_grad_(), torch.zeros(1, requires_grad=True)
for step in range(2001):
    loss = ((torch.tanh(x @ w1 + b1) @ w2 + b2 - y) ** 2).mean()
    loss.backward()
    with torch.no_grad():
        for p in (w1, b1, w2, b2):
            p -= 0.1 * p.grad
            p.grad.zero_()
    if step % 500 == 0:
        print(f"step {step:4d}  loss {loss.item():.6f}")
print("prediction at x = 0.5:", (torch.tanh(torch.tensor([[0.5]]) @ w1 + b1) @ w2 + b2).item())
