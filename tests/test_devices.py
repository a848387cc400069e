"""Devices: cpu and cuda tensors, moving between them, and the rules torch enforces.

No GPU is needed: CYBENKO_TEST_CUDA=1 makes cuda:0 a second device backed by NumPy, so every
rule runs here. torch on this machine cannot make cuda tensors, so the cuda-side expectations
are the printed outputs of the course notes (seed 000, "GPU 사용방법") and torch 2.13's
messages; CPU-side behaviour is compared with torch directly.
"""

import numpy as np
import pytest

import cybenko
from oracle import torch

pytestmark = pytest.mark.oracle

ADDMM = (
    "Expected all tensors to be on the same device, but got mat1 is on {}, different from "
    "other tensors on {} (when checking argument in method wrapper_CUDA_addmm)"
)
MIXED = "Expected all tensors to be on the same device, but found at least two devices, {} and {}!"


@pytest.fixture(autouse=True)
def test_device(monkeypatch):
    monkeypatch.setenv("CYBENKO_TEST_CUDA", "1")


def notes_data(T):
    """The notes' x, y and 1->1 linear net, made on the CPU."""
    T.manual_seed(43052)
    x = T.tensor([0.0, 0.1, 0.2]).reshape(-1, 1)
    y = T.tensor([0.0, 0.2, 0.4]).reshape(-1, 1)
    return x, y, T.nn.Linear(1, 1)


# --- device objects ------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["cpu", "cuda", "cuda:0", "cuda:1", "cpu:0"])
def test_device_objects_parse_print_and_compare_as_torchs(text):
    ours, theirs = cybenko.device(text), torch.device(text)
    assert (repr(ours), str(ours), ours.type, ours.index) == (
        repr(theirs),
        str(theirs),
        theirs.type,
        theirs.index,
    )
    assert ours == text and ours == cybenko.device(ours)
    assert hash(ours) == hash(cybenko.device(text))


def test_cuda_and_cuda_0_are_different_devices_but_the_same_place():
    assert cybenko.device("cuda") != cybenko.device("cuda:0")
    assert torch.device("cuda") != torch.device("cuda:0")
    assert cybenko.zeros(1, device="cuda").device == cybenko.device("cuda:0")
    assert repr(cybenko.device("cuda", 1)) == repr(torch.device("cuda", 1))


@pytest.mark.parametrize("text", ["cuda:x", "cuda:-1", "cuda:0:1", "cuda:01"])
def test_bad_device_indices_are_refused_in_torchs_words(text):
    for lib in (torch, cybenko):
        with pytest.raises(RuntimeError, match=f"^Invalid device string: '{text}'$"):
            lib.device(text)


def test_unknown_device_types_are_refused_in_torchs_words():
    for lib in (torch, cybenko):
        with pytest.raises(RuntimeError, match="^Expected one of cpu, cuda,? .*: gpu$"):
            lib.device("gpu")


# --- cybenko.cuda on the test device ----------------------------------------------------------


def test_the_test_device_is_one_gpu():
    assert cybenko.cuda.is_available() and cybenko.cuda.device_count() == 1
    assert cybenko.cuda.current_device() == 0
    assert cybenko.cuda.get_device_name() == "cybenko test device (NumPy)"
    assert ("cuda" if cybenko.cuda.is_available() else "cpu") == "cuda"
    cybenko.cuda.synchronize()


def test_events_time_work_in_milliseconds():
    start, end = cybenko.cuda.Event(enable_timing=True), cybenko.cuda.Event(enable_timing=True)
    start.record()
    cybenko.ones(100, 100, device="cuda").sum()
    end.record()
    end.synchronize()
    assert 0 <= start.elapsed_time(end) < 10_000
    untimed = cybenko.cuda.Event()
    untimed.record()
    with pytest.raises(RuntimeError, match="enable_timing=True"):
        untimed.elapsed_time(end)


def test_only_the_gpus_there_are_can_be_asked_for():
    with pytest.raises(RuntimeError, match="invalid device ordinal"):
        cybenko.zeros(1, device="cuda:1")


# --- making and moving tensors ---------------------------------------------------------------


@pytest.mark.parametrize(
    "make",
    [
        lambda T, d: T.zeros(2, 3, device=d),
        lambda T, d: T.ones(2, device=d, dtype=T.float64),
        lambda T, d: T.empty(2, device=d),
        lambda T, d: T.full((2,), 7, device=d),
        lambda T, d: T.arange(5, device=d),
        lambda T, d: T.linspace(0, 1, 5, device=d),
        lambda T, d: T.eye(3, device=d),
        lambda T, d: T.tensor([[1.0, 2.0]], device=d),
        lambda T, d: T.as_tensor([1, 2], device=d),
        lambda T, d: T.rand(2, device=d),
        lambda T, d: T.randn(2, device=d),
        lambda T, d: T.randint(0, 5, (3,), device=d),
        lambda T, d: T.randperm(4, device=d),
        lambda T, d: T.zeros_like(T.zeros(2, device=d)),
        lambda T, d: T.full_like(T.zeros(2, device=d), 3.0),
        lambda T, d: T.randn_like(T.zeros(2, device=d)),
    ],
)
def test_every_factory_takes_device(make):
    made = make(cybenko, "cuda")
    on_cpu = make(torch, "cpu")
    assert made.device == cybenko.device("cuda:0") and made.is_cuda
    assert made.get_device() == 0
    assert (made.shape, str(made.dtype)) == (tuple(on_cpu.shape), str(on_cpu.dtype))


def test_to_returns_the_tensor_itself_when_nothing_changes():
    for lib in (torch, cybenko):
        x = lib.zeros(2)
        assert x.to("cpu") is x and x.cpu() is x and x.to(lib.float32) is x
        assert x.to("cpu", copy=True) is not x
    g = cybenko.zeros(2).cuda()
    assert g.cuda() is g and g.to("cuda:0") is g and g.to("cuda") is g
    assert g.to(g) is g and g.to(device="cuda", dtype=cybenko.float32) is g


def test_moving_copies_the_values():
    x = cybenko.tensor([1.0, 2.0])
    g = x.to("cuda:0")
    g += 10
    assert x.tolist() == [1.0, 2.0] and g.tolist() == [11.0, 12.0]
    back = g.cpu()
    back[0] = 0
    assert g.tolist() == [11.0, 12.0] and back.device == cybenko.device("cpu")


@pytest.mark.parametrize(
    "move",
    [
        lambda x: x.to("cuda", cybenko.float64),
        lambda x: x.to(cybenko.zeros(1, dtype=cybenko.float64, device="cuda")),
        lambda x: x.to(device=cybenko.device("cuda:0"), dtype=cybenko.float64, non_blocking=True),
        lambda x: x.cuda(0).double(),
    ],
)
def test_to_takes_a_device_a_dtype_or_a_tensor(move):
    moved = move(cybenko.tensor([1.5, 2.5]))
    assert (str(moved.device), moved.dtype, moved.tolist()) == (
        "cuda:0",
        cybenko.float64,
        [1.5, 2.5],
    )


def test_type_names_the_gpu_tensor_types():
    assert cybenko.zeros(1).type() == "torch.FloatTensor"
    assert cybenko.zeros(1, device="cuda").type() == "torch.cuda.FloatTensor"
    assert cybenko.zeros(1, dtype=cybenko.int64, device="cuda").type() == "torch.cuda.LongTensor"


def test_integer_tensors_move_too():
    g = cybenko.tensor([1, 2]).cuda()
    assert (str(g.device), g.dtype) == ("cuda:0", cybenko.int64)
    assert g.to(cybenko.bool).device == g.device


def test_the_gradient_flows_back_to_the_source_device():
    x = cybenko.tensor([1.0, 2.0], requires_grad=True)
    g = x.to("cuda:0")
    assert g.grad_fn.name() == "ToCopyBackward0" and g.is_leaf is False
    (g * g).sum().backward()
    assert x.grad.device == cybenko.device("cpu") and x.grad.tolist() == [2.0, 4.0]


def test_a_leaf_on_the_gpu_gets_its_gradient_there():
    w = cybenko.tensor([3.0], device="cuda", requires_grad=True)
    (w * cybenko.tensor([2.0], device="cuda")).sum().backward()
    assert str(w.grad.device) == "cuda:0" and w.grad.tolist() == [2.0]


def test_results_of_ops_stay_on_the_device():
    g = cybenko.tensor([[0.1, 0.9], [0.8, 0.2]], device="cuda")
    results = [
        g + 1,
        g.exp(),
        g.sum(),
        g.mean(0),
        g @ g,
        g > 0.5,
        (g > 0.5).float(),
        g.argmax(1),
        g.max(1).indices,
        g[0],
        g.reshape(4),
        cybenko.cat([g, g]),
        g.softmax(1),
        cybenko.where(g > 0.5, g, 0.0),
    ]
    assert {str(r.device) for r in results} == {"cuda:0"}


# --- the error when devices mix ----------------------------------------------------------------


def test_a_linear_layer_names_the_argument_on_the_other_device():
    x_cpu, _, net_cpu = notes_data(cybenko)
    x_gpu, _, net_gpu = notes_data(cybenko)
    x_gpu, net_gpu = x_gpu.to("cuda:0"), net_gpu.to("cuda:0")
    # The notes (torch 1.x) say "...found at least two devices, cpu and cuda:0! (when checking
    # argument for argument mat1 in method wrapper_addmm)"; torch 2.13 words it this way.
    with pytest.raises(RuntimeError) as error:
        net_cpu(x_gpu)
    assert str(error.value) == ADDMM.format("cuda:0", "cpu")
    with pytest.raises(RuntimeError) as error:
        net_gpu(x_cpu)
    assert str(error.value) == ADDMM.format("cpu", "cuda:0")


@pytest.mark.parametrize(
    "mix",
    [
        lambda a, b: a + b,
        lambda a, b: b - a,
        lambda a, b: a * b,
        lambda a, b: cybenko.mean((b - a) ** 2),
        lambda a, b: cybenko.nn.functional.mse_loss(a, b),
        lambda a, b: cybenko.nn.MSELoss()(b, a),
        lambda a, b: cybenko.nn.functional.binary_cross_entropy(a.sigmoid(), b.sigmoid()),
        lambda a, b: cybenko.maximum(a, b),
        lambda a, b: a > b,
        lambda a, b: a.add_(b),
        lambda a, b: a.mul_(b),
    ],
)
def test_elementwise_ops_name_the_gpu_first_whatever_the_order(mix):
    # as torch's TensorIterator: notes' examples 7 and 8 both say "cuda:0 and cpu"
    a, b = cybenko.ones(3, 1), cybenko.ones(3, 1, device="cuda")
    for pair in ((a, b), (b, a)):
        with pytest.raises(RuntimeError) as error:
            mix(*pair)
        assert str(error.value) == MIXED.format("cuda:0", "cpu")


def test_matmul_cat_and_cross_entropy_name_the_argument():
    a, b = cybenko.ones(2, 2), cybenko.ones(2, 2, device="cuda")
    with pytest.raises(
        RuntimeError, match=r"mat2 is on cuda:0, different from other tensors on cpu"
    ):
        a @ b
    with pytest.raises(RuntimeError, match="in method wrapper_CUDA_mm"):
        b.matmul(a)
    with pytest.raises(RuntimeError) as error:
        cybenko.cat([b, a])
    assert str(error.value) == (
        "Expected all tensors to be on the same device, but got tensors is on cpu, different "
        "from other tensors on cuda:0 (when checking argument in method wrapper_CUDA_cat)"
    )
    logits, target = cybenko.zeros(2, 3, device="cuda"), cybenko.tensor([0, 2])
    with pytest.raises(RuntimeError) as error:
        cybenko.nn.functional.cross_entropy(logits, target)
    assert str(error.value) == (
        "Expected all tensors to be on the same device, but got target is on cpu, different "
        "from other tensors on cuda:0 (when checking argument in method "
        "wrapper_CUDA_nll_loss_forward)"
    )


def test_a_zero_dim_cpu_tensor_acts_as_a_number_on_the_gpu():
    g = cybenko.tensor([1.0, 2.0], device="cuda")
    for result in (g * cybenko.tensor(2.0), cybenko.tensor(2.0) + g, g / g.sum().cpu()):
        assert str(result.device) == "cuda:0"
    with pytest.raises(RuntimeError, match="cuda:0 and cpu!"):
        g * cybenko.tensor([2.0])


# --- printing and leaving -----------------------------------------------------------------------


def test_gpu_tensors_print_as_in_the_notes():
    x, y, net = notes_data(cybenko)
    x_gpu, y_gpu = x.to("cuda:0"), y.to("cuda:0")
    net_gpu = net.to("cuda:0")
    assert repr(x_gpu) == (
        "tensor([[0.0000],\n        [0.1000],\n        [0.2000]], device='cuda:0')"
    )
    assert repr(y_gpu) == (
        "tensor([[0.0000],\n        [0.2000],\n        [0.4000]], device='cuda:0')"
    )
    assert repr(net_gpu.weight) == (
        "Parameter containing:\ntensor([[-0.3467]], device='cuda:0', requires_grad=True)"
    )
    assert repr(net_gpu.bias) == (
        "Parameter containing:\ntensor([-0.8470], device='cuda:0', requires_grad=True)"
    )
    loss = cybenko.mean((y_gpu - net_gpu(x_gpu)) ** 2)
    assert repr(loss) == "tensor(1.2068, device='cuda:0', grad_fn=<MeanBackward0>)"


def test_the_device_is_printed_before_the_dtype():
    # torch's _tensor_str appends device= first of all the suffixes
    g = cybenko.tensor([1.0, 2.0], dtype=cybenko.float64, device="cuda", requires_grad=True)
    assert repr(g) == ("tensor([1., 2.], device='cuda:0', dtype=torch.float64, requires_grad=True)")


def test_numpy_needs_the_values_on_the_cpu_first():
    g = cybenko.tensor([1.5, 2.5], device="cuda")
    message = (
        "can't convert cuda:0 device type tensor to numpy. Use Tensor.cpu() to copy the tensor "
        "to host memory first."
    )
    for leave in (g.numpy, lambda: np.asarray(g)):
        with pytest.raises(TypeError) as error:
            leave()
        assert str(error.value) == message
    assert g.cpu().numpy().tolist() == [1.5, 2.5]
    assert (g.tolist(), g[0].item(), float(g[1])) == ([1.5, 2.5], 1.5, 2.5)


# --- modules, optimizers, checkpoints ---------------------------------------------------------


def test_module_to_moves_parameters_in_place_keeping_them():
    net = cybenko.nn.Sequential(cybenko.nn.Linear(2, 3), cybenko.nn.BatchNorm1d(3))
    params = list(net.parameters())
    values = [p.tolist() for p in params]
    net(cybenko.randn(4, 2)).sum().backward()
    assert net.to("cuda:0") is net
    assert [p is q for p, q in zip(params, net.parameters(), strict=True)] == [True] * 4
    assert [p.tolist() for p in net.parameters()] == values
    devices = {str(t.device) for t in [*net.parameters(), *net.buffers()]}
    devices |= {str(p.grad.device) for p in net.parameters()}
    assert devices == {"cuda:0"}
    assert net.cpu() is net and {str(p.device) for p in net.parameters()} == {"cpu"}
    assert str(cybenko.nn.Linear(2, 2).cuda().weight.device) == "cuda:0"
    assert str(cybenko.nn.Linear(2, 2, device="cuda").weight.device) == "cuda:0"


def train(device, make_optimizer, steps=5):
    """The notes' 1-512-1 ReLU net, a few steps, on `device` (made on the CPU, then moved)."""
    cybenko.manual_seed(5)
    x = cybenko.linspace(0, 1, 100).reshape(-1, 1).to(device)
    y = (cybenko.randn(100).reshape(-1, 1) * 0.01).to(device)
    net = cybenko.nn.Sequential(
        cybenko.nn.Linear(1, 512), cybenko.nn.ReLU(), cybenko.nn.Linear(512, 1)
    )
    optimizer = make_optimizer(net.parameters())  # before .to, as torch allows
    net.to(device)
    loss_fn = cybenko.nn.MSELoss()
    for _ in range(steps):
        loss = loss_fn(net(x), y)
        loss.backward()
        optimizer.step()
        optimizer.zero_grad()
    return net, optimizer, loss


@pytest.mark.parametrize(
    "make_optimizer",
    [
        lambda p: cybenko.optim.Adam(p),
        lambda p: cybenko.optim.SGD(p, lr=0.1, momentum=0.9),
    ],
)
def test_optimizers_step_on_the_gpu_as_on_the_cpu(make_optimizer):
    net_cpu, _, loss_cpu = train("cpu", make_optimizer)
    net_gpu, optimizer, loss_gpu = train("cuda:0", make_optimizer)
    assert str(loss_gpu.device) == "cuda:0" and loss_gpu.item() == loss_cpu.item()
    for p, q in zip(net_cpu.parameters(), net_gpu.parameters(), strict=True):
        assert np.array_equal(p.detach().numpy(), q.detach().cpu().numpy())
    for state in optimizer.state.values():
        for key, value in state.items():
            # torch keeps Adam's step count on the CPU; the buffers follow their parameter
            assert str(value.device) == ("cpu" if key == "step" else "cuda:0")


def test_a_checkpoint_saved_on_the_gpu_loads_back_there_or_where_mapped(tmp_path, monkeypatch):
    net, optimizer, _ = train("cuda", lambda p: cybenko.optim.Adam(p), steps=2)
    path = tmp_path / "ckpt.pt"
    cybenko.save({"model": net.state_dict(), "optimizer": optimizer.state_dict()}, path)

    def devices(ckpt):
        return {str(t.device) for t in ckpt["model"].values()}

    assert devices(cybenko.load(path)) == {"cuda:0"}
    assert devices(cybenko.load(path, map_location="cpu")) == {"cpu"}
    assert devices(cybenko.load(path, map_location=cybenko.device("cpu"))) == {"cpu"}
    assert devices(cybenko.load(path, map_location={"cuda:0": "cpu"})) == {"cpu"}
    assert devices(cybenko.load(path, map_location=lambda storage, loc: storage)) == {"cpu"}

    monkeypatch.delenv("CYBENKO_TEST_CUDA")
    with pytest.raises(RuntimeError) as error:
        cybenko.load(path)
    assert str(error.value) == (
        "Attempting to deserialize object on a CUDA device but torch.cuda.is_available() is "
        "False. If you are running on a CPU-only machine, please use torch.load with "
        "map_location=torch.device('cpu') to map your storages to the CPU."
    )
    ckpt = cybenko.load(path, map_location="cpu")
    cpu_net = cybenko.nn.Sequential(
        cybenko.nn.Linear(1, 512), cybenko.nn.ReLU(), cybenko.nn.Linear(512, 1)
    )
    cpu_net.load_state_dict(ckpt["model"])
    cpu_optimizer = cybenko.optim.Adam(cpu_net.parameters())
    cpu_optimizer.load_state_dict(ckpt["optimizer"])
    for p, q in zip(cpu_net.parameters(), net.parameters(), strict=True):
        assert p.device == cybenko.device("cpu") and p.tolist() == q.tolist()
        assert {str(v.device) for v in cpu_optimizer.state[p].values()} == {"cpu"}


def test_an_optimizer_state_loaded_for_gpu_parameters_moves_to_them():
    _, optimizer, _ = train("cpu", lambda p: cybenko.optim.Adam(p), steps=1)
    net_gpu = cybenko.nn.Sequential(
        cybenko.nn.Linear(1, 512), cybenko.nn.ReLU(), cybenko.nn.Linear(512, 1)
    ).cuda()
    gpu_optimizer = cybenko.optim.Adam(net_gpu.parameters())
    gpu_optimizer.load_state_dict(optimizer.state_dict())
    state = gpu_optimizer.state[net_gpu[0].weight]
    assert (str(state["exp_avg"].device), str(state["step"].device)) == ("cuda:0", "cpu")


# --- random numbers ---------------------------------------------------------------------------


def test_gpu_draws_are_seeded_and_leave_the_cpu_stream_alone():
    cybenko.manual_seed(0)
    first = cybenko.randn(3, device="cuda")
    cpu_draw = cybenko.randn(3)
    cybenko.manual_seed(0)
    assert cybenko.randn(3, device="cuda").tolist() == first.tolist()
    torch.manual_seed(0)
    assert cpu_draw.tolist() == torch.randn(3).tolist()  # as if the gpu had drawn nothing
    cybenko.cuda.manual_seed_all(1)
    assert cybenko.randn(3, device="cuda").tolist() != first.tolist()
