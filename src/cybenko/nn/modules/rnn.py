"""Recurrent layers: RNN, LSTM and GRU over whole sequences, and their one-step cells.

Every layer is composed of ops the learner already knows (linear, sigmoid, tanh, chunk, stack,
cat), step after step as torch's CPU kernels run them, so autograd differentiates through time
with no code of its own. The per-step updates, for input x and state h (and c):

    RNN   h' = tanh(W_ih x + b_ih + W_hh h + b_hh)            (or relu)
    LSTM  i, f, g, o = chunks of W_ih x + b_ih + W_hh h + b_hh  (gates in that order)
          c' = sigmoid(f) * c + sigmoid(i) * tanh(g);   h' = sigmoid(o) * tanh(c')
          (with proj_size, h' is projected: h' W_hr^T)
    GRU   r, z = sigmoid of the first two chunks of (W_ih x + b_ih) + (W_hh h + b_hh)
          n = tanh(W_in x + b_in + r * (W_hn h + b_hn));   h' = (1 - z) * n + z * h

The input projection W_ih x + b_ih of a whole layer is computed once, before the steps, as
torch does on the CPU.
"""

from __future__ import annotations

import math
import numbers

from ... import _warnings
from ..._device import check_device
from ..._tensor import Tensor
from ...ops.creation import empty, zeros
from ...ops.shape import cat, stack
from .. import functional as F
from .. import init
from ..parameter import Parameter
from ..utils.rnn import PackedSequence
from .module import Module

_GATES = {"RNN_TANH": 1, "RNN_RELU": 1, "LSTM": 4, "GRU": 3}


# --- one step of each kind of cell, from the precomputed input projection ----------------------


def _tanh_step(x_proj, state, w_hh, b_hh, w_hr=None):
    (h,) = state
    return ((F.linear(h, w_hh, b_hh) + x_proj).tanh(),)


def _relu_step(x_proj, state, w_hh, b_hh, w_hr=None):
    (h,) = state
    return ((F.linear(h, w_hh, b_hh) + x_proj).relu(),)


def _lstm_step(x_proj, state, w_hh, b_hh, w_hr=None):
    h, c = state
    i, f, g, o = (F.linear(h, w_hh, b_hh) + x_proj).chunk(4, 1)
    c = f.sigmoid() * c + i.sigmoid() * g.tanh()
    h = o.sigmoid() * c.tanh()
    if w_hr is not None:
        h = h.matmul(w_hr.t())
    return h, c


def _gru_step(x_proj, state, w_hh, b_hh, w_hr=None):
    (h,) = state
    x_r, x_z, x_n = x_proj.chunk(3, 1)
    h_r, h_z, h_n = F.linear(h, w_hh, b_hh).chunk(3, 1)
    reset = (h_r + x_r).sigmoid()
    update = (h_z + x_z).sigmoid()
    new = (x_n + h_n * reset).tanh()
    return ((h - new) * update + new,)


_STEPS = {"RNN_TANH": _tanh_step, "RNN_RELU": _relu_step, "LSTM": _lstm_step, "GRU": _gru_step}


# --- one layer in one direction over a padded or a packed sequence -----------------------------


def _run_padded(step, x_proj, state, weights, reverse: bool):
    """x_proj: (T, B, gates). Returns the outputs (T, B, H) and the final state."""
    outputs = []
    times = range(x_proj.shape[0])
    for t in reversed(times) if reverse else times:
        state = step(x_proj[t], state, *weights)
        outputs.append(state[0])
    if reverse:
        outputs.reverse()
    return stack(outputs, 0), state


def _run_packed(step, x_proj, state, weights, batch_sizes, reverse: bool):
    """x_proj: (sum(batch_sizes), gates), packed. Each sequence leaves the batch when it ends
    (the batch is sorted longest first, so the last rows leave first): its final state is
    kept from that step on, and the final states are put back in batch order at the end."""
    outputs = []
    if not reverse:
        finished, offset, running = [], 0, batch_sizes[0]
        for n in batch_sizes:
            if n < running:  # sequences n .. running-1 just ended
                finished.append(tuple(s[n:running] for s in state))
                state = tuple(s[:n] for s in state)
            running = n
            state = step(x_proj[offset : offset + n], state, *weights)
            outputs.append(state[0])
            offset += n
        finished.append(state)
        finished.reverse()
        final = tuple(cat(parts, 0) for parts in zip(*finished, strict=True))
        return cat(outputs, 0), final
    # backwards in time: start with the sequences long enough for the last step; the others
    # join (from their initial state) at their own last step
    initial, end = state, x_proj.shape[0]
    running = batch_sizes[-1]
    state = tuple(s[:running] for s in initial)
    for n in reversed(batch_sizes):
        if n > running:
            state = tuple(cat([s, s0[running:n]], 0) for s, s0 in zip(state, initial, strict=True))
        running = n
        state = step(x_proj[end - n : end], state, *weights)
        outputs.append(state[0])
        end -= n
    outputs.reverse()
    return cat(outputs, 0), state


class RNNBase(Module):
    """What RNN, LSTM and GRU share: the parameters per layer and direction, the checks, and
    the walk over layers, directions and time steps."""

    def __init__(
        self,
        mode: str,
        input_size: int,
        hidden_size: int,
        num_layers: int = 1,
        bias: bool = True,
        batch_first: bool = False,
        dropout: float = 0.0,
        bidirectional: bool = False,
        proj_size: int = 0,
        device=None,
        dtype=None,
    ) -> None:
        super().__init__()
        check_device(device)
        _check_arguments(input_size, hidden_size, num_layers, bias, batch_first, dropout, proj_size)
        if mode not in _GATES:
            raise ValueError("Unrecognized RNN mode: " + mode)
        self.mode = mode
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.num_layers = num_layers
        self.bias = bias
        self.batch_first = batch_first
        self.dropout = float(dropout)
        self.bidirectional = bidirectional
        self.proj_size = proj_size
        gate_size = _GATES[mode] * hidden_size
        real_hidden_size = proj_size if proj_size > 0 else hidden_size
        directions = 2 if bidirectional else 1
        self._flat_weights_names = []
        self._all_weights = []
        for layer in range(num_layers):
            for direction in range(directions):
                layer_input_size = input_size if layer == 0 else real_hidden_size * directions
                shapes = {"weight_ih": (gate_size, layer_input_size)}
                shapes["weight_hh"] = (gate_size, real_hidden_size)
                if bias:
                    shapes["bias_ih"] = (gate_size,)
                    shapes["bias_hh"] = (gate_size,)
                if proj_size > 0:
                    shapes["weight_hr"] = (proj_size, hidden_size)
                suffix = "_reverse" if direction == 1 else ""
                names = []
                for kind, shape in shapes.items():
                    name = f"{kind}_l{layer}{suffix}"
                    setattr(self, name, Parameter(empty(shape, dtype=dtype)))
                    names.append(name)
                self._flat_weights_names.extend(names)
                self._all_weights.append(names)
        self.reset_parameters()
        self.to(device)  # initialised on the CPU (torch's numbers), then moved

    def reset_parameters(self) -> None:
        bound = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -bound, bound)

    def flatten_parameters(self) -> None:
        """A no-op, as torch's on the CPU (it packs the weights for cuDNN)."""

    @property
    def _flat_weights(self) -> list:
        return [getattr(self, name, None) for name in self._flat_weights_names]

    @property
    def all_weights(self) -> list:
        return [[getattr(self, name) for name in names] for names in self._all_weights]

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"
        if self.proj_size != 0:
            s += f", proj_size={self.proj_size}"
        if self.num_layers != 1:
            s += f", num_layers={self.num_layers}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if self.batch_first is not False:
            s += f", batch_first={self.batch_first}"
        if self.dropout != 0:
            s += f", dropout={self.dropout}"
        if self.bidirectional is not False:
            s += f", bidirectional={self.bidirectional}"
        return s

    # --- checks, in torch's words ---

    def _state_sizes(self, input: Tensor, batch_sizes) -> tuple:
        """The expected (layers * directions, batch, size) of h (and of c for an LSTM)."""
        if batch_sizes is not None:
            batch = int(batch_sizes[0])
        else:
            batch = input.size(0) if self.batch_first else input.size(1)
        layers = self.num_layers * (2 if self.bidirectional else 1)
        h_size = self.proj_size if self.proj_size > 0 else self.hidden_size
        return (layers, batch, h_size), (layers, batch, self.hidden_size)

    def _check_input(self, input: Tensor, batch_sizes) -> None:
        weight = self._flat_weights[0]
        if input.dtype != weight.dtype:
            raise ValueError(
                f"RNN input dtype ({input.dtype}) does not match weight dtype ({weight.dtype}). "
                f"Convert input: input.to({weight.dtype}), or convert model: "
                f"model.to({input.dtype})"
            )
        expected_dim = 2 if batch_sizes is not None else 3
        if input.dim() != expected_dim:
            raise RuntimeError(f"input must have {expected_dim} dimensions, got {input.dim()}")
        if self.input_size != input.size(-1):
            raise RuntimeError(
                "input.size(-1) must be equal to input_size. Expected "
                f"{self.input_size}, got {input.size(-1)}"
            )

    def _check_state(self, input: Tensor, state: tuple, batch_sizes) -> None:
        self._check_input(input, batch_sizes)
        sizes = self._state_sizes(input, batch_sizes)
        single = len(state) == 1
        for k, (s, size) in enumerate(zip(state, sizes, strict=False)):
            if tuple(s.size()) != size:
                what = "hidden" if single else f"hidden[{k}]"
                raise RuntimeError(f"Expected {what} size {size}, got {list(s.size())}")

    # --- the walk over layers and directions ---

    def _run(self, data: Tensor, state: tuple, batch_sizes) -> tuple:
        """data: (T, B, input_size) or packed (N, input_size); state: (h0,) or (h0, c0), each
        (layers * directions, B, size). Returns the last layer's output and the final state."""
        step = _STEPS[self.mode]
        directions = 2 if self.bidirectional else 1
        per_layer = len(self._all_weights[0])
        layer_input = data
        finals = [[] for _ in state]
        for layer in range(self.num_layers):
            outputs = []
            for direction in range(directions):
                k = layer * directions + direction
                weights = [getattr(self, name) for name in self._all_weights[k]]
                w_ih, w_hh = weights[0], weights[1]
                b_ih, b_hh = (weights[2], weights[3]) if self.bias else (None, None)
                w_hr = weights[per_layer - 1] if self.proj_size > 0 else None
                x_proj = F.linear(layer_input, w_ih, b_ih)
                start = tuple(s[k] for s in state)
                if batch_sizes is None:
                    out, final = _run_padded(
                        step, x_proj, start, (w_hh, b_hh, w_hr), reverse=direction == 1
                    )
                else:
                    out, final = _run_packed(
                        step, x_proj, start, (w_hh, b_hh, w_hr), batch_sizes, direction == 1
                    )
                outputs.append(out)
                for collected, s in zip(finals, final, strict=True):
                    collected.append(s)
            layer_input = outputs[0] if directions == 1 else cat(outputs, outputs[0].dim() - 1)
            if self.dropout != 0 and self.training and layer < self.num_layers - 1:
                layer_input = F.dropout(layer_input, self.dropout, True)
        return layer_input, tuple(stack(collected, 0) for collected in finals)

    def _forward(self, input, state, kind: str):
        """The forward shared by RNN, LSTM and GRU. `state` is None, h0, or (h0, c0)."""
        lstm = self.mode == "LSTM"
        packed = isinstance(input, PackedSequence)
        sizes_of = self._state_sizes
        if packed:
            data, batch_sizes_t, sorted_indices, unsorted_indices = input
            batch_sizes = [int(n) for n in batch_sizes_t.tolist()]
            batched = True
        else:
            data, batch_sizes, sorted_indices, unsorted_indices = input, None, None, None
            if data.dim() not in (2, 3):
                tensor = " tensor" if kind == "RNN" else ""
                raise ValueError(
                    f"{kind}: Expected input to be 2D or 3D, got {data.dim()}D{tensor} instead"
                )
            batched = data.dim() == 3
            if not batched:
                data = data.unsqueeze(0 if self.batch_first else 1)
            if state is not None:
                state = _batched_state(state, batched, lstm)
        if state is None:
            h_size, c_size = sizes_of(data, batch_sizes)
            state = (zeros(h_size, dtype=data.dtype, device=data.device),)
            if lstm:
                state += (zeros(c_size, dtype=data.dtype, device=data.device),)
        else:
            state = tuple(state) if lstm else (state,)
            if sorted_indices is not None:
                if lstm:  # torch permutes these two only
                    state = (state[0], state[1])
                state = tuple(s.index_select(1, sorted_indices) for s in state)
        self._check_state(data, state, batch_sizes)
        if lstm and len(state) != 2:  # as given, past torch's Python checks to its C++ lstm
            raise RuntimeError("lstm expects two hidden states")
        if not packed:
            time_dim = 1 if self.batch_first else 0
            if data.size(1 - time_dim) > 0 and data.size(time_dim) == 0:
                raise RuntimeError("Expected sequence length to be larger than 0 in RNN")
            if self.batch_first:
                data = data.transpose(0, 1)
        output, final = self._run(data, state, batch_sizes)
        if unsorted_indices is not None:
            final = tuple(s.index_select(1, unsorted_indices) for s in final)
        if packed:
            output = PackedSequence(output, batch_sizes_t, sorted_indices, unsorted_indices)
        else:
            if self.batch_first:  # torch's RNN and GRU transpose in place, its LSTM does not
                output = output.transpose(0, 1) if lstm else output.transpose_(0, 1)
            if not batched:
                output = output.squeeze(0 if self.batch_first else 1)
                final = tuple(s.squeeze(1) for s in final)
        return output, (final if lstm else final[0])


def _batched_state(state, batched: bool, lstm: bool):
    """The initial state given for a 3-D (batched) or 2-D (unbatched) input, checked and made
    3-D as torch does, with torch's messages."""
    if lstm:
        h, c = state[0], state[1]  # a 1-tuple fails here with torch's IndexError
        if (h.dim(), c.dim()) != ((3, 3) if batched else (2, 2)):
            shape = "batched 3-D" if batched else "unbatched 2-D"
            wanted = "3-D" if batched else "2-D"
            raise RuntimeError(
                f"For {shape} input, hx and cx should also be {wanted} but got "
                f"({h.dim()}-D, {c.dim()}-D) tensors"
            )
        return state if batched else (h.unsqueeze(1), c.unsqueeze(1))
    wanted = 3 if batched else 2
    if state.dim() != wanted:
        shape = "batched 3-D" if batched else "unbatched 2-D"
        raise RuntimeError(
            f"For {shape} input, hx should also be {wanted}-D but got {state.dim()}-D tensor"
        )
    return state if batched else state.unsqueeze(1)


def _check_arguments(input_size, hidden_size, num_layers, bias, batch_first, dropout, proj_size):
    """torch's checks of the constructor's arguments, in its order and words."""
    if (
        not isinstance(dropout, numbers.Number)
        or not 0 <= dropout <= 1
        or isinstance(dropout, bool)
    ):
        raise ValueError(
            "dropout should be a number in range [0, 1] representing the probability of an "
            "element being zeroed"
        )
    if dropout > 0 and num_layers == 1:
        _warnings.warn(
            "dropout option adds dropout after all but last recurrent layer, so non-zero "
            "dropout expects num_layers greater than 1, but got "
            f"dropout={dropout} and num_layers={num_layers}"
        )
    if not isinstance(bias, bool):
        raise TypeError(f"bias should be of type bool, got: {type(bias).__name__}")
    if not isinstance(batch_first, bool):
        raise TypeError(f"batch_first should be of type bool, got: {type(batch_first).__name__}")
    if not isinstance(input_size, int):
        raise TypeError(f"input_size should be of type int, got: {type(input_size).__name__}")
    if input_size <= 0:
        raise ValueError("input_size must be greater than zero")
    if not isinstance(hidden_size, int):
        raise TypeError(f"hidden_size should be of type int, got: {type(hidden_size).__name__}")
    if hidden_size <= 0:
        raise ValueError("hidden_size must be greater than zero")
    if num_layers <= 0:
        raise ValueError("num_layers must be greater than zero")
    if proj_size < 0:
        raise ValueError("proj_size should be a positive integer or zero to disable projections")
    if proj_size >= hidden_size:
        raise ValueError("proj_size has to be smaller than hidden_size")


class RNN(RNNBase):
    """An Elman RNN, h_t = tanh(x_t W_ih^T + b_ih + h_{t-1} W_hh^T + b_hh) (or relu), stacked
    `num_layers` deep. Returns (output, h_n): the last layer's h_t for every t, and the last
    h of every layer (and direction).

    >>> import cybenko as torch
    >>> rnn = torch.nn.RNN(10, 20, 2)
    >>> output, h_n = rnn(torch.randn(5, 3, 10))  # (time, batch, features)
    >>> output.shape, h_n.shape
    (torch.Size([5, 3, 20]), torch.Size([2, 3, 20]))
    """

    def __init__(self, *args, **kwargs) -> None:
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        if len(args) > 3:
            nonlinearity = args[3]
            args = args[:3] + args[4:]
        else:
            nonlinearity = kwargs.pop("nonlinearity", "tanh")
        if nonlinearity == "tanh":
            mode = "RNN_TANH"
        elif nonlinearity == "relu":
            mode = "RNN_RELU"
        else:
            raise ValueError(
                f"Unknown nonlinearity '{nonlinearity}'. Select from 'tanh' or 'relu'."
            )
        super().__init__(mode, *args, **kwargs)
        self.nonlinearity = nonlinearity

    def forward(self, input, hx: Tensor | None = None):
        return self._forward(input, hx, "RNN")


class LSTM(RNNBase):
    """A long short-term memory layer (gates i, f, g, o), stacked `num_layers` deep. Returns
    (output, (h_n, c_n)); with proj_size > 0, h is projected to proj_size features.

    >>> import cybenko as torch
    >>> lstm = torch.nn.LSTM(10, 20, 2, batch_first=True)
    >>> output, (h_n, c_n) = lstm(torch.randn(3, 5, 10))  # (batch, time, features)
    >>> output.shape, c_n.shape
    (torch.Size([3, 5, 20]), torch.Size([2, 3, 20]))
    """

    def __init__(self, *args, **kwargs) -> None:
        super().__init__("LSTM", *args, **kwargs)

    def forward(self, input, hx: tuple | None = None):
        return self._forward(input, hx, "LSTM")


class GRU(RNNBase):
    """A gated recurrent unit layer (gates r, z, n), stacked `num_layers` deep. Returns
    (output, h_n) as RNN does.

    >>> import cybenko as torch
    >>> gru = torch.nn.GRU(10, 20)
    >>> output, h_n = gru(torch.randn(7, 10))  # one unbatched sequence: (time, features)
    >>> output.shape, h_n.shape
    (torch.Size([7, 20]), torch.Size([1, 20]))
    """

    def __init__(self, *args, **kwargs) -> None:
        if "proj_size" in kwargs:
            raise ValueError("proj_size argument is only supported for LSTM, not RNN or GRU")
        super().__init__("GRU", *args, **kwargs)

    def forward(self, input, hx: Tensor | None = None):
        return self._forward(input, hx, "GRU")


# --- the cells: one step, for the learner's own loop over time ----------------------------------


class RNNCellBase(Module):
    """What the cells share: weight_ih, weight_hh, bias_ih, bias_hh and the checks."""

    def __init__(
        self, input_size: int, hidden_size: int, bias: bool, num_chunks: int, device, dtype
    ) -> None:
        super().__init__()
        check_device(device)
        self.input_size = input_size
        self.hidden_size = hidden_size
        self.bias = bias
        gates = num_chunks * hidden_size
        self.weight_ih = Parameter(empty((gates, input_size), dtype=dtype))
        self.weight_hh = Parameter(empty((gates, hidden_size), dtype=dtype))
        if bias:
            self.bias_ih = Parameter(empty(gates, dtype=dtype))
            self.bias_hh = Parameter(empty(gates, dtype=dtype))
        else:
            self.register_parameter("bias_ih", None)
            self.register_parameter("bias_hh", None)
        self.reset_parameters()
        self.to(device)

    def extra_repr(self) -> str:
        s = f"{self.input_size}, {self.hidden_size}"
        if self.bias is not True:
            s += f", bias={self.bias}"
        if getattr(self, "nonlinearity", "tanh") != "tanh":
            s += f", nonlinearity={self.nonlinearity}"
        return s

    def reset_parameters(self) -> None:
        bound = 1.0 / math.sqrt(self.hidden_size) if self.hidden_size > 0 else 0
        for weight in self.parameters():
            init.uniform_(weight, -bound, bound)

    def _step(self, step, input: Tensor, state: tuple, kind: str, what: str) -> tuple:
        """Check the input and state as torch does, then run one step."""
        if input.dim() not in (1, 2):
            raise ValueError(f"{kind}: Expected input to be 1D or 2D, got {input.dim()}D instead")
        for k, s in enumerate(state or ()):
            if s.dim() not in (1, 2):
                label = what if len(state) == 1 else f"{what}[{k}]"
                raise ValueError(f"{kind}: Expected {label} to be 1D or 2D, got {s.dim()}D instead")
        batched, lstm = input.dim() == 2, step is _lstm_step
        if not batched:
            input = input.unsqueeze(0)
        if state is None:
            h0 = zeros(input.size(0), self.hidden_size, dtype=input.dtype, device=input.device)
            state = (h0,) * (2 if lstm else 1)
        elif not batched:
            if lstm:  # torch rebuilds the state from its first two
                state = (state[0], state[1])
            state = tuple(s.unsqueeze(0) for s in state)
        if lstm and len(state) != 2:
            raise RuntimeError("lstm_cell expects two hidden states")
        if input.size(1) != self.weight_ih.size(1):
            raise RuntimeError(
                f"input has inconsistent input_size: got {input.size(1)} expected "
                f"{self.weight_ih.size(1)}"
            )
        for k, s in enumerate(state):
            if input.size(0) != s.size(0):
                raise RuntimeError(
                    f"Input batch size {input.size(0)} doesn't match hidden{k} batch size "
                    f"{s.size(0)}"
                )
            if s.size(1) != self.hidden_size:
                raise RuntimeError(
                    f"hidden{k} has inconsistent hidden_size: got {s.size(1)}, expected "
                    f"{self.hidden_size}"
                )
        x_proj = F.linear(input, self.weight_ih, self.bias_ih)
        state = step(x_proj, state, self.weight_hh, self.bias_hh)
        return state if batched else tuple(s.squeeze(0) for s in state)


class RNNCell(RNNCellBase):
    """One step of an Elman RNN: h' = tanh(x W_ih^T + b_ih + h W_hh^T + b_hh) (or relu).

    >>> import cybenko as torch
    >>> cell = torch.nn.RNNCell(3, 4)
    >>> cell(torch.randn(2, 3)).shape  # h defaults to zeros
    torch.Size([2, 4])
    """

    def __init__(
        self,
        input_size: int,
        hidden_size: int,
        bias: bool = True,
        nonlinearity: str = "tanh",
        device=None,
        dtype=None,
    ) -> None:
        super().__init__(input_size, hidden_size, bias, 1, device, dtype)
        self.nonlinearity = nonlinearity

    def forward(self, input: Tensor, hx: Tensor | None = None) -> Tensor:
        steps = {"tanh": _tanh_step, "relu": _relu_step}
        state = None if hx is None else (hx,)
        if input.dim() in (1, 2) and (hx is None or hx.dim() in (1, 2)):
            if self.nonlinearity not in steps:
                raise RuntimeError(f"Unknown nonlinearity: {self.nonlinearity}")
        step = steps.get(self.nonlinearity, _tanh_step)
        return self._step(step, input, state, "RNNCell", "hidden")[0]


class LSTMCell(RNNCellBase):
    """One LSTM step: (h', c') from x and (h, c), gates i, f, g, o.

    >>> import cybenko as torch
    >>> cell = torch.nn.LSTMCell(3, 4)
    >>> h, c = cell(torch.randn(3))  # unbatched
    >>> h.shape
    torch.Size([4])
    """

    def __init__(
        self, input_size: int, hidden_size: int, bias: bool = True, device=None, dtype=None
    ) -> None:
        super().__init__(input_size, hidden_size, bias, 4, device, dtype)

    def forward(self, input: Tensor, hx: tuple | None = None) -> tuple:
        state = None if hx is None else tuple(hx)
        return self._step(_lstm_step, input, state, "LSTMCell", "hx")


class GRUCell(RNNCellBase):
    """One GRU step: h' from x and h, gates r, z, n.

    >>> import cybenko as torch
    >>> cell = torch.nn.GRUCell(3, 4)
    >>> cell(torch.randn(5, 3), torch.zeros(5, 4)).shape
    torch.Size([5, 4])
    """

    def __init__(
        self, input_size: int, hidden_size: int, bias: bool = True, device=None, dtype=None
    ) -> None:
        super().__init__(input_size, hidden_size, bias, 3, device, dtype)

    def forward(self, input: Tensor, hx: Tensor | None = None) -> Tensor:
        state = None if hx is None else (hx,)
        return self._step(_gru_step, input, state, "GRUCell", "hidden")[0]
