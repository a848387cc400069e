"""Seed 003 (인턴 초기에 읽은 PyTorch 책): PyTorch 함수들, 05 신경망 실전 활용, 06 다층 퍼셉트론
(자기부호화기, 뉴스기사 TF-IDF 분류), 07 합성곱 신경망, Q learning (FrozenLake).

Every listing of the notes, in order. The notes keep three pieces of code (the 4-layer
forward of the news classifier, the CNN's forward, the Q-learning program); everything around
them is the book's usual code, filled in and marked `(filled)`: the data, the training loops,
the autoencoder, the TF-IDF matrix. The book's old-PyTorch idioms stay (Variable,
F.log_softmax without dim, `torch.Tensor(array)`); `loss.data[0]` becomes `loss.item()`,
because a 0-dim tensor cannot be indexed since PyTorch 0.4.

Libraries replaced: the data come from cybenko's data layer (`cybenko.vision.datasets.MNIST`,
`cybenko.lab.data.load_news` for the BBC news corpus; set CYBENKO_DATA to the course data
folder); gym's FrozenLake-v0 is gymnasium's FrozenLake-v1 (the same slippery 4x4 lake; reset
and step return gymnasium's tuples). The book seeds nothing; the seeds here are filled in, so
that PyTorch and cybenko can be compared number by number.

`--quick` or NOTES_QUICK=1 trains on subsets for fewer epochs / episodes (for the tests).

The full run (cybenko / PyTorch 2.13, CPU, OMP_NUM_THREADS=1; 11 / 14 minutes): autoencoder
test MSE 0.00966 / 0.00968, news accuracy 0.9730 / 0.9730, CNN accuracy 0.9815 / 0.9819
(float32 rounding parts the two runs' losses by ~1e-5 after an epoch of MNIST), Q-learning
success 2.67% / 2.22% of 10000 episodes. The book's Q network barely learns the slippery lake
(random play wins 1.5%): it bootstraps from the terminal states too and keeps no replay.

Run: python examples/notes/seed_003_pytorch_book.py [--engine torch|cybenko] [--quick]
Figures go to $NOTES_OUT (default: a temporary folder).
"""

# The book's style: super(Net, self).__init__(), and `for t in range(100)` whose t is unused.
# ruff: noqa: UP008, B007

import re

import gymnasium as gym  # instead of the book's `import gym`
import matplotlib.pyplot as plt
import numpy as np
from _framework import savefig, steps, torch

from cybenko.lab.data import load_news
from cybenko.vision.datasets import MNIST

# import torch.nn as nn / import torch.nn.functional as F / import torch.optim as optim /
# from torch.autograd import Variable / from torch.utils.data import TensorDataset, DataLoader
nn = torch.nn
F = torch.nn.functional
optim = torch.optim
Variable = torch.autograd.Variable
TensorDataset = torch.utils.data.TensorDataset
DataLoader = torch.utils.data.DataLoader


def to_engine(array):
    """The one bridge from cybenko's data layer to the engine running the script: NumPy
    arrays become the engine's tensors (under --engine torch, torch tensors)."""
    return torch.from_numpy(np.ascontiguousarray(array))


# ---------------------------------------------------------------------------------------
# PyTorch 함수들 — 텐서 생성 (filled: a call of each function the notes list)
# ---------------------------------------------------------------------------------------
torch.manual_seed(0)  # (filled) the book seeds nothing
data_array = np.arange(12, dtype="float32").reshape(6, 2)
target_array = np.array([0, 1, 0, 1, 0, 1])
# torch.from_numpy(ndarray): NumPy 배열을 텐서로 변환한다
data_tensor = torch.from_numpy(data_array)
target_tensor = torch.from_numpy(target_array)
print(data_tensor)
# TensorDataset: 설명변수와 목적변수를 합쳐 인덱스 붙이고 하나의 data 집합으로
dataset = TensorDataset(data_tensor, target_tensor)
print(len(dataset), dataset[0])
# DataLoader: 데이터집합을 원하는 크기의 미니배치로 나누어 읽음
loader = DataLoader(dataset, batch_size=4, shuffle=True)
for batch_x, batch_y in loader:
    print(batch_x.shape, batch_y)

# ---------------------------------------------------------------------------------------
# 신경망 구성 (filled)
# ---------------------------------------------------------------------------------------
linear = nn.Linear(2, 2, bias=True)  # y = Ax + b; bias=False이면 바이어스를 학습하지 않음
h = linear(data_tensor)
print(h.shape, F.relu(h)[0])
print(F.log_softmax(h, dim=1)[0])
image = torch.randn(1, 3, 8, 8)  # 입력 이미지 채널 수 3 (컬러)
conv = nn.Conv2d(3, 6, 3, stride=1, padding=0, bias=True)  # 채널 3 -> 6, 필터 3x3
pool = nn.MaxPool2d(2)  # the notes' Max_Pool2d; stride는 기본값 kernel_size
print(conv(image).shape, pool(conv(image)).shape)

# ---------------------------------------------------------------------------------------
# 모델 학습 (filled): 교차 엔트로피, SGD, Variable, backward, Adam
# ---------------------------------------------------------------------------------------
criterion = nn.CrossEntropyLoss()
optimizer = optim.SGD(linear.parameters(), lr=0.1)
x, y = Variable(data_tensor / 10), Variable(target_tensor)  # 텐서를 래핑, 계산과정 기록
for epoch in range(3):
    optimizer.zero_grad()
    loss = criterion(linear(x), y)
    torch.autograd.backward(loss)  # 경사의 합을 구함 (loss.backward() is the same)
    optimizer.step()
    print(epoch, loss.item())
optimizer = optim.Adam(linear.parameters(), lr=0.001)  # 학습 도중 학습률 자동 조정
optimizer.zero_grad()
criterion(linear(x), y).backward()
optimizer.step()
print(linear.weight)

# ---------------------------------------------------------------------------------------
# 05. 신경망 실전 활용 / 06. 다층 퍼셉트론 실전 활용 — 자기부호화기 (AE)
# ---------------------------------------------------------------------------------------
# The notes name the autoencoder (입력층과 출력층 노드 수 동일, 비지도 학습, 출력이 입력을
# 재현하도록 학습) and show no code: the whole of it is filled, on MNIST digits.
train_set = MNIST("data", train=True)  # cybenko's data layer (reads $CYBENKO_DATA/mnist)
test_set = MNIST("data", train=False)
n_train, n_test = steps(60000, 3000), steps(10000, 1000)
train_X = to_engine(train_set.data.numpy()[:n_train].astype("float32") / 255)
train_Y = to_engine(train_set.targets.numpy()[:n_train])
test_X = to_engine(test_set.data.numpy()[:n_test].astype("float32") / 255)
test_Y = to_engine(test_set.targets.numpy()[:n_test])
print(train_X.shape, train_Y.shape, test_X.shape, test_Y.shape)


class AutoEncoder(nn.Module):  # (filled) 784 -> 128 -> 32 (부호) -> 128 -> 784
    def __init__(self):
        super(AutoEncoder, self).__init__()
        self.fc1 = nn.Linear(784, 128)
        self.fc2 = nn.Linear(128, 32)
        self.fc3 = nn.Linear(32, 128)
        self.fc4 = nn.Linear(128, 784)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        x = self.fc2(x)  # 부호화 (중간층)
        x = F.relu(self.fc3(x))
        x = torch.sigmoid(self.fc4(x))  # 복호화: 입력과 같은 노드 수
        return x


torch.manual_seed(1)  # (filled)
train = TensorDataset(train_X.view(-1, 784))
train_loader = DataLoader(train, batch_size=100, shuffle=True)
model = AutoEncoder()
criterion = nn.MSELoss()
optimizer = optim.Adam(model.parameters(), lr=0.001)
for epoch in range(steps(5, 2)):
    total_loss = 0
    for (train_x,) in train_loader:
        train_x = Variable(train_x)
        optimizer.zero_grad()
        output = model(train_x)
        loss = criterion(output, train_x)  # 출력값과 입력값이 비슷해지도록
        loss.backward()
        optimizer.step()
        total_loss += loss.item()  # the book's loss.data[0]
    print(epoch + 1, total_loss)
test_x = Variable(test_X.view(-1, 784))
reconstruction = model(test_x).data
print("AE test MSE", criterion(reconstruction, test_x).item())  # printed

fig, axes = plt.subplots(2, 8, figsize=(8, 2))
for i in range(8):
    axes[0, i].imshow(test_X[i].numpy(), cmap="gray")
    axes[1, i].imshow(reconstruction[i].view(28, 28).numpy(), cmap="gray")
    axes[0, i].axis("off")
    axes[1, i].axis("off")
savefig(fig, "003_autoencoder")  # 위: 입력, 아래: 재현

# ---------------------------------------------------------------------------------------
# 뉴스기사 학습시켜 카테고리 분류시킨다면?
# ---------------------------------------------------------------------------------------
# The book classifies Japanese news after morphological analysis (MeCab); here the articles
# are the BBC news corpus (English, 5 categories), read through cybenko.lab.data.load_news.
texts, labels, categories = load_news()
print(len(texts), categories)


# 문장 형태소분석 후 단어별로 분절 (불필요한 문자 제거) — (filled) English needs no
# morphological analysis: lower-case words of two or more letters, sklearn's token pattern.
def tokenize(text):
    return re.findall(r"\b[a-z][a-z]+\b", text.lower())


docs = [tokenize(text) for text in texts]
print(docs[0][:10])

# 추출한 단어 목록을 '수치화': 단어-문서 행렬 (filled: the 1000 most frequent words)
counts = {}
for doc in docs:
    for word in doc:
        counts[word] = counts.get(word, 0) + 1
vocabulary = sorted(counts, key=lambda w: (-counts[w], w))[:1000]
index = {word: j for j, word in enumerate(vocabulary)}
tf = np.zeros((len(docs), len(vocabulary)))
for i, doc in enumerate(docs):
    for word in doc:
        if word in index:
            tf[i, index[word]] += 1
print(tf.shape, vocabulary[:10])

# 단어의 출현 빈도값 TF * 역문서 빈도 IDF (filled: sklearn TfidfVectorizer's formula,
# idf = ln((1 + n) / (1 + df)) + 1, each document's row scaled to unit length)
df = (tf > 0).sum(axis=0)
idf = np.log((1 + len(docs)) / (1 + df)) + 1
tfidf = tf * idf
tfidf /= np.linalg.norm(tfidf, axis=1, keepdims=True)
print("idf of", vocabulary[0], idf[0], "idf of", vocabulary[-1], idf[-1])

# (filled) a seeded 80/20 split
order = np.random.default_rng(0).permutation(len(docs))
n_news_train = int(0.8 * len(docs))
news_train_X = to_engine(tfidf[order[:n_news_train]].astype("float32"))
news_train_Y = to_engine(np.array(labels)[order[:n_news_train]])
news_test_X = to_engine(tfidf[order[n_news_train:]].astype("float32"))
news_test_Y = to_engine(np.array(labels)[order[n_news_train:]])


class Net(nn.Module):  # (filled) the layers of the notes' forward: 1000 -> 128 x 3 -> 5
    def __init__(self):
        super(Net, self).__init__()
        self.fc1 = nn.Linear(1000, 128)
        self.fc2 = nn.Linear(128, 128)
        self.fc3 = nn.Linear(128, 128)
        self.fc4 = nn.Linear(128, 5)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        x = self.fc2(x)
        x = F.relu(self.fc3(x))
        x = self.fc4(x)
        return x


torch.manual_seed(2)  # (filled)
train = TensorDataset(news_train_X, news_train_Y)
train_loader = DataLoader(train, batch_size=100, shuffle=True)
model = Net()
criterion = nn.CrossEntropyLoss()
optimizer = optim.Adam(model.parameters(), lr=0.001)
for epoch in range(steps(20, 5)):
    total_loss = 0
    for train_x, train_y in train_loader:
        train_x, train_y = Variable(train_x), Variable(train_y)
        optimizer.zero_grad()
        output = model(train_x)
        loss = criterion(output, train_y)
        loss.backward()
        optimizer.step()
        total_loss += loss.item()
    print(epoch + 1, total_loss)
test_x, test_y = Variable(news_test_X), Variable(news_test_Y)
result = torch.max(model(test_x).data, 1)[1]
accuracy = sum(test_y.data.numpy() == result.numpy()) / len(test_y.data.numpy())
print("news accuracy", accuracy)

# ---------------------------------------------------------------------------------------
# 07. 합성곱 신경망 실전 활용
# ---------------------------------------------------------------------------------------
# The notes' forward: 5x5 filters on 28x28 images give 16 maps of 4x4 = 256 features, so the
# images are MNIST's (filled). MNIST is gray: 1 input channel (the notes' 3 is for colour).


class Net(nn.Module):  # (filled) __init__: the layers the forward needs
    def __init__(self):
        super(Net, self).__init__()
        self.conv1 = nn.Conv2d(1, 6, 5)  # 28 -> 24, 풀링 -> 12
        self.conv2 = nn.Conv2d(6, 16, 5)  # 12 -> 8, 풀링 -> 4
        self.fc1 = nn.Linear(256, 64)
        self.fc2 = nn.Linear(64, 10)

    def forward(self, x):
        x = F.max_pool2d(F.relu(self.conv1(x)), 2)
        x = F.max_pool2d(F.relu(self.conv2(x)), 2)
        x = x.view(-1, 256)
        x = F.relu(self.fc1(x))
        x = self.fc2(x)
        return F.log_softmax(x)  # the book's: no dim (torch warns, and takes dim=1)


# 합성곱층 stride 1 (생략되는 위치 없도록), 풀링층 영역 크기 2인 최대 풀링 (중첩되지 않도록)
torch.manual_seed(3)  # (filled)
train = TensorDataset(train_X.view(-1, 1, 28, 28), train_Y)
train_loader = DataLoader(train, batch_size=100, shuffle=True)
model = Net()
criterion = nn.CrossEntropyLoss()
optimizer = optim.Adam(model.parameters(), lr=0.001)
for epoch in range(steps(3, 2)):
    total_loss = 0
    for train_x, train_y in train_loader:
        train_x, train_y = Variable(train_x), Variable(train_y)
        optimizer.zero_grad()
        output = model(train_x)
        loss = criterion(output, train_y)
        loss.backward()
        optimizer.step()
        total_loss += loss.item()
    print(epoch + 1, total_loss)
test_x, test_y = Variable(test_X.view(-1, 1, 28, 28)), Variable(test_Y)
result = torch.max(model(test_x).data, 1)[1]
accuracy = sum(test_y.data.numpy() == result.numpy()) / len(test_y.data.numpy())
print("CNN accuracy", accuracy)

# ---------------------------------------------------------------------------------------
# 07. Q learning 실전 활용
# ---------------------------------------------------------------------------------------
# (filled) the environment: gym.make('FrozenLake-v0') in the book; gymnasium's FrozenLake-v1
# is the same slippery 4x4 lake (16 states, 4 actions, reward 1 at the goal, 100 turns).
env = gym.make("FrozenLake-v1")
env.action_space.seed(0)  # (filled) seeds: the lake's slips, the random actions, the net
np.random.seed(0)
first_reset_seed = 0
torch.manual_seed(4)


# 신경망 구성
class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.fc1 = nn.Linear(16, 64)
        self.fc2 = nn.Linear(64, 64)
        self.fc3 = nn.Linear(64, 96)
        self.fc4 = nn.Linear(96, 96)
        self.fc5 = nn.Linear(96, 64)
        self.fc6 = nn.Linear(64, 64)
        self.fc7 = nn.Linear(64, 4)

    def forward(self, x):
        x = Variable(x)
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        x = F.relu(self.fc3(x))
        x = F.relu(self.fc4(x))
        x = F.relu(self.fc5(x))
        x = F.relu(self.fc6(x))
        x = self.fc7(x)
        return x


# instance 생성
model = Net()


# one-hot 벡터를 tensor로 변환
def onehot2tensor(state):
    tmp = np.zeros(16)
    tmp[state] = 1
    vector = np.array(tmp, dtype="float32")
    tensor = torch.from_numpy(vector).float()
    return tensor


# 모형에 입력
def applymodel(tensor):
    output_tensor = model(tensor)
    output_array = output_tensor.data.numpy()
    return output_tensor, output_array


# 총 보상
total_reward = 0.0
# 오차함수 객체 생성
criterion = nn.MSELoss()
# 최적화 담당할 객체 생성
optimizer = optim.Adam(model.parameters(), lr=0.01)
n_episodes, report = steps(10000, 600), steps(1000, 100)
window_reward = 0.0  # (filled) the rewards since the last report: its success rate
# 게임 시작
for i_episode in range(n_episodes):
    # 초기화 (gymnasium: reset returns (observation, info), seeded once)
    observation, _ = env.reset(seed=first_reset_seed if i_episode == 0 else None)
    episode_reward = 0.0
    # 오차 누적
    total_loss = 0.0
    for t in range(100):
        # 한 턴 실행 후의 위치를 현재 위치로 잡음
        curr_state = observation
        # 경사 초기화
        optimizer.zero_grad()
        # onehot 벡터를 텐서로 변환
        current_tensor = onehot2tensor(curr_state)
        current_output_tensor, current_output_array = applymodel(current_tensor)
        # 행동 선택
        if np.random.rand() < 0.1:
            # 무작위 선택
            action = env.action_space.sample()
        else:
            # Q 값 최대가 되도록
            action = np.argmax(current_output_array)
        # 1턴 실행 (gymnasium: terminated or truncated is the book's done)
        observation, reward, terminated, truncated, info = env.step(action)
        done = terminated or truncated
        # onehot 벡터를 텐서로 변환 + 모델 입력
        observation_tensor = onehot2tensor(observation)
        observation_output_tensor, observation_output_array = applymodel(observation_tensor)
        # Q값 업데이트
        q = reward + 0.99 * np.max(observation_output_array)
        q_array = np.copy(current_output_array)
        q_array[action] = q
        q_variable = Variable(torch.Tensor(q_array))
        # 오차 계산
        loss = criterion(current_output_tensor, q_variable)
        # 역전파 계산
        loss.backward()
        # 가중치 업데이트
        optimizer.step()
        # 오차 누적 계산
        total_loss += loss.item()  # the book's loss.data[0]
        if done:
            # 현재 게임 보상 누적 계산
            episode_reward += reward
            total_reward += episode_reward
            window_reward += episode_reward  # (filled)
            break  # (filled) the game is over
    if (i_episode + 1) % report == 0:
        # the notes' `print ~~` (filled): the reward so far and the last window's success rate
        print(i_episode + 1, total_reward, window_reward / report, total_loss)
        window_reward = 0.0
