"""Teach an RNN to say "hihello": from each character, predict the next one.

Run: python examples/char_rnn_hihello.py; with `--engine torch` the same lines run on
PyTorch and print the same numbers.
"""

import sys

if "--engine" in sys.argv and sys.argv[sys.argv.index("--engine") + 1] == "torch":
    import torch
else:
    import cybenko as torch

torch.manual_seed(0)
chars = ["h", "i", "e", "l", "o"]
text = "hihello"
ids = [chars.index(c) for c in text]
x = torch.eye(len(chars))[ids[:-1]].unsqueeze(0)  # (batch 1, time 6, one-hot 5): "hihell"
y = torch.tensor(ids[1:])  # the next characters:                                     "ihello"

rnn = torch.nn.RNN(input_size=5, hidden_size=8, batch_first=True)
head = torch.nn.Linear(8, 5)  # scores of the 5 characters
optimizer = torch.optim.Adam([*rnn.parameters(), *head.parameters()], lr=0.05)
loss_fn = torch.nn.CrossEntropyLoss()
for step in range(201):
    output, h_n = rnn(x)  # output: the hidden state after every character, (1, 6, 8)
    logits = head(output).reshape(-1, 5)
    loss = loss_fn(logits, y)
    optimizer.zero_grad()
    loss.backward()
    optimizer.step()
    if step % 50 == 0:
        guess = "".join(chars[i] for i in logits.argmax(1).tolist())
        print(f"step {step:3d}  loss {loss.item():.6f}  predicts {text[0]}{guess}")
