"""One playground session per page: the problem, the network(s), a training thread, and the
snapshot the page draws.

    session = Session(settings)      # builds; raises SettingsError (e.g. a missing CSV)
    session.control("step", steps=10); session.control("play")
    state = session.snapshot()       # the JSON state of GET /api/session/<id>/state
    session.close()

A net is built and trained with the `torch` module of its engine (cybenko, or PyTorch when it
is installed; "both" trains one of each from the same seed, in lockstep). The computation is
the one the exported script writes out (export.py), step for step:

    torch.manual_seed(seed); model = Sequential(Linear, activation, [Dropout], ..., Linear)
    initialisation; loss function; optimizer(model.parameters(), lr, ...)
    each step: a new torch.randperm(n_train) at the start of each epoch, the next `batch`
    points of it, objective = loss + l1 * sum|W| + l2 * sum W² (weights only), backward, step
    (through a closure, which LBFGS needs and the others call once first)

The losses shown are the data losses (no penalty) over the whole train and test sets, the net
in eval mode (no dropout). While playing, the thread trains in bursts of about BURST seconds
under the session's lock and releases it between bursts; a burst also ends as soon as a
request comes (REQUESTS), and the next waits until it is answered, so requests are answered
at once even though Python runs one thread at a time.
Each session keeps its own generator state, swapped in around its bursts (all sessions share
each engine's global generator), so two pages never disturb each other's run. A session that
hears no request for IDLE_SECONDS pauses itself (the page is gone).
"""

from __future__ import annotations

import importlib
import math
import threading
import time

import numpy as np

from .problems import feature_columns, grid, make_problem
from .settings import Settings, SettingsError

BURST = 0.03  # seconds of training per hold of the lock
RECORD_EVERY = 0.1  # seconds of wall time between recorded loss points while playing
MAX_RECORDS = 2000  # a longer curve keeps every other point
IDLE_SECONDS = 15.0
MAX_STEPS_PER_REQUEST = 1000
REGION_SIZE = 40
NEURON_SIZE = 16
CURVE_POINTS = 200
DECIMALS = 4  # floats in the snapshot are rounded to this many decimals

_ENGINE_LOCK = threading.Lock()  # one burst at a time: the engines' global generators


class _Requests:
    """How many HTTP requests are being answered right now (`with REQUESTS:` around each).
    Training steps aside while any is, so that Python's lock (the GIL) goes to the answer:
    a burst ends early when a request comes, and the next waits (up to YIELD_AT_MOST)."""

    def __init__(self):
        self.count = 0
        self._lock = threading.Lock()

    def __enter__(self):
        with self._lock:
            self.count += 1

    def __exit__(self, *exc):
        with self._lock:
            self.count -= 1


REQUESTS = _Requests()
YIELD_AT_MOST = 0.5  # seconds a burst waits for requests to be answered


# PyTorch's intra-op threads cost more than they give on the page's small nets (20 ms a
# step instead of 3 on two busy cores); serve() sets 1, for the server's process only.
TORCH_THREADS: int | None = None


def _engine(name: str):
    module = importlib.import_module(name)
    if name == "torch" and TORCH_THREADS and module.get_num_threads() != TORCH_THREADS:
        module.set_num_threads(TORCH_THREADS)
    return module


# --- the network, the same in every engine and in the exported script --------------------


def _h_module(torch):
    """The notes' step-like activation h as a Module class of `torch`'s nn."""
    cached = _H_CLASSES.get(torch.__name__)
    if cached is None:

        class H(torch.nn.Module):
            """h(x) = sigmoid(200(x + 0.5)) + sigmoid(-200(x - 0.5)) - 1, a box on [-0.5, 0.5]"""

            def forward(self, x):
                return torch.sigmoid(200 * (x + 0.5)) + torch.sigmoid(-200 * (x - 0.5)) - 1

        cached = _H_CLASSES[torch.__name__] = H
    return cached


_H_CLASSES: dict = {}


def activation(torch, name: str) -> list:
    """The modules of a hidden activation (none for "linear")."""
    make = {
        "relu": lambda: torch.nn.ReLU(),
        "leaky_relu": lambda: torch.nn.LeakyReLU(0.01),
        "tanh": lambda: torch.nn.Tanh(),
        "sigmoid": lambda: torch.nn.Sigmoid(),
        "linear": None,
        "step": lambda: _h_module(torch)(),
    }[name]
    return [make()] if make else []


def build_model(torch, s: Settings, n_in: int):
    """torch.manual_seed(s.seed), then the Sequential net of `s`, initialised."""
    torch.manual_seed(s.seed)
    layers, width = [], n_in
    for size, act in zip(s.hidden, s.act, strict=True):
        layers += [torch.nn.Linear(width, size), *activation(torch, act)]
        if s.dropout > 0:
            layers.append(torch.nn.Dropout(s.dropout))
        width = size
    layers.append(torch.nn.Linear(width, 2 if s.loss == "ce" else 1))
    model = torch.nn.Sequential(*layers)
    if s.init != "default":
        for layer in model:
            if isinstance(layer, torch.nn.Linear):
                if s.init == "xavier":
                    torch.nn.init.xavier_uniform_(layer.weight)
                elif s.init == "he":
                    torch.nn.init.kaiming_normal_(layer.weight, nonlinearity="relu")
                else:
                    torch.nn.init.zeros_(layer.weight)
                torch.nn.init.zeros_(layer.bias)
    return model


def loss_function(torch, s: Settings):
    return {
        "mse": torch.nn.MSELoss,
        "bce": torch.nn.BCEWithLogitsLoss,
        "ce": torch.nn.CrossEntropyLoss,
    }[s.loss]()


def targets(torch, y: np.ndarray, s: Settings):
    """The labels as the loss wants them: a float column, or class indices for "ce"."""
    t = torch.tensor(y)
    return t.reshape(-1).long() if s.loss == "ce" else t


def build_optimizer(torch, s: Settings, model):
    from .settings import OPTIMIZERS

    return getattr(torch.optim, OPTIMIZERS[s.opt][0])(model.parameters(), **s.optimizer_kwargs)


class Net:
    """One engine's model, loss, optimizer, data and generator state."""

    def __init__(self, engine: str, s: Settings, problem):
        torch = self.torch = _engine(engine)
        self.engine = engine
        self.settings = s
        with _ENGINE_LOCK:
            saved = torch.get_rng_state()
            try:
                self.model = build_model(torch, s, problem.x_train.shape[1])
                self.rng = torch.get_rng_state()  # this session's generator, after the init
            finally:
                torch.set_rng_state(saved)
        self.loss_fn = loss_function(torch, s)
        self.optimizer = build_optimizer(torch, s, self.model)
        self.weights = [m.weight for m in self.model if isinstance(m, torch.nn.Linear)]
        self.x_train = torch.tensor(problem.x_train)
        self.y_train = targets(torch, problem.y_train, s)
        self.x_test = torch.tensor(problem.x_test)
        self.y_test = targets(torch, problem.y_test, s)
        self.n = len(problem.x_train)
        self.batch = min(s.batch, self.n)
        self.per_epoch = math.ceil(self.n / self.batch)
        self.order = None

    def objective(self, xb, yb):
        """The training loss of a batch: the data loss plus the weights' penalties."""
        s = self.settings
        loss = self.loss_fn(self.model(xb), yb)
        if s.l1 > 0:
            loss = loss + s.l1 * sum(w.abs().sum() for w in self.weights)
        if s.l2 > 0:
            loss = loss + s.l2 * sum((w**2).sum() for w in self.weights)
        return loss

    def batch_at(self, step: int):
        """The batch of step `step` (a new permutation at the start of each epoch)."""
        k = step % self.per_epoch
        if k == 0 or self.order is None:
            self.order = self.torch.randperm(self.n)
        idx = self.order[k * self.batch : (k + 1) * self.batch]
        return self.x_train[idx], self.y_train[idx]

    def train_step(self, step: int) -> None:
        xb, yb = self.batch_at(step)

        def closure():
            self.optimizer.zero_grad()
            loss = self.objective(xb, yb)
            loss.backward()
            return loss

        self.optimizer.step(closure)

    def losses(self) -> tuple[float, float]:
        """(train, test) data losses of the whole sets, in eval mode."""
        torch, model = self.torch, self.model
        model.eval()
        try:
            with torch.no_grad():
                train = self.loss_fn(model(self.x_train), self.y_train).item()
                test = self.loss_fn(model(self.x_test), self.y_test).item()
        finally:
            model.train()
        return train, test

    def outputs(self, raw: np.ndarray, features) -> list[np.ndarray]:
        """Every layer's outputs (inputs first) at raw input points, the last one as the page
        shows it: a probability (sigmoid, or softmax for "ce"), or the value for "mse"."""
        torch, model = self.torch, self.model
        x = torch.tensor(feature_columns(raw, features))
        modules = list(model)
        model.eval()
        try:
            with torch.no_grad():
                outs, h = [x], x
                for i, m in enumerate(modules):
                    h = m(h)
                    if i + 1 == len(modules) or isinstance(modules[i + 1], torch.nn.Linear):
                        outs.append(h)
                last = outs[-1]
                if self.settings.loss == "bce":
                    last = torch.sigmoid(last)
                elif self.settings.loss == "ce":
                    last = torch.softmax(last, dim=1)
                outs[-1] = last
        finally:
            model.train()
        return [o.detach().cpu().numpy() for o in outs]

    def state_dict_arrays(self) -> dict[str, np.ndarray]:
        return {k: v.detach().cpu().numpy() for k, v in self.model.state_dict().items()}


class Session:
    """One page's training: build, play/pause/step/reset, snapshot, close."""

    def __init__(self, settings: Settings):
        self.lock = threading.RLock()
        self._wake = threading.Condition(self.lock)
        self.last_seen = time.monotonic()
        self.running = False
        self.closed = False
        self.message = None
        self._build(settings)
        self._thread = threading.Thread(target=self._loop, name="playground-train", daemon=True)
        self._thread.start()

    # -- building -----------------------------------------------------------------------

    def _build(self, s: Settings) -> None:
        try:
            problem = make_problem(
                s.dataset, s.points, s.noise, s.test_fraction, s.used_features, s.seed
            )
        except Exception as e:  # a course CSV that cannot be had (offline, no copy)
            raise SettingsError("dataset", f"{s.dataset} cannot be loaded: {e}") from None
        nets = {e: Net(e, s, problem) for e in s.engines}
        with self.lock:
            self.settings, self.problem, self.nets = s, problem, nets
            self.primary = nets[s.engines[0]]
            self.step = 0
            self.records = {e: {"steps": [], "train": [], "test": []} for e in nets}
            self.running = False
            self.message = None
            self._last_record = 0.0
            self._record()

    def rebuild(self, settings: Settings) -> None:
        """New settings (the old ones keep running if these fail to build)."""
        self._build(settings)

    def touch(self) -> None:
        self.last_seen = time.monotonic()

    # -- training -----------------------------------------------------------------------

    def control(self, action: str, steps=1) -> None:
        """play, pause, step (`steps` of them) or reset."""
        with self.lock:
            if action == "play":
                self.running = True
                self.message = None
                self._wake.notify_all()
            elif action == "pause":
                self.running = False
            elif action == "step":
                self.running = False
                self._train(int(steps))
                self._record()
            elif action == "reset":
                self._build(self.settings)
            else:
                raise SettingsError(
                    "action", f"unknown action {action!r}; give play, pause, step or reset"
                )

    def _train(self, steps: int, seconds: float | None = None) -> int:
        """Train up to `steps` steps (or until `seconds` have passed); returns how many."""
        start, done = time.perf_counter(), 0
        with _ENGINE_LOCK:
            saved = {e: n.torch.get_rng_state() for e, n in self.nets.items()}
            try:
                for net in self.nets.values():
                    net.torch.set_rng_state(net.rng)
                while done < steps:
                    for net in self.nets.values():
                        net.train_step(self.step)
                    self.step += 1
                    done += 1
                    if seconds is not None and (
                        time.perf_counter() - start > seconds or REQUESTS.count
                    ):
                        break
            finally:
                for e, net in self.nets.items():
                    net.rng = net.torch.get_rng_state()
                    net.torch.set_rng_state(saved[e])
        return done

    def _loop(self) -> None:
        while True:
            waited = time.perf_counter()
            while REQUESTS.count and time.perf_counter() - waited < YIELD_AT_MOST:
                time.sleep(0.001)
            with self.lock:
                while not self.running and not self.closed:
                    self._wake.wait(timeout=1.0)
                if self.closed:
                    return
                if time.monotonic() - self.last_seen > IDLE_SECONDS:
                    self.running = False
                    self.message = f"paused: the page sent no request for {IDLE_SECONDS:.0f} s"
                    continue
                try:
                    self._train(10**9, seconds=BURST)
                    if time.perf_counter() - self._last_record >= RECORD_EVERY:
                        self._record()
                except Exception as e:  # a training that cannot go on pauses, and says why
                    self.running = False
                    self.message = f"training stopped at step {self.step}: {e}"
            time.sleep(0.005)  # the lock is free here: requests get their turn

    def _record(self) -> None:
        """Append the current train and test losses of each engine to its curves; a loss that
        is no longer finite pauses the training with a message."""
        self._last_record = time.perf_counter()
        for engine, net in self.nets.items():
            rec = self.records[engine]
            if rec["steps"] and rec["steps"][-1] == self.step:
                continue
            train, test = net.losses()
            rec["steps"].append(self.step)
            rec["train"].append(train)
            rec["test"].append(test)
            if len(rec["steps"]) > MAX_RECORDS:
                for key in rec:  # every other point, keeping the newest
                    rec[key] = rec[key][::-1][::2][::-1]
            if not (math.isfinite(train) and math.isfinite(test)) and not self.message:
                self.running = False
                self.message = (
                    f"the {engine} loss became {train} at step {self.step}: the training "
                    "diverged; lower the learning rate and reset"
                )

    # -- what the page sees ---------------------------------------------------------------

    def snapshot(self, points: bool = False) -> dict:
        """The JSON state of the session (see server.py for its shape)."""
        with self.lock:
            self._record()  # the curves end at the current step
            s, problem, net = self.settings, self.problem, self.primary
            extent = [float(v) for v in problem.extent]
            state = {
                "step": self.step,
                "epoch": self.step // net.per_epoch,
                "running": self.running,
                "kind": problem.kind,
                "engine": s.engine,
                "query": s.to_query(),
                "loss": {
                    e: {k: _losses(v) if k != "steps" else list(v) for k, v in rec.items()}
                    for e, rec in self.records.items()
                },
            }
            rec = self.records[s.engines[0]]
            state["last"] = {"train": _float(rec["train"][-1]), "test": _float(rec["test"][-1])}
            if problem.dims == 2:
                out = net.outputs(grid(extent, REGION_SIZE, 2), problem.features)[-1]
                state["regions"] = {
                    "size": REGION_SIZE,
                    "extent": extent,
                    "values": _floats(_shown(out, s)),
                }
            else:
                x = np.linspace(extent[0], extent[1], CURVE_POINTS, dtype=np.float32)
                out = net.outputs(x.reshape(-1, 1), problem.features)[-1]
                state["curve"] = {"x": _floats(x), "y": _floats(_shown(out, s))}
            if points:
                state["points"] = {
                    "train": _floats(np.hstack([problem.raw_train, problem.y_train])),
                    "test": _floats(np.hstack([problem.raw_test, problem.y_test])),
                }
            state["network"] = self._network(extent)
            if self.message:
                state["message"] = self.message
            return state

    def _network(self, extent) -> dict:
        problem, net = self.problem, self.primary
        outs = net.outputs(grid(extent, NEURON_SIZE, problem.dims), problem.features)
        linears = [m for m in net.model if isinstance(m, net.torch.nn.Linear)]
        return {
            "layers": [len(problem.features), *(m.out_features for m in linears)],
            "inputs": list(problem.features),
            "weights": [_floats(m.weight.detach().cpu().numpy()) for m in linears],
            "biases": [_floats(m.bias.detach().cpu().numpy()) for m in linears],
            "neurons": [_floats(o.T) for o in outs],
            "grid": {"size": NEURON_SIZE, "dims": problem.dims, "extent": extent},
        }

    def current_loss_graph(self):
        """The autograd graph of the training loss of the current batch, as a lab Diagram
        (the training state, generator included, is left as it was)."""
        from cybenko.lab.diagram import draw_graph

        with self.lock, _ENGINE_LOCK:
            net = self.primary
            saved = net.torch.get_rng_state()
            order = net.order
            try:
                net.torch.set_rng_state(net.rng)
                xb, yb = net.batch_at(self.step)
                net.optimizer.zero_grad()
                loss = net.objective(xb, yb)
                loss.backward()
                diagram = draw_graph(loss, dict(net.model.named_parameters()), name="loss")
                net.optimizer.zero_grad()
            finally:
                net.order = order
                net.torch.set_rng_state(saved)
            return diagram

    def export_arrays(self) -> tuple[Settings, int, int, dict[str, np.ndarray]]:
        """(settings, step, training points, the primary net's state_dict as NumPy arrays),
        taken together."""
        with self.lock:
            n_train = len(self.problem.x_train)
            return self.settings, self.step, n_train, self.primary.state_dict_arrays()

    def close(self) -> None:
        with self.lock:
            self.closed = True
            self.running = False
            self._wake.notify_all()


def _shown(out: np.ndarray, s: Settings) -> np.ndarray:
    """The output the page draws: class 1's probability (clipped to [0, 1] for "mse" on labels),
    or the regression's value."""
    if s.loss == "ce":
        return out[:, 1]
    if s.kind == "classify":
        return np.clip(out[:, 0], 0.0, 1.0)
    return out[:, 0]


def _float(value: float):
    return float(value) if math.isfinite(value) else None


def _losses(values) -> list:
    """A loss curve, unrounded (float32 values), None where not finite."""
    return [_float(v) for v in values]


def _floats(values) -> list:
    """Nested lists of rounded floats; nan and inf (which JSON cannot hold) become None."""
    a = np.asarray(values, dtype=np.float64)
    if np.isfinite(a).all():
        return np.round(a, DECIMALS).tolist()
    rounded = np.round(np.where(np.isfinite(a), a, 0.0), DECIMALS).astype(object)
    rounded[~np.isfinite(a)] = None
    return rounded.tolist()
