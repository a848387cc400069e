"""Seed 004 (DL2022, 2022-10-04): 로지스틱 (2) – 손실함수의 비교 // 깊은신경망 (1) – 로지스틱의
한계, DNN을 이용한 해결, DNN으로 해결가능한 다양한 예제.

Every listing of the notes, in order (`--quick` or NOTES_QUICK=1 shortens the trainings and
the loss-surface grid). The extracted notes lost most code cells; what they lost is filled in
and marked `(filled)`: the toy data, step 2, the step 1~4 loops, the initial values of the
visualisations, the data preparation and nets of the examples. The counts the notes keep are
theirs (learn_and_record's 1000 epochs and 30 frames, "추가로 3000번 더", the 6000 of "epoc=60억");
the others (5000 for the toy loops, 1-16-1 / 1-32-1 / 2-32-1 nets with 6000 / 6000 / 3000 Adam
steps as in cybenko.lab's dnn-examples, lr 0.05, the initial values (-3, -1) and (-10, -1))
are reconstructions. The notes print little beyond ŷ and the data frames; the lines marked
`# printed` print what their figures show (losses, learned weights, ŷ at the ends).

The animations (matplotlib.animation.FuncAnimation) are not made: show_lrpr2 draws the frames
the animation would draw and saves the final frame as a PNG. `pd.read_csv(url)` is
`cybenko.lab.csv.read_csv(url)` (the course files are served offline through the registry:
set CYBENKO_DATA to the course data folder).

Run: python examples/notes/seed_004_logistic.py [--engine torch|cybenko] [--quick]
Figures go to $NOTES_OUT (default: a temporary folder).
"""

# The notes' names: `for epoc in range(...)` loops whose counter is unused, and l() for the loss.
# ruff: noqa: B007, E743

import matplotlib.pyplot as plt
import numpy as np
from _framework import savefig, steps, torch

from cybenko.lab.csv import read_csv  # instead of `import pandas as pd`

# ---------------------------------------------------------------------------------------
# imports
# ---------------------------------------------------------------------------------------
# import torch / numpy / pandas / matplotlib.pyplot / from matplotlib import animation:
# torch comes from _framework, pandas' read_csv from cybenko.lab.csv; no animation (see above).
plt.rcParams["figure.figsize"] = (7.5, 2.5)  # the lecture's figure size


def row(t):
    """ŷ at the ends: the first three and the last three values (printed)."""
    v = t.reshape(-1).tolist()
    return v[:3] + v[-3:]


# ---------------------------------------------------------------------------------------
# 시각화를 위한 준비함수들
# 준비1 loss_fn을 plot하는 함수
# ---------------------------------------------------------------------------------------
# The loss surface evaluates the loss at 87 x 74 points. The notes' grid step is 0.15; quick
# mode draws every third point of it (step 0.45) to keep the test short.
GRID = steps(0.15, 0.45)


def plot_loss(loss_fn, ax=None):
    if ax is None:
        fig = plt.figure()
        ax = fig.add_subplot(1, 1, 1, projection="3d")
        ax.elev = 15
        ax.azim = 75
    w0hat, w1hat = torch.meshgrid(
        torch.arange(-10, 3, GRID), torch.arange(-1, 10, GRID), indexing="ij"
    )
    w0hat = w0hat.reshape(-1)
    w1hat = w1hat.reshape(-1)

    def l(w0hat, w1hat):
        yhat = torch.exp(w0hat + w1hat * x) / (1 + torch.exp(w0hat + w1hat * x))
        return loss_fn(yhat, y)

    loss = list(map(l, w0hat, w1hat))
    ax.scatter(w0hat, w1hat, loss, s=0.1, alpha=0.2)
    ax.scatter(-1, 5, l(-1, 5), s=200, marker="*")  # 실제로 -1,5에서 최소값을 가지는건 아님..
    return ax


# - y_i ~ Ber(π_i), where π_i = exp(-1+5x_i)/(1+exp(-1+5x_i)) 에서 생성된 데이터 한정하여
#   손실함수가 그려지게 되어있음.

# ---------------------------------------------------------------------------------------
# 준비2: for문 대신 돌려주고 epoch마다 필요한 정보를 기록하는 함수
# ---------------------------------------------------------------------------------------
# The notes train 1000 epochs and animate 30 frames (the records of epochs 0, 20, ..., 580);
# quick mode trains 200 epochs and draws 10 frames.
N_RECORD = steps(1000, 200)
FRAMES = steps(30, 10)


def learn_and_record(net, loss_fn, optimizr):
    yhat_history = []
    loss_history = []
    what_history = []
    for epoc in range(N_RECORD):
        ## step1
        yhat = net(x)
        ## step2
        loss = loss_fn(yhat, y)
        ## step3
        loss.backward()
        ## step4
        optimizr.step()
        optimizr.zero_grad()
        ## record
        if epoc % 20 == 0:
            yhat_history.append(yhat.reshape(-1).data.tolist())
            loss_history.append(loss.item())
            what_history.append([net[0].bias.data.item(), net[0].weight.data.item()])
    return yhat_history, loss_history, what_history


# - 20에폭마다 yhat, loss, what을 기록

# ---------------------------------------------------------------------------------------
# 준비3: 애니메이션을 만들어주는 함수
# ---------------------------------------------------------------------------------------


def show_lrpr2(net, loss_fn, optimizr, suptitle="", name="004_lrpr2"):
    # `name` (the file of the final frame) is added; the notes return the animation.
    yhat_history, loss_history, what_history = learn_and_record(net, loss_fn, optimizr)
    fig = plt.figure(figsize=(7, 2.5))
    ax1 = fig.add_subplot(1, 2, 1)
    ax2 = fig.add_subplot(1, 2, 2, projection="3d")
    ax1.set_xticks([])
    ax1.set_yticks([])
    ax2.set_xticks([])
    ax2.set_yticks([])
    ax2.set_zticks([])
    ax2.elev = 15
    ax2.azim = 75
    ## ax1: 왼쪽그림
    ax1.plot(x, v, "--")
    ax1.scatter(x, y, alpha=0.05)
    (line,) = ax1.plot(x, yhat_history[0], "--")
    plot_loss(loss_fn, ax2)
    fig.suptitle(suptitle)
    fig.tight_layout()

    def animate(epoc):
        line.set_ydata(yhat_history[epoc])
        ax2.scatter(
            np.array(what_history)[epoc, 0],
            np.array(what_history)[epoc, 1],
            loss_history[epoc],
            color="grey",
        )
        return line

    # ani = animation.FuncAnimation(fig, animate, frames=30); plt.close(); return ani
    # Instead: draw the 30 frames onto the figure and save the last one.
    for epoc in range(FRAMES):
        animate(epoc)
    savefig(fig, name)
    # printed: the loss and (ŵ0, ŵ1) of the last frame (epoch 580) and of the last record
    print(suptitle, "| last frame:", loss_history[FRAMES - 1], what_history[FRAMES - 1])
    print(suptitle, "| epoch", N_RECORD - 20, ":", loss_history[-1], what_history[-1])


# - 준비1에서 그려진 loss 함수위에, 준비2의 정보를 조합하여 애니메이션을 만들어주는 함수

# ---------------------------------------------------------------------------------------
# Logistic intro (review + α)
# ---------------------------------------------------------------------------------------
# - 모델: x가 커질수록 y=1이 잘나오는 모형은 아래와 같이 설계할 수 있음 <— 외우세요!!!
#   y_i ~ Ber(π_i), where π_i = exp(w0+w1 x_i) / (1+exp(w0+w1 x_i))
#   ŷ_i = exp(ŵ0+ŵ1 x_i) / (1+exp(ŵ0+ŵ1 x_i)) = 1 / (1+exp(-ŵ0-ŵ1 x_i))
#   loss = -Σ (y_i log(ŷ_i) + (1-y_i) log(1-ŷ_i)) <— 외우세요!!

# - toy example (filled: the cell is lost; the lecture's data, the same as
#   cybenko.lab.data.logistic(), drawn with the seed 43052 so that both engines see them)
torch.manual_seed(43052)  # (filled)
x = torch.linspace(-1, 1, 2000).reshape(2000, 1)
w0 = -1
w1 = 5
u = w0 + x * w1
v = torch.exp(u) / (1 + torch.exp(u))  # v=πi, 즉 확률을 의미함
y = torch.bernoulli(v)
print(int(y.sum().item()), y.shape)  # printed: how many y_i = 1 out of 2000

fig = plt.figure()
plt.scatter(x, y, alpha=0.05)
plt.plot(x, v, "--r")
savefig(fig, "004_toy")

# - step1: yhat을 만들기
# (방법1)
torch.manual_seed(43052)
l1 = torch.nn.Linear(1, 1)
a1 = torch.nn.Sigmoid()
yhat = a1(l1(x))  # yhat=net(x) 라고 쓰고싶어 사실
print(yhat)

# (방법2)  x -l1-> u -a1-> v = ŷ ;  x -net-> ŷ
torch.manual_seed(43052)
l1 = torch.nn.Linear(1, 1)
a1 = torch.nn.Sigmoid()
net = torch.nn.Sequential(l1, a1)
yhat = net(x)  # a1(l1(x))
print(yhat)

# (방법3)
torch.manual_seed(43052)
net = torch.nn.Sequential(torch.nn.Linear(1, 1), torch.nn.Sigmoid())
yhat = net(x)  # a1(l1(x))
print(yhat)

# - step2 (filled: both cells are lost; the BCE loss of the formula above, by hand and by
#   torch.nn.BCELoss)
# (방법1)
loss = -torch.mean(y * torch.log(yhat) + (1 - y) * torch.log(1 - yhat))
print(loss)
# (방법2)
loss_fn = torch.nn.BCELoss()
loss = loss_fn(yhat, y)
print(loss)

# - step 1~4 (filled: the loop of the lecture, with the MSE loss of the regression it
#   reviews; the next section changes the loss to BCE)
torch.manual_seed(43052)
net = torch.nn.Sequential(torch.nn.Linear(1, 1), torch.nn.Sigmoid())
optimizr = torch.optim.SGD(net.parameters(), lr=0.05)
for epoc in range(steps(5000, 200)):
    ## 1
    yhat = net(x)
    ## 2
    loss = torch.mean((y - yhat) ** 2)
    ## 3
    loss.backward()
    ## 4
    optimizr.step()
    optimizr.zero_grad()
print(loss.item(), net[0].bias.data.item(), net[0].weight.data.item())  # printed
print(row(net(x).data))  # printed

fig = plt.figure()
plt.plot(x, y, "o", alpha=0.05)
plt.plot(x, v, "--b")
plt.plot(x, net(x).data, "--")
savefig(fig, "004_logistic_mse")

# ---------------------------------------------------------------------------------------
# 로지스틱–BCEloss
# ---------------------------------------------------------------------------------------
# - step 1~4 (filled: the same loop with the BCE loss)
torch.manual_seed(43052)
net = torch.nn.Sequential(torch.nn.Linear(1, 1), torch.nn.Sigmoid())
loss_fn = torch.nn.BCELoss()
optimizr = torch.optim.SGD(net.parameters(), lr=0.05)
for epoc in range(steps(5000, 200)):
    ## 1
    yhat = net(x)
    ## 2
    loss = loss_fn(yhat, y)
    ## 3
    loss.backward()
    ## 4
    optimizr.step()
    optimizr.zero_grad()
print(loss.item(), net[0].bias.data.item(), net[0].weight.data.item())  # printed
print(row(net(x).data))  # printed

fig = plt.figure()
plt.plot(x, y, "o", alpha=0.05)
plt.plot(x, v, "--b")
plt.plot(x, net(x).data, "--")
savefig(fig, "004_logistic_bce")

# - 왜?? "linear -> sigmoid" 로 yhat을 구하고 BCELoss로 loss를 계산하면 그 모양이 convex하게
#   되므로. (filled: the two surfaces side by side)
mse_fn = torch.nn.MSELoss()
bce_fn = torch.nn.BCELoss()
fig = plt.figure()
ax1 = fig.add_subplot(1, 2, 1, projection="3d")
ax1.elev = 15
ax1.azim = 75
ax2 = fig.add_subplot(1, 2, 2, projection="3d")
ax2.elev = 15
ax2.azim = 75
plot_loss(mse_fn, ax1)
plot_loss(bce_fn, ax2)
ax1.set_title("MSE")
ax2.set_title("BCE")
savefig(fig, "004_loss_surfaces")


# The visualisations start from a good (ŵ0, ŵ1) = (-3, -1) or a bad (-10, -1) initial value
# (filled: the cells are lost; the lecture's values).
def init(net, bias):
    net[0].bias.data = torch.tensor([bias])
    net[0].weight.data = torch.tensor([[-1.0]])
    return net


# 시각화1: MSE, 좋은초기값
net = init(torch.nn.Sequential(torch.nn.Linear(1, 1), torch.nn.Sigmoid()), -3.0)
optimizr = torch.optim.SGD(net.parameters(), lr=0.05)
show_lrpr2(net, mse_fn, optimizr, "MSEloss, good_init // SGD", "004_vis1_mse_good_sgd")

# 시각화2: MSE, 나쁜초기값
net = init(torch.nn.Sequential(torch.nn.Linear(1, 1), torch.nn.Sigmoid()), -10.0)
optimizr = torch.optim.SGD(net.parameters(), lr=0.05)
show_lrpr2(net, mse_fn, optimizr, "MSEloss, bad_init // SGD", "004_vis2_mse_bad_sgd")

# 시각화3: BCE, 좋은초기값
net = init(torch.nn.Sequential(torch.nn.Linear(1, 1), torch.nn.Sigmoid()), -3.0)
optimizr = torch.optim.SGD(net.parameters(), lr=0.05)
show_lrpr2(net, bce_fn, optimizr, "BCEloss, good_init // SGD", "004_vis3_bce_good_sgd")

# 시각화4: BCE, 나쁜초기값
net = init(torch.nn.Sequential(torch.nn.Linear(1, 1), torch.nn.Sigmoid()), -10.0)
optimizr = torch.optim.SGD(net.parameters(), lr=0.05)
show_lrpr2(net, bce_fn, optimizr, "BCEloss, bad_init // SGD", "004_vis4_bce_bad_sgd")

# ---------------------------------------------------------------------------------------
# 로지스틱–Adam (국민옵티마이저)
# ---------------------------------------------------------------------------------------
# - Adam은 SGD에 비하여 2가지 면에서 개선점이 있음. 1. 몰라도 됩니다.. 2. 가속도의 개념

# 시각화1: MSE, 좋은초기값 –> 이걸 아담으로!
net = init(torch.nn.Sequential(torch.nn.Linear(1, 1), torch.nn.Sigmoid()), -3.0)
optimizr = torch.optim.Adam(net.parameters(), lr=0.05)
show_lrpr2(net, mse_fn, optimizr, "MSEloss, good_init // Adam", "004_vis1_mse_good_adam")

# 시각화2: MSE, 나쁜초기값 –> 이걸 아담으로! (혼자해봐요..)
net = init(torch.nn.Sequential(torch.nn.Linear(1, 1), torch.nn.Sigmoid()), -10.0)
optimizr = torch.optim.Adam(net.parameters(), lr=0.05)
show_lrpr2(net, mse_fn, optimizr, "MSEloss, bad_init // Adam", "004_vis2_mse_bad_adam")

# 시각화3: BCE, 좋은초기값 –> 이걸 아담으로! (혼자해봐요..)
net = init(torch.nn.Sequential(torch.nn.Linear(1, 1), torch.nn.Sigmoid()), -3.0)
optimizr = torch.optim.Adam(net.parameters(), lr=0.05)
show_lrpr2(net, bce_fn, optimizr, "BCEloss, good_init // Adam", "004_vis3_bce_good_adam")

# 시각화4: BCE, 나쁜초기값 –> 이걸 아담으로! (혼자해봐요..)
net = init(torch.nn.Sequential(torch.nn.Linear(1, 1), torch.nn.Sigmoid()), -10.0)
optimizr = torch.optim.Adam(net.parameters(), lr=0.05)
show_lrpr2(net, bce_fn, optimizr, "BCEloss, bad_init // Adam", "004_vis4_bce_bad_adam")

# ---------------------------------------------------------------------------------------
# 깊은신경망–로지스틱 회귀의 한계
# ---------------------------------------------------------------------------------------
# 신문기사 (데이터의 모티브): 중소·지방 기업 "뽑아봤자 그만두니까" — 스펙이 좋을수록 취업이
# 잘 되다가, 너무 좋으면 오히려 덜 뽑는다.

# 가짜데이터: 위의 기사를 모티브로 한 데이터
# df=pd.read_csv(url) -> cybenko.lab.csv.read_csv(url): the registered file, served offline
df = read_csv("https://raw.githubusercontent.com/guebin/DL2022/master/posts/2022-10-04-dnnex0.csv")
print(df)

# (filled: the data preparation of the lecture)
x = torch.tensor(df.x).float().reshape(-1, 1)
y = torch.tensor(df.y).float().reshape(-1, 1)
fig = plt.figure()
plt.plot(x, y, "o", alpha=0.02)
plt.plot(df.x, df.underlying, "-b")
savefig(fig, "004_dnnex0")

# 로지스틱 회귀로 적합 (filled: the loop; the notes keep only the remark below)
torch.manual_seed(43052)
net = torch.nn.Sequential(torch.nn.Linear(1, 1), torch.nn.Sigmoid())
loss_fn = torch.nn.BCELoss()
optimizr = torch.optim.Adam(net.parameters())
for epoc in range(steps(6000, 200)):
    ## 1
    yhat = net(x)
    ## 2
    loss = loss_fn(yhat, y)
    ## 3
    loss.backward()
    ## 4
    optimizr.step()
    optimizr.zero_grad()
print(loss.item(), net[0].bias.data.item(), net[0].weight.data.item())  # printed
print(row(net(x).data))  # printed

fig = plt.figure()
plt.plot(x, y, "o", alpha=0.02)
plt.plot(df.x, df.underlying, "-b")
plt.plot(x, net(x).data, "--")
savefig(fig, "004_dnnex0_logistic")
# - 이거는 epoc=60억 해도 주황색 점선은 절대 파란색 점선이 될 수 없다.

# 해결책
# - sigmoid를 취하기 전의 상태가 꺽인 그래프여야 한다.

# ---------------------------------------------------------------------------------------
# 깊은신경망–DNN을 이용한 해결
# ---------------------------------------------------------------------------------------
# - 목표: u_i = 9x_i+4.5 (x_i<0), -4.5x_i+4.5 (x_i>0) 인 벡터 u를 만들어보자.

# 꺽인 그래프를 만드는 방법1 (filled: the lost cell, by a list comprehension)
u = [9 * xi + 4.5 if xi < 0 else -4.5 * xi + 4.5 for xi in x.reshape(-1).tolist()]
fig = plt.figure()
plt.plot(u, "--")
savefig(fig, "004_kink1")
print(round(u[0], 4), round(max(u), 4), round(u[-1], 4))  # printed: 그래프가 꺽인다

# 꺽인 그래프를 만드는 방법2
# - 전략: 선형변환 -> ReLU -> 선형변환

# (예비학습) ReLU 함수란?  ReLU(x) = max(0,x)  (filled: the lost cells)
relu = torch.nn.ReLU()
fig = plt.figure()
plt.plot(x, "--r")
plt.plot(relu(x), "--b")
savefig(fig, "004_relu")

# (선형변환1) (filled)
fig = plt.figure()
plt.plot(x, "--r")
plt.plot(-x, "--b")
savefig(fig, "004_linear1")

# (렐루)
rlu = torch.nn.ReLU()  # (filled: the name the notes use)
fig = plt.figure()
plt.plot(x, alpha=0.5, color="C0")
plt.plot(-x, alpha=0.5, color="C1")
plt.plot(rlu(x), color="C0")
plt.plot(rlu(-x), color="C1")
savefig(fig, "004_relu2")

# (선형변환2)
fig = plt.figure()
plt.plot(x, alpha=0.2, color="C0")
plt.plot(-x, alpha=0.2, color="C1")
plt.plot(rlu(x), color="C0", alpha=0.2)
plt.plot(rlu(-x), color="C1", alpha=0.2)
plt.plot(-4.5 * rlu(x) + -9 * rlu(-x) + 4.5, color="C2")
# plt.plot(u)
savefig(fig, "004_linear2")

# (시그모이드) (filled)
sig = torch.nn.Sigmoid()
fig = plt.figure()
plt.plot(sig(-4.5 * rlu(x) - 9 * rlu(-x) + 4.5), color="C2")
savefig(fig, "004_sigmoid")

# 정리하면!
fig = plt.figure(figsize=(8, 4))
spec = fig.add_gridspec(4, 4)
ax1 = fig.add_subplot(spec[:2, 0])
ax1.set_title("x")
ax1.plot(x, "--", color="C0")
ax2 = fig.add_subplot(spec[2:, 0])
ax2.set_title("-x")
ax2.plot(-x, "--", color="C1")
ax3 = fig.add_subplot(spec[:2, 1])
ax3.set_title("relu(x)")
ax3.plot(rlu(x), "--", color="C0")
ax4 = fig.add_subplot(spec[2:, 1])
ax4.set_title("relu(-x)")
ax4.plot(rlu(-x), "--", color="C1")
ax5 = fig.add_subplot(spec[1:3, 2])
ax5.set_title("u")
ax5.plot(-4.5 * rlu(x) - 9 * rlu(-x) + 4.5, "--", color="C2")
ax6 = fig.add_subplot(spec[1:3, 3])
ax6.set_title("yhat")
ax6.plot(sig(-4.5 * rlu(x) - 9 * rlu(-x) + 4.5), "--", color="C2")
fig.tight_layout()
savefig(fig, "004_summary")
# - 이런느낌으로 ŷ을 만들면 된다.

# torch.nn.Linear()를 이용한 꺽인 그래프 구현
# - 구현 (filled: the layers with the weights of the 수식표현 below)
torch.manual_seed(43052)
l1 = torch.nn.Linear(in_features=1, out_features=2, bias=True)
a1 = torch.nn.ReLU()
l2 = torch.nn.Linear(in_features=2, out_features=1, bias=True)
a2 = torch.nn.Sigmoid()
net = torch.nn.Sequential(l1, a1, l2, a2)
l1.weight.data = torch.tensor([[1.0], [-1.0]])
l1.bias.data = torch.tensor([0.0, 0.0])
l2.weight.data = torch.tensor([[-4.5, -9.0]])
l2.bias.data = torch.tensor([4.5])
print(row(net(x).data))  # printed
print(loss_fn(net(x), y).item())  # printed: the loss of the hand-made net

fig = plt.figure()
plt.plot(y, "o", alpha=0.02)
plt.plot(df.underlying, "--b")
# plt.plot(a2(l2(a1(l1(x)))).data)
plt.plot(net(x).data)
savefig(fig, "004_kink_linear")

# - 수식표현
#   X (n,1) -l1-> u1 = XW1 + b1 (n,2), W1 = [1 -1], b1 = [0 0]
#   -a1-> v1 = relu(u1) (n,2) -l2-> u2 = v1 W2 + b2 (n,1), W2 = [-4.5 -9]^T, b2 = 4.5
#   -a2-> v2 = sig(u2) = ŷ (n,1)
# - 차원만 따지자: (n,1) -l1-> (n,2) -a1-> (n,2) -l2-> (n,1) -a2-> (n,1)

# Step1 ~ Step4 (filled: the loop; the net of the 구현, learned from its initial weights)
torch.manual_seed(43052)
net = torch.nn.Sequential(
    torch.nn.Linear(in_features=1, out_features=2),  # u1=l1(x), x:(n,1) --> u1:(n,2)
    torch.nn.ReLU(),  # v1=a1(u1), u1:(n,2) --> v1:(n,2)
    torch.nn.Linear(in_features=2, out_features=1),  # u2=l2(v1), v1:(n,2) --> u2:(n,1)
    torch.nn.Sigmoid(),  # v2=a2(u2), u2:(n,1) --> v2:(n,1)
)
loss_fn = torch.nn.BCELoss()
optimizr = torch.optim.Adam(net.parameters())
for epoc in range(steps(3000, 100)):
    ## step1
    yhat = net(x)
    ## step2
    loss = loss_fn(yhat, y)
    ## step3
    loss.backward()
    ## step4
    optimizr.step()
    optimizr.zero_grad()
print(loss.item(), row(net(x).data))  # printed

fig = plt.figure()
plt.plot(x, y, "o", alpha=0.02)
plt.plot(x, df.underlying, "-b")
plt.plot(x, net(x).data, "--")
savefig(fig, "004_dnn_3000")

# - 추가로 3000번 더
for epoc in range(steps(3000, 100)):
    ## step1
    yhat = net(x)
    ## step2
    loss = loss_fn(yhat, y)
    ## step3
    loss.backward()
    ## step4
    optimizr.step()
    optimizr.zero_grad()
print(loss.item(), row(net(x).data))  # printed

fig = plt.figure()
plt.plot(x, y, "o", alpha=0.02)
plt.plot(x, df.underlying, "-b")
plt.plot(x, net(x).data, "--")
savefig(fig, "004_dnn_6000")

# ---------------------------------------------------------------------------------------
# 깊은신경망–DNN으로 해결가능한 다양한 예제
# ---------------------------------------------------------------------------------------

# 예제1
df = read_csv("https://raw.githubusercontent.com/guebin/DL2022/master/posts/2022-10-04-dnnex1.csv")
print(df)

# - 데이터정리 (filled)
x = torch.tensor(df.x).float().reshape(-1, 1)
y = torch.tensor(df.y).float().reshape(-1, 1)

# - for문을 돌리기 위한 준비 (filled: a hidden layer of 16 nodes, as lab's dnn-examples)
torch.manual_seed(43052)
net = torch.nn.Sequential(
    torch.nn.Linear(in_features=1, out_features=16),
    torch.nn.ReLU(),
    torch.nn.Linear(in_features=16, out_features=1),
    torch.nn.Sigmoid(),
)
loss_fn = torch.nn.BCELoss()
optimizr = torch.optim.Adam(net.parameters())

# - step1~4 (filled)
for epoc in range(steps(6000, 100)):
    ## 1
    yhat = net(x)
    ## 2
    loss = loss_fn(yhat, y)
    ## 3
    loss.backward()
    ## 4
    optimizr.step()
    optimizr.zero_grad()
print(loss.item(), row(net(x).data))  # printed

fig = plt.figure()
plt.plot(x, y, "o", alpha=0.02)
plt.plot(x, df.underlying, "-b")
plt.plot(x, net(x).data, "--")
savefig(fig, "004_ex1")

# 예제2
df = read_csv("https://raw.githubusercontent.com/guebin/DL2022/master/posts/2022-10-04-dnnex2.csv")
print(df)

# - 데이터준비 (filled)
x = torch.tensor(df.x).float().reshape(-1, 1)
y = torch.tensor(df.y).float().reshape(-1, 1)

# - for문 돌릴 준비 (filled: a regression, so no sigmoid and the MSE loss; 1-32-1 as lab's
#   dnn-examples)
torch.manual_seed(43052)
net = torch.nn.Sequential(
    torch.nn.Linear(in_features=1, out_features=32),
    torch.nn.ReLU(),
    torch.nn.Linear(in_features=32, out_features=1),
)
loss_fn = torch.nn.MSELoss()
optimizr = torch.optim.Adam(net.parameters())

# - step1~4 (filled)
for epoc in range(steps(6000, 100)):
    ## 1
    yhat = net(x)
    ## 2
    loss = loss_fn(yhat, y)
    ## 3
    loss.backward()
    ## 4
    optimizr.step()
    optimizr.zero_grad()
print(loss.item(), row(net(x).data))  # printed

fig = plt.figure()
plt.plot(df.x, df.y, "o", alpha=0.05)
plt.plot(df.x, df.underlying, "--b")
plt.plot(x, net(x).data, "--", lw=5)
savefig(fig, "004_ex2_32")

# - for문 돌릴 준비 (filled, a guess: the notes prepare a second net for 예제2 and its cell is
#   lost; here a much wider hidden layer, 1024 nodes)
torch.manual_seed(43052)
net = torch.nn.Sequential(
    torch.nn.Linear(in_features=1, out_features=1024),
    torch.nn.ReLU(),
    torch.nn.Linear(in_features=1024, out_features=1),
)
loss_fn = torch.nn.MSELoss()
optimizr = torch.optim.Adam(net.parameters())

# - step1~4 (filled)
for epoc in range(steps(6000, 30)):
    ## 1
    yhat = net(x)
    ## 2
    loss = loss_fn(yhat, y)
    ## 3
    loss.backward()
    ## 4
    optimizr.step()
    optimizr.zero_grad()
print(loss.item(), row(net(x).data))  # printed

fig = plt.figure()
plt.plot(df.x, df.y, "o", alpha=0.05)
plt.plot(df.x, df.underlying, "--b")
plt.plot(x, net(x).data, "--", lw=5)
savefig(fig, "004_ex2_1024")

# 예제3
df = read_csv("https://raw.githubusercontent.com/guebin/DL2022/master/posts/2022-10-04-dnnex3.csv")
print(df)

# - 데이터준비 (filled: two inputs, x1 and x2)
X = torch.tensor(df[["x1", "x2"]].values).float()
y = torch.tensor(df.y).float().reshape(-1, 1)

# - for문 돌릴 준비 (filled)
torch.manual_seed(43052)
net = torch.nn.Sequential(
    torch.nn.Linear(in_features=2, out_features=32),
    torch.nn.ReLU(),
    torch.nn.Linear(in_features=32, out_features=1),
    torch.nn.Sigmoid(),
)
loss_fn = torch.nn.BCELoss()
optimizr = torch.optim.Adam(net.parameters())

# - step1~4 (filled; the notes end at the preparation)
for epoc in range(steps(3000, 100)):
    ## 1
    yhat = net(X)
    ## 2
    loss = loss_fn(yhat, y)
    ## 3
    loss.backward()
    ## 4
    optimizr.step()
    optimizr.zero_grad()
print(loss.item(), row(net(X).data))  # printed
print(((net(X).data > 0.5).float() == y).float().mean().item())  # printed: the accuracy

fig = plt.figure()
plt.scatter(X[:, 0], X[:, 1], c=y.reshape(-1), alpha=0.2, s=5)
savefig(fig, "004_ex3")
