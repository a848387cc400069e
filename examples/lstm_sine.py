"""Teach an LSTM to continue a sine wave: from 10 values, predict the next one.

Run: python examples/lstm_sine.py; with `--engine torch` the same lines run on PyTorch and
print the same numbers.
"""

import math
import sys

if "--engine" in sys.argv and sys.argv[sys.argv.index("--engine") + 1] == "torch":
    import torch
else:
    import cybenko as torch

torch.manual_seed(0)
wave = torch.sin(torch.linspace(0, 4 * math.pi, 80))
window = 10
x = torch.stack([wave[i : i + window] for i in range(70)]).unsqueeze(-1)  # (70, 10, 1)
y = wave[window:].unsqueeze(-1)  # the value after each window, (70, 1)


class SineModel(torch.nn.Module):
    def __init__(self):
        super().__init__()
        self.lstm = torch.nn.LSTM(input_size=1, hidden_size=12, batch_first=True)
        self.head = torch.nn.Linear(12, 1)

    def forward(self, x):
        output, (h_n, c_n) = self.lstm(x)
        return self.head(output[:, -1])  # read the state after the last value


model = SineModel()
optimizer = torch.optim.Adam(model.parameters(), lr=0.01)
loss_fn = torch.nn.MSELoss()
for step in range(201):
    loss = loss_fn(model(x), y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 50 == 0:
        print(f"step {step:3d}  loss {loss.item():.6f}")
with torch.no_grad():
    print(f"after the last window: predicted {model(x[-1:]).item():.5f}, true {y[-1].item():.5f}")
