"""A tiny transformer learns to reverse sequences of digits, written exactly as PyTorch code.

Each position of the output must name the digit at the mirrored position of the input, so
the model can only succeed by attending across the sequence: embeddings plus learned position
vectors, a TransformerEncoder (self-attention, LayerNorm, feed-forward), a linear read-out.

Run: python examples/transformer_toy.py; with `--engine torch` the same lines run on PyTorch
and print the same numbers (in float64, where rounding cannot steer the two runs apart);
`--quick` trains for 60 steps only.
"""

import sys

if "--engine" in sys.argv and sys.argv[sys.argv.index("--engine") + 1] == "torch":
    import torch
else:
    import cybenko as torch

DIGITS, LENGTH, WIDTH = 10, 6, 32
STEPS = 60 if "--quick" in sys.argv else 300
torch.set_default_dtype(torch.float64)


class Reverser(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.embed = torch.nn.Embedding(DIGITS, WIDTH)
        self.position = torch.nn.Parameter(torch.randn(LENGTH, WIDTH) * 0.1)
        layer = torch.nn.TransformerEncoderLayer(
            WIDTH, nhead=4, dim_feedforward=64, dropout=0.0, batch_first=True
        )
        self.encoder = torch.nn.TransformerEncoder(layer, num_layers=2, enable_nested_tensor=False)
        self.read_out = torch.nn.Linear(WIDTH, DIGITS)

    def forward(self, digits):
        return self.read_out(self.encoder(self.embed(digits) + self.position))


torch.manual_seed(0)
model = Reverser()
optimizer = torch.optim.Adam(model.parameters(), lr=3e-3)
for step in range(STEPS + 1):
    x = torch.randint(0, DIGITS, (64, LENGTH))
    target = x.flip(1)  # the sequence reversed
    logits = model(x)
    loss = torch.nn.functional.cross_entropy(logits.reshape(-1, DIGITS), target.reshape(-1))
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % (STEPS // 6) == 0:
        accuracy = (logits.argmax(-1) == target).float().mean()
        print(f"step {step:3d}  loss {loss.item():.4f}  accuracy {accuracy.item():.3f}")

model.eval()
with torch.no_grad():
    x = torch.tensor([[3, 1, 4, 1, 5, 9]])
    print("input   ", x.tolist()[0])
    print("reversed", model(x).argmax(-1).tolist()[0])
