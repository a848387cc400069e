"""Seed 001 (모두를 위한 딥러닝 시즌 2, 4주차): perceptron, XOR, backpropagation, ReLU,
optimizers, weight initialisation and dropout.

Every listing of the notes, in order, with the notes' epoch counts (`--quick` or
NOTES_QUICK=1 trains 1001 steps instead of 10001). What the notes leave out but the lab files
they come from have (`device`, the seed 777, the initialisation of the by-hand weights, the
end of the 4-layer listing) is filled in and marked.

Run: python examples/notes/seed_001_xor.py [--engine torch|cybenko] [--quick]
"""

from _framework import steps, torch

# The notes call .to(device) without showing device: this is the lab's line (filled).
device = "cuda" if torch.cuda.is_available() else "cpu"
n_steps = steps(10001, 1001)

# ---------------------------------------------------------------------------------------
# 08-2 Multi Layer Perceptron: XOR 문제 해결(multilayer)
# ---------------------------------------------------------------------------------------

torch.manual_seed(777)  # the lab's seed (lab-08), not shown in the notes

# layer 2개
X = torch.FloatTensor([[0, 0], [0, 1], [1, 0], [1, 1]]).to(device)
Y = torch.FloatTensor([[0], [1], [1], [0]]).to(device)
# nn layers
linear1 = torch.nn.Linear(2, 2, bias=True)
linear2 = torch.nn.Linear(2, 1, bias=True)
sigmoid = torch.nn.Sigmoid()
model = torch.nn.Sequential(linear1, sigmoid, linear2, sigmoid).to(device)
# define cost/loss & optimizer
criterion = torch.nn.BCELoss().to(device)
optimizer = torch.optim.SGD(model.parameters(), lr=1)
for step in range(n_steps):
    optimizer.zero_grad()
    hypothesis = model(X)
    # cost/loss function
    cost = criterion(hypothesis, Y)
    cost.backward()
    optimizer.step()
    if step % 100 == 0:
        print(step, cost.item())

# layer 4개
torch.manual_seed(777)  # the lab's seed (lab-09 xor-nn-wide-deep), not shown in the notes
X = torch.FloatTensor([[0, 0], [0, 1], [1, 0], [1, 1]]).to(device)
Y = torch.FloatTensor([[0], [1], [1], [0]]).to(device)
# nn layers
linear1 = torch.nn.Linear(2, 10, bias=True)
linear2 = torch.nn.Linear(10, 10, bias=True)
linear3 = torch.nn.Linear(10, 10, bias=True)
linear4 = torch.nn.Linear(10, 1, bias=True)
sigmoid = torch.nn.Sigmoid()
# The notes stop at "sigmoid ..."; the rest is the lab's, as in the 2-layer listing.
model = torch.nn.Sequential(
    linear1, sigmoid, linear2, sigmoid, linear3, sigmoid, linear4, sigmoid
).to(device)
criterion = torch.nn.BCELoss().to(device)
optimizer = torch.optim.SGD(model.parameters(), lr=1)
for step in range(n_steps):
    optimizer.zero_grad()
    hypothesis = model(X)
    cost = criterion(hypothesis, Y)
    cost.backward()
    optimizer.step()
    if step % 100 == 0:
        print(step, cost.item())

# ---------------------------------------------------------------------------------------
# backpropagation: 출력값과 예측값을 비교→w 업데이트
# ---------------------------------------------------------------------------------------

torch.manual_seed(777)  # the lab's seed (lab-08 xor-nn backprop), not shown in the notes
X = torch.FloatTensor([[0, 0], [0, 1], [1, 0], [1, 1]]).to(device)
Y = torch.FloatTensor([[0], [1], [1], [0]]).to(device)
# nn layers
w1 = torch.Tensor(2, 2).to(device)
b1 = torch.Tensor(2).to(device)
w2 = torch.Tensor(2, 1).to(device)
b2 = torch.Tensor(1).to(device)
# torch.Tensor(2, 2) is uninitialised memory; the lab fills the weights with normal numbers
# (the notes leave these four lines out):
torch.nn.init.normal_(w1)
torch.nn.init.normal_(b1)
torch.nn.init.normal_(w2)
torch.nn.init.normal_(b2)


def sigmoid(x):
    # sigmoid function
    return 1.0 / (1.0 + torch.exp(-x))
    # return torch.div(torch.tensor(1), torch.add(torch.tensor(1.0), torch.exp(-x)))


def sigmoid_prime(x):
    # derivative of the sigmoid function
    return sigmoid(x) * (1 - sigmoid(x))


learning_rate = 1  # the lab's; the notes use learning_rate without showing it
# The notes split the loop into three `for step in range(10001)` to explain it piece by
# piece (forward, back prop, update); it is one loop.
for step in range(n_steps):
    # forward
    l1 = torch.add(torch.matmul(X, w1), b1)
    a1 = sigmoid(l1)
    l2 = torch.add(torch.matmul(a1, w2), b2)
    Y_pred = sigmoid(l2)
    cost = -torch.mean(Y * torch.log(Y_pred) + (1 - Y) * torch.log(1 - Y_pred))
    # Back prop (chain rule)
    # Loss derivative
    d_Y_pred = (Y_pred - Y) / (Y_pred * (1.0 - Y_pred) + 1e-7)
    # Layer 2
    d_l2 = d_Y_pred * sigmoid_prime(l2)
    d_b2 = d_l2
    d_w2 = torch.matmul(torch.transpose(a1, 0, 1), d_b2)
    # Layer 1
    d_a1 = torch.matmul(d_b2, torch.transpose(w2, 0, 1))
    d_l1 = d_a1 * sigmoid_prime(l1)
    d_b1 = d_l1
    d_w1 = torch.matmul(torch.transpose(X, 0, 1), d_b1)
    # Weight update
    w1 = w1 - learning_rate * d_w1
    b1 = b1 - learning_rate * torch.mean(d_b1, 0)
    w2 = w2 - learning_rate * d_w2
    b2 = b2 - learning_rate * torch.mean(d_b2, 0)
    if step % 100 == 0:
        print(step, cost.item())

# ---------------------------------------------------------------------------------------
# 09-1 ReLU
# ---------------------------------------------------------------------------------------

# The notes write torch.nn.sigmoid(x), torch.nn.tanh(x), torch.nn.relu(x) and
# torch.nn.leaky_relu(x, 0.01): PyTorch has no such names in torch.nn (nor does cybenko);
# they are torch.sigmoid, torch.tanh, torch.relu and torch.nn.functional.leaky_relu.
x = torch.FloatTensor([-2.0, -0.5, 0.0, 0.5, 2.0])
print(torch.sigmoid(x))
print(torch.tanh(x))
print(torch.relu(x))
print(torch.nn.functional.leaky_relu(x, 0.01))  # 음수에서 f(x)=0이 되는 문제 해결

# Optimizer in PyTorch
for optimizer_class in (
    torch.optim.SGD,
    torch.optim.Adadelta,
    torch.optim.Adagrad,
    torch.optim.Adam,
    torch.optim.SparseAdam,
    torch.optim.Adamax,
    torch.optim.ASGD,
    torch.optim.LBFGS,
    torch.optim.RMSprop,
    torch.optim.Rprop,
):
    print(optimizer_class.__name__)

# ---------------------------------------------------------------------------------------
# 09-2 Weight initialization: Xavier/He
# ---------------------------------------------------------------------------------------

torch.manual_seed(777)  # the lab's seed (lab-09 mnist xavier), not shown in the notes
# nn layers
linear1 = torch.nn.Linear(784, 256, bias=True)
linear2 = torch.nn.Linear(256, 256, bias=True)
linear3 = torch.nn.Linear(256, 10, bias=True)
relu = torch.nn.ReLU()
# xavier initialization
torch.nn.init.xavier_uniform_(linear1.weight)
torch.nn.init.xavier_uniform_(linear2.weight)
torch.nn.init.xavier_uniform_(linear3.weight)
# printed: Xavier uniform draws from U(-a, a), a = sqrt(6 / (Nin + Nout))
for linear in (linear1, linear2, linear3):
    bound = (6 / (linear.in_features + linear.out_features)) ** 0.5
    w = linear.weight
    print(tuple(w.shape), bound, w.abs().max().item(), w[0, :3].tolist())

# ---------------------------------------------------------------------------------------
# 09-3 Dropout
# ---------------------------------------------------------------------------------------

torch.manual_seed(777)
drop_prob = 0.3  # the lab's value; the notes leave it out
dropout = torch.nn.Dropout(p=drop_prob)
h = torch.ones(2, 10)
print(dropout(h))  # 무작위로 택한 일부분의 node만을 활용함 (kept ones scaled by 1/(1-p))

model = torch.nn.Sequential(linear1, relu, dropout, linear2, relu, dropout, linear3)
model.eval()  # =dropout = False
print(model)  # what the notebook shows for the line above (the model eval() returns)
print(dropout(h))  # test 할 때는 dropout을 사용하지 않음
model.train()
