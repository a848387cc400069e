"""Seed 002 (딥러닝 수학 실습): learning theta of y = 5x with the computational-graph nodes.

Every listing of the notes, in order, in their own words. The notes print nothing; the lines
marked `# printed for the conformance test` print the values their figures show.

Run: python examples/notes/seed_002_nodes.py [--engine torch|cybenko]
Figures go to $NOTES_OUT (default: a temporary folder).
"""

import matplotlib
import matplotlib.pyplot as plt
import numpy as np
from _framework import ENGINE, savefig, torch

from cybenko.lab.data import dataset_generator  # 강의에서 제공됨을 알립니다.

if ENGINE == "cybenko":
    nodes = torch.nodes  # 딥러닝 수학5에서 만들었던 node들 입니다. (import basic_nodes as nodes)
else:
    # PyTorch has no nodes API. The course's nodes run on plain numbers, not on tensors, so
    # under PyTorch the script uses cybenko's nodes directly; the numbers are the same.
    import cybenko.nodes as nodes

# The data come from cybenko's generator under both engines (dataset_generator is cybenko's).
# The notes draw them with no seed; a fresh process starts the generator from the same state,
# so both engines see the same 100 samples.

# ---------------------------------------------------------------------------------------
# 먼저 데이터를 생성하는데 y= 5x 라는 방정식 데이터를 100개 만듭니다.
# ---------------------------------------------------------------------------------------

# dataset preparation
dataset_gen = dataset_generator()
dataset_gen.set_coefficient([5, 0])  # y = 5x

x_data, y_data = dataset_gen.make_dataset()
print(x_data.shape, y_data.shape)  # printed for the conformance test

# ---------------------------------------------------------------------------------------
# 그 다음 단계로는 node들과 하이퍼 파라미터를 결정합니다.
# ---------------------------------------------------------------------------------------

# model implementation
node1 = nodes.mul_node()

# square error loss implementation
node2 = nodes.minus_node()
node3 = nodes.square_node()

# Hyper parameter
epochs = 5  # 100개의 샘플을 5번 epoch => 500번 iteration
lr = 0.01
th = -1  # arbitrary 세타, (초기값) 타겟 세타:5, 초기 세타:-1

# 세타의 변화를 보기 위한 list 생성
loss_list = []
th_list = []

# ---------------------------------------------------------------------------------------
# 다음 단계는 forward입니다.
# ---------------------------------------------------------------------------------------

for epoch in range(epochs):  # noqa: B007  1epoch 마다 100번씩 업데이트
    for data_idx in range(len(x_data)):  # 100개 데이터가 들어 있는 x_data
        x, y = x_data[data_idx], y_data[data_idx]

        # forward 실행
        z1 = node1.forward(th, x)  # z1 = th * x
        z2 = node2.forward(y, z1)  # z2 = y - z1
        l = node3.forward(z2)  # l= (z2)**2

print("forward only, last loss:", l)  # printed for the conformance test

# ---------------------------------------------------------------------------------------
# 다음은 backward 단계입니다.
# ---------------------------------------------------------------------------------------

for epoch in range(epochs):  # 1epoch 마다 100번씩 업데이트
    for data_idx in range(len(x_data)):  # 100개 데이터가 들어 있는 x_data
        x, y = x_data[data_idx], y_data[data_idx]

        # forward 실행
        z1 = node1.forward(th, x)  # z1 = th * x
        z2 = node2.forward(y, z1)  # z2 = y - z1
        l = node3.forward(z2)  # l= (z2)**2

        # backward 실행
        dz2 = node3.backward(1)  # z2에 대한 편미분을 넘긴다
        dy, dz1 = node2.backward(dz2)  # z2= y-z1이므로 각각 편미분은 1,-1 이다.
        dth, dx = node1.backward(dz1)  # node1.backward(dz1) 값은 각각 세타와 x에게 할당된다.

        # gradient descent를 이용한 th 업데이트
        th = th - lr * dth

        th_list.append(th)
        loss_list.append(l)
    print("epoch", epoch, "th", th, "loss", l)  # printed for the conformance test

print("iterations", len(th_list), "th at 200:", th_list[199])  # printed for the test

# ---------------------------------------------------------------------------------------
# 다음은 학습된 결과를 시각화 하는 작업입니다.
# ---------------------------------------------------------------------------------------

# Result Visualization
fig, ax = plt.subplots(2, 1, figsize=(30, 10))  # 2열,1행
ax[0].plot(th_list)
ax[1].plot(loss_list)

title_font = {"size": 30, "alpha": 0.8, "color": "navy"}
label_font = {"size": 20, "alpha": 0.8}
# The notes: plt.style.use('seaborn'). Matplotlib 3.6 renamed the style 'seaborn-v0_8'.
plt.style.use("seaborn-v0_8")

ax[0].set_title(r"$\theta$", fontdict=title_font)
ax[1].set_title("Loss", fontdict=title_font)
ax[1].set_xlabel("Iteration", fontdict=label_font)
savefig(fig, "002_theta_loss")

# ---------------------------------------------------------------------------------------
# 그러면 200interation (2epoch) 만을 가지고 직선으로 재 시각화를 해봅니다.
# 컬러는 무지개색이며 점은 실제값을 가리킵니다.
# ---------------------------------------------------------------------------------------

N_line = 200
# The notes: cmap = cm.get_cmap('rainbow', lut = N_line). Matplotlib 3.9 removed
# cm.get_cmap; the registry's colormap resampled to N_line colours is the same thing.
cmap = matplotlib.colormaps["rainbow"].resampled(N_line)

fig, ax = plt.subplots(1, 1, figsize=(10, 10))
ax.scatter(x_data, y_data)  # 실제값

test_th = th_list[:N_line]
x_range = np.array([np.min(x_data), np.max(x_data)])  # 최소값과 최대값으로 선분 잇기

for line_idx in range(N_line):
    pred_line = np.array(
        [x_range[0] * test_th[line_idx], x_range[1] * test_th[line_idx]]
    )  # x*세타 형식
    ax.plot(x_range, pred_line, color=cmap(line_idx), alpha=0.1)
savefig(fig, "002_lines")

# ---------------------------------------------------------------------------------------
# 전체 코드 (the whole program, once more: a new draw of the data, a new training)
# ---------------------------------------------------------------------------------------

# dataset preparation
dataset_gen = dataset_generator()
dataset_gen.set_coefficient([5, 0])  # y = 5x

x_data, y_data = dataset_gen.make_dataset()

# model implementation
node1 = nodes.mul_node()

# square error loss implementation
node2 = nodes.minus_node()
node3 = nodes.square_node()

# Hyper parameter
epochs = 5  # 100개의 샘플을 5번 epoch => 500번 iteration
lr = 0.01
th = -1  # arbitrary 세타, (초기값) 타겟 세타:5, 초기 세타:-1

# 세타의 변화를 보기 위한 list 생성
loss_list = []
th_list = []

for epoch in range(epochs):  # noqa: B007  1epoch 마다 100번씩 업데이트
    for data_idx in range(len(x_data)):  # 100개 데이터가 들어 있는 x_data
        x, y = x_data[data_idx], y_data[data_idx]

        # forward 실행
        z1 = node1.forward(th, x)  # z1 = th * x
        z2 = node2.forward(y, z1)  # z2 = y - z1
        l = node3.forward(z2)  # l= (z2)**2

        # backward 실행
        dz2 = node3.backward(1)  # z2에 대한 편미분을 넘긴다
        dy, dz1 = node2.backward(dz2)  # z2= y-z1이므로 각각 편미분은 1,-1 이다.
        dth, dx = node1.backward(dz1)  # node1.backward(dz1) 값은 각각 세타와 x에게 할당된다.

        # gradient descent를 이용한 th 업데이트
        th = th - lr * dth

        th_list.append(th)
        loss_list.append(l)

print("whole program: th", th, "th at 200:", th_list[199])  # printed for the test

# Result Visualization
fig, ax = plt.subplots(2, 1, figsize=(30, 10))  # 2열,1행
ax[0].plot(th_list)
ax[1].plot(loss_list)

title_font = {"size": 30, "alpha": 0.8, "color": "navy"}
label_font = {"size": 20, "alpha": 0.8}
plt.style.use("seaborn-v0_8")

ax[0].set_title(r"$\theta$", fontdict=title_font)
ax[1].set_title("Loss", fontdict=title_font)
ax[1].set_xlabel("Iteration", fontdict=label_font)
savefig(fig, "002_whole_theta_loss")

N_line = 200
cmap = matplotlib.colormaps["rainbow"].resampled(N_line)

fig, ax = plt.subplots(1, 1, figsize=(10, 10))
ax.scatter(x_data, y_data)

test_th = th_list[:N_line]
x_range = np.array([np.min(x_data), np.max(x_data)])

for line_idx in range(N_line):
    pred_line = np.array([x_range[0] * test_th[line_idx], x_range[1] * test_th[line_idx]])
    ax.plot(x_range, pred_line, color=cmap(line_idx), alpha=0.1)
    # x_Data의 최소,최대점 두점을 가지고 선분을 그어서 시각화를 한다.
    # 세타 5로 갈수록 Loss가 감소한다.
savefig(fig, "002_whole_lines")
