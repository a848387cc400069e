"""Seed 000 (기계학습 특강 6주차, 10월5일): 깊은신경망(2) – 시벤코정리, 신경망의표현, CPU vs GPU,
확률적경사하강법, 오버피팅.

Every listing of the notes, in order, in their own words. What the notebook shows as a cell's
value is printed; the lines marked `# printed` print what a figure shows (a loss, a few
values), for the conformance test. Figures are saved as PNG in $NOTES_OUT, never shown.

Replaced libraries, under both engines:
- fastai's `untar_data(URLs.MNIST)` is `cybenko.vision.fastai.untar_data`: the same
  `mnist_png/{training,testing}/<digit>/<i>.png` folders, written once from the MNIST files
  in $CYBENKO_DATA/mnist into the cache ($CYBENKO_CACHE).
- `torchvision.io.read_image` is `cybenko.vision.io.read_image` (torchvision is not
  installed), its uint8 image handed over as the engine's tensor.
- `pd.read_csv(url)` is `cybenko.lab.csv.read_csv(url)`: the course CSV from $CYBENKO_DATA.
- `graphviz.Source` (not installed): `gv()` saves the DOT text as $NOTES_OUT/000_gv_NN.gv.
- the shell lines (`! ls`, `!nvidia-smi`) are Python: os.listdir, shutil.which/subprocess.

GPU listings run when `torch.cuda.is_available()`, and otherwise print one line saying they
were skipped. Timed listings print their seconds on a line starting with "time:".

`--quick` (or NOTES_QUICK=1) shortens the long trainings; without it the epoch counts are the
notes' (the three CPU-vs-GPU timings at width 204800 take minutes on the CPU).

Run: python examples/notes/seed_000_deep_nets.py [--engine torch|cybenko] [--quick]
"""

# The notes' names: `for epoc in range(...)` loops whose counter is unused, lambdas for h.
# ruff: noqa: B007, E731

import os
import shutil
import subprocess
import time
from types import SimpleNamespace

import matplotlib.pyplot as plt
from _framework import OUT, savefig, steps, torch

import cybenko.vision
from cybenko.lab.csv import read_csv  # instead of `import pandas as pd`
from cybenko.vision.fastai import URLs, untar_data  # instead of `from fastai.data.all import *`

# torchvision is not installed: its read_image is cybenko's, as the engine's tensor (filled)
torchvision = SimpleNamespace(
    io=SimpleNamespace(
        read_image=lambda path: torch.from_numpy(cybenko.vision.io.read_image(path).numpy())
    )
)

GPU_SKIPPED = "GPU listing skipped: no CUDA device"

# ---------------------------------------------------------------------------------------
# imports
# ---------------------------------------------------------------------------------------
# graphviz is not installed: gv() saves the DOT source the notebook would render (filled).
_diagrams = []


def gv(s):
    source = 'digraph G{ rankdir="LR"' + s + "; }"
    _diagrams.append(source)
    (OUT / f"000_gv_{len(_diagrams):02d}.gv").write_text(source, encoding="utf-8")
    return source


# ---------------------------------------------------------------------------------------
# 시벤코정리 proof: 그림으로 보는 증명과정
# ---------------------------------------------------------------------------------------

# 데이터
x = torch.linspace(-10, 10, 200).reshape(-1, 1)

# 아래와 같은 네트워크를 고려하자.
l1 = torch.nn.Linear(in_features=1, out_features=2)
a1 = torch.nn.Sigmoid()
l2 = torch.nn.Linear(in_features=2, out_features=1)

# 직관1: l1, l2의 가중치를 잘 결합하다보면 우연히 아래와 같이 만들 수 있다.
l1.weight.data = torch.tensor([[-5.00], [5.00]])
l1.bias.data = torch.tensor([+10.00, +10.00])
l2.weight.data = torch.tensor([[1.00, 1.00]])
l2.bias.data = torch.tensor([-1.00])

# The notes' third title reads `\l_1`, which matplotlib's mathtext rejects: it is `l_1`.
fig, ax = plt.subplots(1, 3, figsize=(9, 3))
ax[0].plot(x, l1(x).data)
ax[0].set_title("$l_1(x)$")
ax[1].plot(x, a1(l1(x)).data)
ax[1].set_title(r"$(a_1 \circ l_1)(x)$")
ax[2].plot(x, l2(a1(l1(x))).data, color="C2")
ax[2].set_title(r"$(l_2 \circ a_1 \circ l_1)(x)$")
savefig(fig, "000_intuition1")
print(l2(a1(l1(x))).data[::33].reshape(-1))  # printed: a bump, 0 at the ends and 1 between

# 직관2: 아래들도 가능할듯?
l1.weight.data = torch.tensor([[-5.00], [5.00]])
l1.bias.data = torch.tensor([+0.00, +20.00])
l2.weight.data = torch.tensor([[1.00, 1.00]])
l2.bias.data = torch.tensor([-1.00])
fig, ax = plt.subplots(1, 3, figsize=(9, 3))
ax[0].plot(x, l1(x).data, "--", color="C0")
ax[0].set_title("$l_1(x)$")
ax[1].plot(x, a1(l1(x)).data, "--", color="C0")
ax[1].set_title(r"$(a_1 \circ l_1)(x)$")
ax[2].plot(x, l2(a1(l1(x))).data, "--", color="C0")
ax[2].set_title(r"$(l_2 \circ a_1 \circ l_1)(x)$")
print(l2(a1(l1(x))).data[::33].reshape(-1))  # printed

# (서연 필기) 밑에 fig 다시 정의 안 해줬잖아. 그러니까 덮어쓴 거라 생각하면 돼
l1.weight.data = torch.tensor([[-5.00], [5.00]])
l1.bias.data = torch.tensor([+20.00, +0.00])
l2.weight.data = torch.tensor([[2.50, 2.50]])
l2.bias.data = torch.tensor([-2.50])
ax[0].plot(x, l1(x).data, "--", color="C1")
ax[0].set_title("$l_1(x)$")
ax[1].plot(x, a1(l1(x)).data, "--", color="C1")
ax[1].set_title(r"$(a_1 \circ l_1)(x)$")
ax[2].plot(x, l2(a1(l1(x))).data, "--", color="C1")
ax[2].set_title(r"$(l_2 \circ a_1 \circ l_1)(x)$")
savefig(fig, "000_intuition2")
print(l2(a1(l1(x))).data[::33].reshape(-1))  # printed

# 은닉층의노드수=4로 하고 적당한 가중치를 조정하면 주황색선 + 파란색선도 가능할 것 같다.
l1 = torch.nn.Linear(in_features=1, out_features=4)
a1 = torch.nn.Sigmoid()
l2 = torch.nn.Linear(in_features=4, out_features=1)
l1.weight.data = torch.tensor([[-5.00], [5.00], [-5.00], [5.00]])
l1.bias.data = torch.tensor([0.00, 20.00, 20.00, 0])
l2.weight.data = torch.tensor([[1.00, 1.00, 2.50, 2.50]])
l2.bias.data = torch.tensor([-1.0 - 2.5])
fig = plt.figure()
plt.plot(l2(a1(l1(x))).data)
savefig(fig, "000_four_nodes")
print(l2(a1(l1(x))).data[::33].reshape(-1))  # printed: the orange line + the blue line

# 2개의 시그모이드를 우연히 잘 결합하면 아래와 같은 함수 h를 만들 수 있다.
h = lambda x: torch.sigmoid(200 * (x + 0.5)) + torch.sigmoid(-200 * (x - 0.5)) - 1.0
fig = plt.figure()
plt.plot(x, h(x))
plt.title("$h(x)$")
savefig(fig, "000_h")
print(h(torch.tensor([-1.0, -0.5, 0.0, 0.5, 1.0])))  # printed: 1 on (-0.5, 0.5), 0 outside


# h(x)를 활성화함수로 가지는 네트워크를 설계하여 보자.
class MyActivation(torch.nn.Module):  ## 사용자정의 활성화함수를 선언하는 방법
    def __init__(self):
        super().__init__()

    def forward(self, input):
        return h(input)  # activation 의 출력


a1 = MyActivation()
# a1 = torch.nn.Sigmoid(), a1 = torch.nn.ReLU() 대신에 a1 = MyActivation()
fig = plt.figure()
plt.plot(x, a1(x))
savefig(fig, "000_my_activation")

# 히든레이어가 1개, 2개, 3개, 1024개, 2048개의 노드를 가지는 경우: the notes' five listings,
# the same but for the width.
for width in (1, 2, 3, 1024, 2048):
    torch.manual_seed(43052)
    fig, ax = plt.subplots(4, 4, figsize=(12, 12))
    for i in range(4):
        for j in range(4):
            net = torch.nn.Sequential(
                torch.nn.Linear(1, width), MyActivation(), torch.nn.Linear(width, 1)
            )
            ax[i, j].plot(x, net(x).data, "--")
    savefig(fig, f"000_hidden_{width}")
    print(width, net(x).data[::33].reshape(-1))  # printed: the last of the 16 nets

# ---------------------------------------------------------------------------------------
# 시벤코정리 활용
# 예제1 (sin, exp)
# ---------------------------------------------------------------------------------------
torch.manual_seed(43052)
x = torch.linspace(-10, 10, 200).reshape(-1, 1)
underlying = torch.sin(2 * x) + torch.sin(0.5 * x) + torch.exp(-0.2 * x)
eps = torch.randn(200).reshape(-1, 1) * 0.1
y = underlying + eps
fig = plt.figure()
plt.plot(x, y, "o", alpha=0.5)
plt.plot(x, underlying, lw=3)
savefig(fig, "000_ex1_data")

h = lambda x: torch.sigmoid(200 * (x + 0.5)) + torch.sigmoid(-200 * (x - 0.5)) - 1.0


class MyActivation(torch.nn.Module):  ## 사용자정의 활성화함수를 선언하는 방법
    def __init__(self):
        super().__init__()

    def forward(self, input):
        return h(input)


net = torch.nn.Sequential(torch.nn.Linear(1, 2048), MyActivation(), torch.nn.Linear(2048, 1))
loss_fn = torch.nn.MSELoss()
optimizr = torch.optim.Adam(net.parameters())

for epoc in range(steps(200, 10)):
    ## 1
    yhat = net(x)
    ## 2
    loss = loss_fn(yhat, y)
    ## 3
    loss.backward()
    ## 4
    optimizr.step()
    optimizr.zero_grad()

fig = plt.figure()
plt.plot(x, y, "o", alpha=0.2)
plt.plot(x, underlying, lw=3)
plt.plot(x, net(x).data, "--")
savefig(fig, "000_ex1_fit")
print(loss.item(), loss_fn(net(x), underlying).item())  # printed: to y, and to the underlying

# ---------------------------------------------------------------------------------------
# 예제2 (스펙높아도 취업X)
# ---------------------------------------------------------------------------------------
df = read_csv(
    "https://raw.githubusercontent.com/guebin/DL2022/master/_notebooks/2022-10-04-dnnex0.csv"
)
print(df)
x = torch.tensor(df.x).reshape(-1, 1).float()
y = torch.tensor(df.y).reshape(-1, 1).float()
fig = plt.figure()
plt.plot(x, y, "o", alpha=0.1)
plt.plot(df.x, df.underlying, lw=3)
savefig(fig, "000_ex2_data")

h = lambda x: torch.sigmoid(200 * (x + 0.5)) + torch.sigmoid(-200 * (x - 0.5)) - 1.0


class MyActivation(torch.nn.Module):  ## 사용자정의 활성화함수를 선언하는 방법
    def __init__(self):
        super().__init__()

    def forward(self, input):
        return h(input)


torch.manual_seed(43052)
net = torch.nn.Sequential(
    torch.nn.Linear(1, 2048), MyActivation(), torch.nn.Linear(2048, 1), torch.nn.Sigmoid()
)
loss_fn = torch.nn.BCELoss()
optimizr = torch.optim.Adam(net.parameters())

for epoc in range(steps(100, 5)):
    ## 1
    yhat = net(x)
    ## 2
    loss = loss_fn(yhat, y)
    ## 3
    loss.backward()
    ## 4
    optimizr.step()
    optimizr.zero_grad()

fig = plt.figure()
plt.plot(x, y, "o", alpha=0.2)
plt.plot(df.x, df.underlying, lw=3)
plt.plot(x, net(x).data, "--")
savefig(fig, "000_ex2_fit")
print(loss.item(), net(x).data[::400].reshape(-1))  # printed

# ---------------------------------------------------------------------------------------
# 예제3 (MNIST data with DNN)
# (예비학습1) Path
# ---------------------------------------------------------------------------------------
path = untar_data(URLs.MNIST)
print(path)

# path의 정보
print(path._str)  # 숨겨놓았네?

# 기능1: path.ls()
print(path.ls())

# 기능2
print(path / "training")
print(path / "testing")

# 기능1과 기능2의 결합
print((path / "training/3").ls())

# ! ls <path>, ! ls <path>/training, ! ls <path>/testing
for folder in (path, path / "training", path / "testing"):
    print(*sorted(os.listdir(folder)))

# (예비학습2) plt.imshow
imgtsr = torch.tensor([[1.0, 2], [2.0, 4.0]])
print(imgtsr)
fig = plt.figure()
plt.imshow(imgtsr, cmap="gray")
plt.colorbar()
savefig(fig, "000_imshow1")

imgtsr = torch.tensor([0.1, 0.2, 0.3, 0.4]).reshape(2, 2)
print(imgtsr)
fig = plt.figure()
plt.imshow(imgtsr, cmap="gray")
plt.colorbar()
savefig(fig, "000_imshow2")

# (예비학습3) torchvision: training/3/37912.png 의 이미지파일을 텐서로 만듬
imgtsr = torchvision.io.read_image(str(path / "training/3/37912.png"))
print(imgtsr)
print(imgtsr.shape)  # 이 텐서는 (1,28,28)의 shape을 가짐
fig = plt.figure()
plt.imshow(imgtsr.reshape(28, 28), cmap="gray")
savefig(fig, "000_three")  # 진짜 숫자3이 있음

# 데이터정리
threes_fnames = (path / "training/3").ls()
sevens_fnames = (path / "training/7").ls()
print((len(threes_fnames), len(sevens_fnames)))
print(torch.stack([torchvision.io.read_image(str(threes_fnames[i])) for i in [0, 1]]).shape)
print(torch.stack([torchvision.io.read_image(str(fn)) for fn in threes_fnames]).shape)
print(torch.stack([torchvision.io.read_image(str(fn)) for fn in sevens_fnames]).shape)
X3 = torch.stack([torchvision.io.read_image(str(threes_fnames[i])) for i in range(6131)])
X7 = torch.stack([torchvision.io.read_image(str(sevens_fnames[i])) for i in range(6265)])
print((X3.shape, X7.shape))
print(len(threes_fnames) + len(sevens_fnames))
X = torch.concat([X3, X7])
print(X.shape)
Xnp = X.reshape(-1, 1 * 28 * 28).float()  # Xnp = X.reshape(-1,784).float()
print(Xnp.shape)
y = torch.tensor([0.0] * 6131 + [1.0] * 6265).reshape(-1, 1)
print(y.shape)
y = torch.tensor([0.0] * len(threes_fnames) + [1.0] * len(sevens_fnames)).reshape(-1, 1)
print(y.shape)
fig = plt.figure()
plt.plot(y, "o")
savefig(fig, "000_mnist_y")  # "y=0"은 숫자3을, "y=1"은 숫자7을 의미

# 학습: 네트워크의 설계
torch.manual_seed(43052)
net = torch.nn.Sequential(
    torch.nn.Linear(in_features=1 * 28 * 28, out_features=30),
    torch.nn.ReLU(),
    torch.nn.Linear(in_features=30, out_features=1),
    torch.nn.Sigmoid(),
)
loss_fn = torch.nn.BCELoss()
optimizr = torch.optim.Adam(net.parameters())
fig = plt.figure()
plt.plot(y, "o")
plt.plot(net(Xnp).data, ".", alpha=0.2)
savefig(fig, "000_mnist_before")

for epoc in range(steps(200, 3)):
    ## 1
    yhat = net(Xnp)
    ## 2
    loss = loss_fn(yhat, y)
    ## 3
    loss.backward()
    ## 4
    optimizr.step()
    optimizr.zero_grad()

fig = plt.figure()
plt.plot(y, "o")
plt.plot(net(Xnp).data, ".", alpha=0.2)
savefig(fig, "000_mnist_after")  # 대부분 잘 적합되었음
print(loss.item(), torch.mean(((net(Xnp) > 0.5) == y) * 1.0).item())  # printed: loss, accuracy

# ---------------------------------------------------------------------------------------
# 신경망의 표현 (x -> ŷ 로 가는 과정을 그림으로 표현)
# 예제1: X -l1-> u1 -sig-> v1 = ŷ
# ---------------------------------------------------------------------------------------
# 모든 observation과 가중치를 명시한 버전 (표현1)
gv("""
    "1" -> "ŵ₀ + xₙ*ŵ₁, bias=False"[label="* ŵ₀"]
    "xₙ" -> "ŵ₀ + xₙ*ŵ₁, bias=False"[label="* ŵ₁"]
    "ŵ₀ + xₙ*ŵ₁, bias=False" -> "ŷₙ"[label="sigmoid"]

    "." -> "...................................."[label="* ŵ₀"]
    ".." -> "...................................."[label="* ŵ₁"]
    "...................................." -> "..."[label=" "]

    "1 " -> "ŵ₀ + x₂*ŵ₁, bias=False"[label="* ŵ₀"]
    "x₂" -> "ŵ₀ + x₂*ŵ₁, bias=False"[label="* ŵ₁"]
    "ŵ₀ + x₂*ŵ₁, bias=False" -> "ŷ₂"[label="sigmoid"]

    "1 " -> "ŵ₀ + x₁*ŵ₁, bias=False"[label="* ŵ₀"]
    "x₁" -> "ŵ₀ + x₁*ŵ₁, bias=False"[label="* ŵ₁"]
    "ŵ₀ + x₁*ŵ₁, bias=False" -> "ŷ₁"[label="sigmoid"]
""")  # fmt: skip

# observation 반복을 생략한 버전들: (표현2) 모든 i에 대하여 아래의 그림을 반복
gv("""
    "1" -> "ŵ₀ + xᵢ*ŵ₁, bias=False"[label="* ŵ₀"]
    "xᵢ" -> "ŵ₀ + xᵢ*ŵ₁, bias=False"[label="* ŵ₁"]
    "ŵ₀ + xᵢ*ŵ₁, bias=False" -> "ŷᵢ"[label="sigmoid"]
""")  # fmt: skip

# (표현3) x_i, y_i 대신에 간단히 x, y로 쓰는 경우도 많음
gv("""
    "1" -> "ŵ₀ + x*ŵ₁, bias=False"[label="* ŵ₀"]
    "x" -> "ŵ₀ + x*ŵ₁, bias=False"[label="* ŵ₁"]
    "ŵ₀ + x*ŵ₁, bias=False" -> "ŷ"[label="sigmoid"]
""")  # fmt: skip

# 1을 생략한 버전들: (표현4) bias=False 대신에 bias=True를 주면 1을 생략할 수 있음
gv("""
"x" -> "x*ŵ₁, bias=True"[label="*ŵ₁"] ;
"x*ŵ₁, bias=True" -> "ŷ"[label="sigmoid"] """)  # fmt: skip

# (표현4의 수정) ŵ₁ 대신에 ŵ를 쓰는 것이 더 자연스러움
gv("""
"x" -> "x*ŵ, bias=True"[label="*ŵ"] ;
"x*ŵ, bias=True" -> "ŷ"[label="sigmoid"] """)  # fmt: skip

# (표현5) 선형변환의 결과는 아래와 같이 u로 표현하기도 한다.
gv("""
"x" -> "u";
"u" -> "y"[label="sigmoid"] """)  # fmt: skip

# 예제2: X -l1-> u1 -relu-> v1 -l2-> u2 -sig-> v2 = ŷ
# 참고: 코드로 표현
print(
    torch.nn.Sequential(
        torch.nn.Linear(in_features=1, out_features=2),
        torch.nn.ReLU(),
        torch.nn.Linear(in_features=2, out_features=1),
        torch.nn.Sigmoid(),
    )
)

# (강의노트의 표현) 10월4일 강의노트에서 다루었던 상황
gv("""
"x" -> " -x"[label="*(-1)"];
"x" -> " x"[label="*1"]
" x" -> "rlu(x)"[label="relu"]
" -x" -> "rlu(-x)"[label="relu"]
"rlu(x)" -> "u"[label="*(-4.5)"]
"rlu(-x)" -> "u"[label="*(-9.0)"]
"u" -> "sig(u)=yhat"[label="sig"]
""")  # fmt: skip

# (좀 더 일반화된 표현)
gv("""
"x" -> "u1[:,0]"[label="*(-1)"];
"x" -> "u1[:,1]"[label="*1"]
"u1[:,0]" -> "v1[:,0]"[label="relu"]
"u1[:,1]" -> "v1[:,1]"[label="relu"]
"v1[:,0]" -> "u2"[label="*(-9.0)"]
"v1[:,1]" -> "u2"[label="*(-4.5)"]
"u2" -> "v2=yhat"[label="sig"]
""")  # fmt: skip

# (선형+비선형을 하나의 Layer로 묶은 표현)
gv("""
subgraph cluster_1{
    style=filled;
    color=lightgrey;
    "X"
    label = "Layer 0"
}
subgraph cluster_2{
    style=filled;
    color=lightgrey;
    "X" -> "u1[:,0]"
    "X" -> "u1[:,1]"
    "u1[:,0]" -> "v1[:,0]"[label="relu"]
    "u1[:,1]" -> "v1[:,1]"[label="relu"]
    label = "Layer 1"
}
subgraph cluster_3{
    style=filled;
    color=lightgrey;
    "v1[:,0]" -> "u2"
    "v1[:,1]" -> "u2"
    "u2" -> "v2=yhat"[label="sigmoid"]
    label = "Layer 2"
}
""")  # fmt: skip

# (노드의 개념이 포함된 그림)
gv("""
subgraph cluster_1{
    style=filled;
    color=lightgrey;
    "X"
    label = "Layer 0"
}
subgraph cluster_2{
    style=filled;
    color=lightgrey;
    "X" -> "node1"
    "X" -> "node2"
    label = "Layer 1:relu"
}
subgraph cluster_3{
    style=filled;
    color=lightgrey;
    "node1" -> "yhat "
    "node2" -> "yhat "
    label = "Layer 2:sigmoid"
}
""")  # fmt: skip

# ("number of nodes = number of features"로 이해한 그림)
gv("""
subgraph cluster_1{
    style=filled;
    color=lightgrey;
    "X"
    label = "Layer 0"
}
subgraph cluster_2{
    style=filled;
    color=lightgrey;
    "X" -> "feature1"
    "X" -> "feature2"
    label = "Layer 1:relu"
}
subgraph cluster_3{
    style=filled;
    color=lightgrey;
    "feature1" -> "yhat "
    "feature2" -> "yhat "
    label = "Layer 2:sigmoid"
}
""")  # fmt: skip

# 예제3: X(n,784) -l1-> u1(n,32) -relu-> v1 -l2-> u2(n,1) -sig-> v2 = ŷ (다이어그램표현)
gv("""
splines=line
subgraph cluster_1{
    style=filled;
    color=lightgrey;
    "x1"
    "x2"
    ".."
    "x784"
    label = "Input Layer"
}
subgraph cluster_2{
    style=filled;
    color=lightgrey;
    "x1" -> "node1"
    "x2" -> "node1"
    ".." -> "node1"
    "x784" -> "node1"

    "x1" -> "node2"
    "x2" -> "node2"
    ".." -> "node2"
    "x784" -> "node2"

    "x1" -> "..."
    "x2" -> "..."
    ".." -> "..."
    "x784" -> "..."

    "x1" -> "node32"
    "x2" -> "node32"
    ".." -> "node32"
    "x784" -> "node32"


    label = "Hidden Layer: relu"
}
subgraph cluster_3{
    style=filled;
    color=lightgrey;
    "node1" -> "yhat"
    "node2" -> "yhat"
    "..." -> "yhat"
    "node32" -> "yhat"

    label = "Outplut Layer: sigmoid"
}
""")  # fmt: skip

# 위의 다이어그램에 대응하는 코드
net = torch.nn.Sequential(
    torch.nn.Linear(in_features=28 * 28 * 1, out_features=32),
    torch.nn.ReLU(),
    torch.nn.Linear(in_features=32, out_features=1),
    torch.nn.Sigmoid(),
)
print(net)  # printed: the net the diagram draws

# ---------------------------------------------------------------------------------------
# CPU vs GPU
# GPU 사용방법
# ---------------------------------------------------------------------------------------

# cpu 연산이 가능한 메모리에 데이터 저장
torch.manual_seed(43052)
x_cpu = torch.tensor([0.0, 0.1, 0.2]).reshape(-1, 1)
y_cpu = torch.tensor([0.0, 0.2, 0.4]).reshape(-1, 1)
net_cpu = torch.nn.Linear(1, 1)
print((x_cpu, y_cpu))
print((net_cpu.weight, net_cpu.bias))

# gpu 연산이 가능한 메모리에 데이터 저장
if torch.cuda.is_available():
    torch.manual_seed(43052)
    x_gpu = x_cpu.to("cuda:0")
    y_gpu = y_cpu.to("cuda:0")
    net_gpu = torch.nn.Linear(1, 1).to("cuda:0")
else:
    print(GPU_SKIPPED)

# cpu있는 자체는 못 넣고
#     net_gpu = net_cpu.to("cuda:0")
# cpu에 있는 net을 가져와서 정의해줘야 한다. (Not run: Module.to moves net_cpu itself and
# returns it, and the notes' outputs below show net_cpu still on the CPU.)

# _a is the second Linear(1,1) after manual_seed(43052), with or without the GPU listing:
# weight 0.3604, bias 0.9336. The notes show 0.4074 and -0.8885, the third one: their
# notebook drew one Linear(1,1) more than its listings show (a cell run twice).
_a = torch.nn.Linear(1, 1)
print((_a.weight, _a.bias))
if torch.cuda.is_available():
    print(_a.to("cuda:0"))
    print((_a.weight, _a.bias))
    print((x_gpu, y_gpu))
    print((net_gpu.weight, net_gpu.bias))
else:
    print(GPU_SKIPPED)

# cpu 혹은 gpu 연산이 가능한 메모리에 저장된 값들을 확인
print((x_cpu, y_cpu, net_cpu.weight, net_cpu.bias))
if torch.cuda.is_available():
    print((x_gpu, y_gpu, net_gpu.weight, net_gpu.bias))
else:
    print(GPU_SKIPPED)

# gpu는 gpu끼리 연산가능하고 cpu는 cpu끼리 연산가능함
# (예시1)
print(net_cpu(x_cpu))
# (예시2)
if torch.cuda.is_available():
    print(net_gpu(x_gpu))
else:
    print(GPU_SKIPPED)
# (예시3), (예시4): RuntimeError, printed (filled: the notebook shows the error)
if torch.cuda.is_available():
    try:
        net_cpu(x_gpu)
    except RuntimeError as error:
        print("RuntimeError:", error)
    try:
        net_gpu(x_cpu)
    except RuntimeError as error:
        print("RuntimeError:", error)
else:
    print(GPU_SKIPPED)
# (예시5)
print(torch.mean((y_cpu - net_cpu(x_cpu)) ** 2))
# (예시6)
if torch.cuda.is_available():
    print(torch.mean((y_gpu - net_gpu(x_gpu)) ** 2))
else:
    print(GPU_SKIPPED)
# (예시7), (예시8): RuntimeError, printed (filled)
if torch.cuda.is_available():
    try:
        torch.mean((y_gpu - net_cpu(x_cpu)) ** 2)
    except RuntimeError as error:
        print("RuntimeError:", error)
    try:
        torch.mean((y_cpu - net_gpu(x_gpu)) ** 2)
    except RuntimeError as error:
        print("RuntimeError:", error)
else:
    print(GPU_SKIPPED)
# 둘다 cpu에 있던가 둘 다 gpu에 있던가

# 시간측정 (예비학습)
t1 = time.time()
t2 = time.time()
print("time:", t2 - t1)

# CPU (512), GPU (512), CPU (20480), GPU (20480), CPU (204800), GPU (204800): six listings,
# the same but for the width and the device. Each trains 1000 epochs and prints its seconds;
# quick mode trains 2 epochs. The loss after training is printed too (printed).
for width in (512, 20480, 204800):
    # CPU (width)
    # 데이터준비
    torch.manual_seed(5)
    x = torch.linspace(0, 1, 100).reshape(-1, 1)
    y = torch.randn(100).reshape(-1, 1) * 0.01
    # for문 준비
    net = torch.nn.Sequential(torch.nn.Linear(1, width), torch.nn.ReLU(), torch.nn.Linear(width, 1))
    loss_fn = torch.nn.MSELoss()
    optimizr = torch.optim.Adam(net.parameters())
    # for문 + 학습시간측정
    t1 = time.time()
    for epoc in range(steps(1000, 2)):
        ## 1
        yhat = net(x)
        ## 2
        loss = loss_fn(yhat, y)
        ## 3
        loss.backward()
        ## 4
        optimizr.step()
        optimizr.zero_grad()
    t2 = time.time()
    print("time:", f"CPU ({width})", t2 - t1)
    print(f"CPU ({width}) loss", loss.item())  # printed

    # GPU (width)
    if torch.cuda.is_available():
        # 데이터준비
        torch.manual_seed(5)
        x = torch.linspace(0, 1, 100).reshape(-1, 1).to("cuda:0")
        y = (torch.randn(100).reshape(-1, 1) * 0.01).to("cuda:0")
        # for문돌릴준비
        net = torch.nn.Sequential(
            torch.nn.Linear(1, width), torch.nn.ReLU(), torch.nn.Linear(width, 1)
        ).to("cuda:0")
        loss_fn = torch.nn.MSELoss()
        optimizr = torch.optim.Adam(net.parameters())
        # for문 + 학습시간측정
        t1 = time.time()
        for epoc in range(steps(1000, 2)):
            ## 1
            yhat = net(x)
            ## 2
            loss = loss_fn(yhat, y)
            ## 3
            loss.backward()
            ## 4
            optimizr.step()
            optimizr.zero_grad()
        t2 = time.time()
        print("time:", f"GPU ({width})", t2 - t1)
        print(f"GPU ({width}) loss", loss.item())  # printed
    else:
        print(GPU_SKIPPED)
# CPU는 수는 적지만 일을 잘하는 코어들을, GPU는 일은 못하지만 다수의 코어를 가지고 있다.

# !nvidia-smi
if shutil.which("nvidia-smi"):
    subprocess.run(["nvidia-smi"], check=False)
else:
    print("nvidia-smi skipped: no NVIDIA driver")

# ---------------------------------------------------------------------------------------
# 확률적경사하강법, 배치, 에폭
# 좀 이상하지 않아요?
# ---------------------------------------------------------------------------------------
# The notes draw eps without a seed of its own; run from the top, the script draws it after
# the timing listings' manual_seed(5) and their nets, so both engines draw the same numbers.
x = torch.linspace(-10, 10, 100000).reshape(-1, 1)
eps = torch.randn(100000).reshape(-1, 1)
y = x * 2 + eps
fig = plt.figure()
plt.plot(x, y, "o", alpha=0.05)
plt.plot(x, 2 * x)
savefig(fig, "000_big_data")

# 데이터를 100개중에 1개만 꼴로만 쓰면 어떨까?
fig = plt.figure()
plt.plot(x[::100], y[::100], "o", alpha=0.05)
plt.plot(x, 2 * x)
savefig(fig, "000_every_100th")
# 대충 이거만 가지고 적합해도 충분히 정확할것 같은데: the least-squares slope of the 1000
# points, printed (the claim: close to 2)
xs, ys = x[::100], y[::100]
slope = ((xs - xs.mean()) * (ys - ys.mean())).sum() / ((xs - xs.mean()) ** 2).sum()
print("slope of every 100th:", slope.item())

# ---------------------------------------------------------------------------------------
# ds, dl
# ---------------------------------------------------------------------------------------
# ds
x = torch.tensor(range(10)).float()  # .reshape(-1,1)
y = torch.tensor([1.0] * 5 + [0.0] * 5)  # .reshape(-1,1)
ds = torch.utils.data.TensorDataset(x, y)
# The notebook shows <torch.utils.data.dataset.TensorDataset at 0x7fa03d24f940>: an address
# that changes each run; printed is its class.
print(type(ds).__name__)
print(ds.tensors)  # 그냥 (x,y)의 튜플

# dl
dl = torch.utils.data.DataLoader(ds, batch_size=3)
# set(dir(dl)) & {'__iter__'}
print(set(dir(dl)) & {"__iter__"})  # dir에 __iter__있으면 for문 쓰기 가능
for xx, yy in dl:
    print(xx, yy)

# ---------------------------------------------------------------------------------------
# ds, dl을 이용한 MNIST 구현
# ---------------------------------------------------------------------------------------
# 데이터정리
path = untar_data(URLs.MNIST)
zero_fnames = (path / "training/0").ls()
one_fnames = (path / "training/1").ls()
X0 = torch.stack([torchvision.io.read_image(str(zf)) for zf in zero_fnames])
X1 = torch.stack([torchvision.io.read_image(str(of)) for of in one_fnames])
X = torch.concat([X0, X1], axis=0).reshape(-1, 1 * 28 * 28) / 255
y = torch.tensor([0.0] * len(X0) + [1.0] * len(X1)).reshape(-1, 1)
print((X.shape, y.shape))

# ds -> dl
ds = torch.utils.data.TensorDataset(X, y)
dl = torch.utils.data.DataLoader(ds, batch_size=2048)
print(12665 / 2048)
i = 0
for xx, yy in dl:  # 총 7번 돌아가는 for문
    print(i)
    i = i + 1

# 미니배치 안쓰는 학습
torch.manual_seed(43052)
net = torch.nn.Sequential(
    torch.nn.Linear(784, 32), torch.nn.ReLU(), torch.nn.Linear(32, 1), torch.nn.Sigmoid()
)
loss_fn = torch.nn.BCELoss()
optimizr = torch.optim.Adam(net.parameters())
for epoc in range(steps(70, 3)):
    ## 1
    yhat = net(X)
    ## 2
    loss = loss_fn(yhat, y)
    ## 3
    loss.backward()
    ## 4
    optimizr.step()
    optimizr.zero_grad()
print(torch.sum((yhat > 0.5) == y) / len(y))
print(torch.mean(((yhat > 0.5) == y) * 1.0))
print(len(y) / 2048)

# 미니배치 쓰는 학습 (GPU 올리고 내리는 과정은 생략)
torch.manual_seed(43052)
net = torch.nn.Sequential(
    torch.nn.Linear(784, 32), torch.nn.ReLU(), torch.nn.Linear(32, 1), torch.nn.Sigmoid()
)
loss_fn = torch.nn.BCELoss()
optimizr = torch.optim.Adam(net.parameters())
for epoc in range(steps(10, 1)):
    for xx, yy in dl:  ## 7번
        ## 1
        # yhat = net(xx)
        ## 2
        loss = loss_fn(net(xx), yy)
        ## 3
        loss.backward()
        ## 4
        optimizr.step()
        optimizr.zero_grad()
# (서연 필기) xx넣어서 학습 시키고 전체 X넣어서 확인
print(len(X))
print(torch.mean(((net(X) > 0.5) == y) * 1.0))

# ---------------------------------------------------------------------------------------
# 오버피팅
# 오버피팅 예시: model y_i = (0 x x_i) + eps_i, eps_i ~ N(0, 0.01^2)
# ---------------------------------------------------------------------------------------
torch.manual_seed(5)
x = torch.linspace(0, 1, 100).reshape(100, 1)
y = torch.randn(100).reshape(100, 1) * 0.01
fig = plt.figure()
plt.plot(x, y)

torch.manual_seed(1)
net = torch.nn.Sequential(
    torch.nn.Linear(in_features=1, out_features=512),
    torch.nn.ReLU(),
    torch.nn.Linear(in_features=512, out_features=1),
)
optimizer = torch.optim.Adam(net.parameters())
loss_fn = torch.nn.MSELoss()

for epoc in range(steps(1000, 100)):
    ## 1
    yhat = net(x)
    ## 2
    loss = loss_fn(yhat, y)
    ## 3
    loss.backward()
    ## 4
    optimizer.step()
    net.zero_grad()

plt.plot(x, net(x).data, "--")
savefig(fig, "000_overfit")
# printed: the net follows the noise: its loss falls below the noise's own mean square
print(loss.item(), torch.mean(y**2).item())

# 오버피팅이라는 뚜렷한 증거! (train / test)
torch.manual_seed(5)
x = torch.linspace(0, 1, 100).reshape(100, 1)
y = torch.randn(100).reshape(100, 1) * 0.01
xtr = x[:80]
ytr = y[:80]
xtest = x[80:]
ytest = y[80:]
fig = plt.figure()
plt.plot(xtr, ytr)
plt.plot(xtest, ytest)
plt.title("train: blue / test: orange")
savefig(fig, "000_train_test")

# train만 학습
torch.manual_seed(1)
net1 = torch.nn.Sequential(
    torch.nn.Linear(in_features=1, out_features=512),
    torch.nn.ReLU(),
    torch.nn.Linear(in_features=512, out_features=1),
)
optimizr1 = torch.optim.Adam(net1.parameters())
loss_fn = torch.nn.MSELoss()

for epoc in range(steps(1000, 100)):
    ## 1
    # net(xtr)
    ## 2
    loss = loss_fn(net1(xtr), ytr)
    ## 3
    loss.backward()
    ## 4
    optimizr1.step()
    optimizr1.zero_grad()

# training data로 학습한 net를 training data 에 적용
fig = plt.figure()
plt.plot(x, y, alpha=0.5)
plt.plot(xtr, net1(xtr).data, "--")  # prediction (train)
savefig(fig, "000_train_fit")  # train에서는 잘 맞추는듯이 보인다.

# training data로 학습한 net를 test data 에 적용
fig = plt.figure()
plt.plot(x, y, alpha=0.5)
plt.plot(xtr, net1(xtr).data, "--")  # prediction (train)
plt.plot(xtest, net1(xtest).data, "--")  # prediction with unseen data (test)
savefig(fig, "000_test_fit")  # train은 그럭저럭 따라가지만 test에서는 엉망이다. -> overfit
print(loss_fn(net1(xtr), ytr).item(), loss_fn(net1(xtest), ytest).item())  # printed

# ---------------------------------------------------------------------------------------
# 숙제: 숫자0과 숫자1을 구분하는 네트워크, X(n,784) -l1-> (n,64) -relu-> -l2-> (n,1) -sig-> ŷ
# ---------------------------------------------------------------------------------------
path = untar_data(URLs.MNIST)
zero_fnames = (path / "training/0").ls()
one_fnames = (path / "training/1").ls()
X0 = torch.stack([torchvision.io.read_image(str(zf)) for zf in zero_fnames])
X1 = torch.stack([torchvision.io.read_image(str(of)) for of in one_fnames])
X = torch.concat([X0, X1], axis=0).reshape(-1, 1 * 28 * 28).float()
y = torch.tensor([0.0] * len(X0) + [1.0] * len(X1)).reshape(-1, 1)

torch.manual_seed(12345)
net = torch.nn.Sequential(
    torch.nn.Linear(784, 64), torch.nn.ReLU(), torch.nn.Linear(64, 1), torch.nn.Sigmoid()
)

# 200 epoch 학습: 손실함수는 torch.nn.BCELoss(), 옵티마이저는 아담 (lr=0.002)
loss_fn = torch.nn.BCELoss()
optimizr = torch.optim.Adam(net.parameters(), lr=0.002)
for epoc in range(steps(200, 3)):
    yhat = net(X)
    loss = loss_fn(yhat, y)
    loss.backward()
    optimizr.step()
    optimizr.zero_grad()
fig = plt.figure()
plt.plot(y)
plt.plot(yhat.data, ".", alpha=0.4)
savefig(fig, "000_hw_bceloss")
print("BCELoss:", loss.item())  # printed: finite, though the pixels are raw (0..255)

# 200 epoch 학습: BCE의 수식을 직접 입력. 학습이 잘 되는가?
torch.manual_seed(12345)
net = torch.nn.Sequential(
    torch.nn.Linear(784, 64), torch.nn.ReLU(), torch.nn.Linear(64, 1), torch.nn.Sigmoid()
)
optimizr = torch.optim.Adam(net.parameters(), lr=0.002)
for epoc in range(steps(200, 3)):
    yhat = net(X)
    loss = -torch.mean(y * torch.log(yhat) + (1 - y) * torch.log(1 - yhat))
    loss.backward()
    optimizr.step()
    optimizr.zero_grad()
fig = plt.figure()
plt.plot(y)
plt.plot(yhat.data, ".", alpha=0.4)
savefig(fig, "000_hw_handwritten_raw")
print(yhat.data)  # 학습이 잘 되지 않았다.

# 200 epoch 학습: 이미지의 값을 0과 1사이로 규격화 (X/255), BCE의 수식을 직접 입력
X = X / 255
torch.manual_seed(12345)
net = torch.nn.Sequential(
    torch.nn.Linear(784, 64), torch.nn.ReLU(), torch.nn.Linear(64, 1), torch.nn.Sigmoid()
)
optimizr = torch.optim.Adam(net.parameters(), lr=0.002)
for epoc in range(steps(200, 3)):
    yhat = net(X)
    loss = -torch.mean(y * torch.log(yhat) + (1 - y) * torch.log(1 - yhat))
    loss.backward()
    optimizr.step()
    optimizr.zero_grad()
fig = plt.figure()
plt.plot(y)
plt.plot(yhat.data, ".", alpha=0.4)
savefig(fig, "000_hw_handwritten_scaled")

# accuracy = (1/n) sum I(ỹ_i = y_i), ỹ_i = 1 if ŷ_i > 0.5 else 0
ytilde = (yhat > 0.5) * 1
print(ytilde)
print((ytilde == y) * 1)
print(torch.sum((ytilde == y) * 1))
print(torch.sum((ytilde == y) * 1) / len(y))
print("accuraccy: ", torch.sum((ytilde == y) * 1) / len(y))
print("accuracy: ", ((yhat > 0.5) == y).sum() / len(y))
