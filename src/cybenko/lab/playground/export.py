"""A playground run taken away: a short script that trains it again, and its checkpoint.

    text = script(settings, steps)          # python text: `import cybenko as torch`, runnable
    data = safetensors_bytes(arrays)        # a .safetensors file of the model's state_dict

The script does exactly what the session did (session.py), operation for operation: the same
data (it imports the playground's dataset generator, `problems.make_problem`, the one piece
it does not spell out), the same seed, net, initialisation, optimizer and batches, for the
same number of steps; so it prints the train and test loss the page showed, to float32
rounding (bit for bit on the same machine). The checkpoint is written by `cybenko.save`, and
loads with `cybenko.load` and with `safetensors.torch.load_file` into the script's model.
"""

from __future__ import annotations

import os
import tempfile

import numpy as np

from .settings import ACTIVATION_TITLES, INIT_TITLES, OPTIMIZERS, Settings

_MODULES = {
    "relu": "torch.nn.ReLU()",
    "leaky_relu": "torch.nn.LeakyReLU(0.01)",
    "tanh": "torch.nn.Tanh()",
    "sigmoid": "torch.nn.Sigmoid()",
    "step": "H()",
}
_LOSSES = {"mse": "MSELoss", "bce": "BCEWithLogitsLoss", "ce": "CrossEntropyLoss"}
_INIT_LINES = {
    "xavier": "torch.nn.init.xavier_uniform_(layer.weight)",
    "he": 'torch.nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")',
    "zeros": "torch.nn.init.zeros_(layer.weight)",
}

RESULT_FORMAT = "step {step}  train loss {train:.8g}  test loss {test:.8g}"


def result_line(step: int, train: float, test: float) -> str:
    """The line the script prints at its end."""
    return RESULT_FORMAT.format(step=step, train=train, test=test)


def script(s: Settings, steps: int, n_train: int) -> str:
    """The text of a Python program that reproduces `steps` steps of the run `s`."""
    engine = "torch" if s.engine == "torch" else "cybenko"
    batch = min(s.batch, n_train)
    lines = [
        '"""A cybenko playground run, reproduced: '
        f"{s.dataset}, hidden layers {list(s.hidden)}, {s.loss}, {s.opt}, {steps} steps.",
        "",
        f"The playground's settings (its URL query): ?{s.to_query()}",
        "Run it: python script.py. It prints the final train and test loss the page showed."
        + (
            ""
            if engine == "torch"
            else "\nOn PyTorch: replace `import cybenko as torch` by `import torch`."
        ),
        '"""',
        "",
        "import math",
        "",
        "import torch" if engine == "torch" else "import cybenko as torch",
        "from cybenko.lab.playground.problems import make_problem",
        "",
        "# the data: the playground's generator, seeded (NumPy: the same for every engine)",
        f"problem = make_problem({s.dataset!r}, points={s.points}, noise={s.noise!r},",
        f"                       test_fraction={s.test_fraction!r}, "
        f"features={list(s.used_features)!r}, seed={s.seed})",
        "x_train, y_train = torch.tensor(problem.x_train), torch.tensor(problem.y_train)",
        "x_test, y_test = torch.tensor(problem.x_test), torch.tensor(problem.y_test)",
    ]
    if s.loss == "ce":
        lines += [
            "y_train, y_test = y_train.reshape(-1).long(), y_test.reshape(-1).long()  # classes"
        ]
    if "step" in s.act:
        lines += [
            "",
            "",
            "class H(torch.nn.Module):",
            f'    """{ACTIVATION_TITLES["step"]}: a box on [-0.5, 0.5]."""',
            "",
            "    def forward(self, x):",
            "        return torch.sigmoid(200 * (x + 0.5)) + torch.sigmoid(-200 * (x - 0.5)) - 1",
            "",
        ]
    lines += ["", "# the network", f"torch.manual_seed({s.seed})", "model = torch.nn.Sequential("]
    width = len(s.used_features)
    for size, act in zip(s.hidden, s.act, strict=True):
        lines.append(f"    torch.nn.Linear({width}, {size}),")
        if act in _MODULES:
            lines.append(f"    {_MODULES[act]},")
        if s.dropout > 0:
            lines.append(f"    torch.nn.Dropout({s.dropout!r}),")
        width = size
    lines += [f"    torch.nn.Linear({width}, {2 if s.loss == 'ce' else 1}),", ")"]
    if s.init != "default":
        lines += [
            f"for layer in model:  # initialisation: {INIT_TITLES[s.init]}",
            "    if isinstance(layer, torch.nn.Linear):",
            f"        {_INIT_LINES[s.init]}",
            "        torch.nn.init.zeros_(layer.bias)",
        ]
    kwargs = ", ".join(f"{k}={v!r}" for k, v in s.optimizer_kwargs.items())
    lines += [
        f"loss_fn = torch.nn.{_LOSSES[s.loss]}()",
        f"optimizer = torch.optim.{OPTIMIZERS[s.opt][0]}(model.parameters(), {kwargs})",
    ]
    penalty = []
    if s.l1 > 0:
        penalty.append(f"    loss = loss + {s.l1!r} * sum(w.abs().sum() for w in weights)  # L1")
    if s.l2 > 0:
        penalty.append(f"    loss = loss + {s.l2!r} * sum((w**2).sum() for w in weights)  # L2")
    if penalty:
        lines += [
            "weights = [layer.weight for layer in model if isinstance(layer, torch.nn.Linear)]",
        ]
    lines += [
        "",
        "",
        "def objective(xb, yb):",
        '    """The training loss of a batch' + (" (with the weights' penalty)" if penalty else "")
        + '."""',
        "    loss = loss_fn(model(xb), yb)",
        *penalty,
        "    return loss",
        "",
        "",
        "# the training: a new order of the training points each epoch, BATCH points a step",
        f"STEPS, BATCH = {steps}, {batch}",
        "n = len(x_train)",
        "per_epoch = math.ceil(n / BATCH)",
        "for step in range(STEPS):",
        "    k = step % per_epoch",
        "    if k == 0:",
        "        order = torch.randperm(n)",
        "    batch = order[k * BATCH : (k + 1) * BATCH]",
        "    xb, yb = x_train[batch], y_train[batch]",
    ]
    if s.opt == "lbfgs":
        lines += [
            "",
            "    def closure():  # LBFGS evaluates the loss several times a step",
            "        optimizer.zero_grad()",
            "        loss = objective(xb, yb)",
            "        loss.backward()",
            "        return loss",
            "",
            "    optimizer.step(closure)",
        ]
    else:
        lines += [
            "    optimizer.zero_grad()",
            "    loss = objective(xb, yb)",
            "    loss.backward()",
            "    optimizer.step()",
        ]
    lines += [
        "",
        "# the losses the page shows: the whole sets, no penalty, dropout off",
        "model.eval()",
        "with torch.no_grad():",
        "    train_loss = loss_fn(model(x_train), y_train).item()",
        "    test_loss = loss_fn(model(x_test), y_test).item()",
        'print(f"step {STEPS}  train loss {train_loss:.8g}  test loss {test_loss:.8g}")',
    ]
    return "\n".join(lines) + "\n"


def safetensors_bytes(arrays: dict[str, np.ndarray]) -> bytes:
    """A .safetensors file of named arrays (a state_dict), written by cybenko.save."""
    import cybenko

    tensors = {k: cybenko.tensor(np.ascontiguousarray(v)) for k, v in arrays.items()}
    with tempfile.TemporaryDirectory(prefix="cybenko-playground-") as folder:
        path = os.path.join(folder, "model.safetensors")
        cybenko.save(tensors, path)
        with open(path, "rb") as f:
            return f.read()
