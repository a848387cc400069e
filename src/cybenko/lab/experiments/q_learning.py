"""Q-learning on FrozenLake (the PyTorch book, 07 "Q learning 실전 활용"): gymnasium's
FrozenLake-v1, the slippery 4x4 lake of the notes' FrozenLake-v0 (16 states, 4 actions,
reward 1 at the goal G, an episode ends in a hole H, at G or after 100 turns), played three
ways:

- random play, the baseline,
- the tabular agent: a 16 x 4 Q table (NumPy; it is the same on both engines), updated
  Q(s, a) += alpha (r + gamma max Q(s') - Q(s, a)) with ε-greedy play, ε falling linearly
  from 1 to 0.05 over the first half of the episodes, ties broken at random,
- the book's Q network: the state as a one-hot vector of 16 -> Linear(16, 4) -> the four Q
  values, trained with the torch-shaped API as the notes do: ε = 0.1, the target r + 0.99
  max Q(s') on the taken action (bootstrapping from holes and the goal too, as the book),
  MSELoss over the four outputs, Adam(lr=0.01), one step per turn. The notes stack six hidden
  ReLU layers (16-64-64-96-96-64-64-4, in examples/notes/seed_003_pytorch_book.py); one
  Linear layer keeps the Q values of a one-hot input exact in float32, so cybenko and PyTorch
  take the same greedy actions and their curves agree (with hidden layers the engines walk
  apart at the first near tie of two Q values).

The lake, the ε draws and the net are seeded (env.reset(seed=seed) on the first episode,
action_space.seed(seed), NumPy's default_rng(seed), torch.manual_seed(seed)). The success rate
is drawn against the episodes (the share of the last `window` episodes that reached G, while
learning, with exploration); after training each agent plays `eval_episodes` greedy episodes.

What it shows: random play crosses the slippery lake about twice in a hundred tries; the Q
table learns to walk away from the holes (its arrows point along the walls, since on ice a
step goes sideways two times in three) and its greedy policy wins about three games in four;
the book's one-layer Q network learns only part of that and forgets it again: its targets
bootstrap from the holes' never-trained Q values (which move with the shared bias), and its
final greedy policy, without the ε-random steps, can push against a wall for 100 turns.
`--set bootstrap_terminal=False` (target r at a hole or G) lets it learn steadily (about 25%
of its episodes 900 to 1000 won).

Full run at DEFAULTS on cybenko (280 s on this busy 2-core machine; PyTorch takes about
three times as long per turn, so `--engine both` at DEFAULTS was not run here): random play
1.8% of 1000 episodes; the Q table wins 50% of its last 100 training episodes and its greedy
policy 73.0% of 1000; the Q network wins 13.2% of its 10000 episodes (per thousand episodes
its success rises to 21% between episodes 5000 and 8000 and falls to 7.3% in the last
thousand) and its greedy policy 0%. On both engines with episodes_qnet=2000,
episodes_table=1000, eval_episodes=200 (21 s on cybenko, 57 s on PyTorch) the engines take
the same 2000 episodes: equal success curves, losses within 4.2e-7.
"""

from __future__ import annotations

import numpy as np

from .. import plot
from . import COUNT, FLAG, RATE, SEED, Table, progress, up_to

TITLE = "Q-learning on the slippery FrozenLake: Q table, the book's Q network, random play"
DEFAULTS = {
    "seed": 0,
    "slippery": True,
    "episodes_table": 10000,
    "episodes_qnet": 10000,
    "eval_episodes": 1000,
    "max_turns": 100,
    "gamma": 0.99,
    "alpha": 0.1,  # the Q table's step size
    "epsilon": 0.1,  # the Q network's exploration, as the notes
    "lr": 0.01,
    "bootstrap_terminal": True,  # the book's target r + gamma max Q(s') at holes and G too
    "window": 100,
    "log_every": 1000,
}
QUICK = {
    "episodes_table": 1000,
    "episodes_qnet": 200,
    "eval_episodes": 200,
    "window": 50,
    "log_every": 100,
}
RULES = {
    "seed": SEED,
    "slippery": FLAG,
    "episodes_table": COUNT,
    "episodes_qnet": COUNT,
    "eval_episodes": COUNT,
    "max_turns": COUNT,
    "gamma": up_to(1.0),
    "alpha": up_to(1.0),
    "epsilon": up_to(1.0),
    "lr": RATE,
    "bootstrap_terminal": FLAG,
    "window": COUNT,
    "log_every": COUNT,
}

ARROWS = {0: (-1, 0), 1: (0, -1), 2: (1, 0), 3: (0, 1)}  # LEFT, DOWN, RIGHT, UP as (dx, dy)
TILE_COLORS = {"S": "#9ecae1", "F": "#deebf7", "H": "#08306b", "G": "#74c476"}


def make_lake(cfg: dict, seed: int):
    """FrozenLake-v1 4x4, its random actions seeded; the first reset takes `seed`."""
    import gymnasium as gym

    env = gym.make("FrozenLake-v1", map_name="4x4", is_slippery=cfg["slippery"])
    env.action_space.seed(seed)
    return env


def play(env, cfg: dict, episodes: int, choose, learn=None, seed=None, name="", ended=None):
    """Play `episodes` episodes: `choose(state, episode)` gives the action, `learn(s, a, r, s2,
    terminated)` (if any) learns from each turn, `ended()` (if any) is told when an episode
    ends. The first reset takes `seed`. Returns 1.0/0.0 per episode (G reached or not)."""
    wins = []
    for episode in progress(range(episodes), name):
        state, _ = env.reset(seed=seed if episode == 0 else None)
        reward = 0.0
        for _ in range(cfg["max_turns"]):
            action = choose(state, episode)
            next_state, reward, terminated, truncated, _ = env.step(action)
            if learn is not None:
                learn(state, action, reward, next_state, terminated)
            state = next_state
            if terminated or truncated:
                break
        wins.append(float(reward))
        if ended is not None:
            ended()
    return wins


def greedy(values: np.ndarray, rng) -> int:
    """The action of the largest value, a tie broken at random."""
    best = np.flatnonzero(values == values.max())
    return int(best[0] if len(best) == 1 else best[rng.integers(len(best))])


def moving_rate(wins, window: int) -> list[float]:
    """The share of wins in the last `window` episodes (fewer at the start), per episode."""
    total = np.cumsum(np.concatenate([[0.0], wins]))
    ends = np.arange(1, len(wins) + 1)
    starts = np.maximum(ends - window, 0)
    return ((total[ends] - total[starts]) / (ends - starts)).tolist()


def train_table(cfg: dict, seed: int, table: Table) -> tuple[np.ndarray, list[float]]:
    """The tabular agent: (Q table, wins per training episode)."""
    env = make_lake(cfg, seed)
    rng = np.random.default_rng(seed)
    q = np.zeros((env.observation_space.n, env.action_space.n))
    episodes = cfg["episodes_table"]
    decay = max(episodes // 2, 1)

    def choose(state, episode):
        epsilon = max(0.05, 1.0 - 0.95 * episode / decay)
        return int(env.action_space.sample()) if rng.random() < epsilon else greedy(q[state], rng)

    def learn(s, a, r, s2, terminated):
        future = 0.0 if terminated else cfg["gamma"] * q[s2].max()
        q[s, a] += cfg["alpha"] * (r + future - q[s, a])

    wins = play(env, cfg, episodes, choose, learn, seed=seed, name="q-table")
    _log(table, "q-table", wins, cfg)
    return q, wins


def train_qnet(torch, cfg: dict, seed: int, table: Table):
    """The book's Q network, one-hot(16) -> Linear -> 4 Q values: (net, wins, loss per
    episode: the mean of its turns' MSE)."""
    device = cfg["device"]
    env = make_lake(cfg, seed)
    rng = np.random.default_rng(seed)
    n_states, n_actions = env.observation_space.n, env.action_space.n
    torch.manual_seed(seed)
    net = torch.nn.Linear(n_states, n_actions).to(device)
    optimizer = torch.optim.Adam(net.parameters(), lr=cfg["lr"])
    criterion = torch.nn.MSELoss()
    onehot = torch.eye(n_states, device=device)
    losses, turn_losses = [], []
    current = {}  # this turn's Q values: the tensor (for backward) and a NumPy copy

    def choose(state, episode):
        current["q"] = net(onehot[state])
        current["values"] = current["q"].detach().cpu().numpy()
        if rng.random() < cfg["epsilon"]:
            return int(env.action_space.sample())
        return int(np.argmax(current["values"]))  # the book's argmax: first of a tie

    def learn(s, a, r, s2, terminated):
        with torch.no_grad():
            following = net(onehot[s2]).cpu().numpy()
        target = np.copy(current["values"])
        bootstrap = cfg["bootstrap_terminal"] or not terminated
        target[a] = r + (cfg["gamma"] * following.max() if bootstrap else 0.0)
        optimizer.zero_grad()
        loss = criterion(current["q"], torch.tensor(target, device=device))
        loss.backward()
        optimizer.step()
        turn_losses.append(loss.item())

    def ended():
        losses.append(float(np.mean(turn_losses)))
        turn_losses.clear()

    wins = play(env, cfg, cfg["episodes_qnet"], choose, learn, seed, "q-network", ended)
    _log(table, "q-network", wins, cfg)
    return net, wins, losses


def _log(table: Table, name: str, wins, cfg) -> None:
    every = cfg["log_every"]
    for end in range(every, len(wins) + every, every):
        end = min(end, len(wins))
        table.row(name, end, float(np.mean(wins[max(end - every, 0) : end])))
        if end == len(wins):
            break


def greedy_success(cfg: dict, seed: int, values: np.ndarray) -> float:
    """The share of `eval_episodes` greedy episodes (ties of `values` broken at random) won."""
    env = make_lake(cfg, seed)
    rng = np.random.default_rng(seed)
    wins = play(env, cfg, cfg["eval_episodes"], lambda s, _e: greedy(values[s], rng), seed=seed)
    return float(np.mean(wins))


def run(torch, cfg: dict, out) -> dict:
    seed = cfg["seed"]
    table = Table("agent", "episodes", f"success (last {cfg['log_every']})", width=18)
    random_env = make_lake(cfg, seed)
    random_wins = play(
        random_env, cfg, cfg["eval_episodes"], lambda s, e: int(random_env.action_space.sample()),
        seed=seed, name="random play",
    )  # fmt: skip
    _log(table, "random play", random_wins, cfg)
    q_table, table_wins = train_table(cfg, seed, table)
    net, qnet_wins, qnet_losses = train_qnet(torch, cfg, seed, table)
    with torch.no_grad():
        q_net = net(torch.eye(q_table.shape[0], device=cfg["device"])).cpu().numpy()

    terminal = _terminal_states(random_env)
    metrics = {
        "success random play": float(np.mean(random_wins)),
        "greedy success q-table": greedy_success(cfg, seed + 1, q_table),
        "greedy success q-network": greedy_success(cfg, seed + 1, q_net),
        "training success q-table (last window)": float(np.mean(table_wins[-cfg["window"] :])),
        "training success q-network (last window)": float(np.mean(qnet_wins[-cfg["window"] :])),
        "training success q-network (all episodes)": float(np.mean(qnet_wins)),
        "max Q at start q-table": float(q_table[0].max()),
        "max Q at start q-network": float(q_net[0].max()),
        "success rate q-table": moving_rate(table_wins, cfg["window"]),
        "success rate q-network": moving_rate(qnet_wins, cfg["window"]),
        "loss q-network": qnet_losses,
    }
    engine = torch.__name__
    _success_figure(metrics, cfg, out / "success.png", engine)
    _policy_figure(random_env, {"Q table": q_table, "Q network": q_net}, terminal, metrics,
                   out / "policy.png", engine)  # fmt: skip
    return metrics


def _terminal_states(env) -> set[int]:
    desc = env.unwrapped.desc.astype(str)
    return {i for i, tile in enumerate(desc.ravel()) if tile in "HG"}


def _success_figure(metrics, cfg, path, engine) -> None:
    fig, (ax0, ax1) = plot.figure(
        1, 2, title=f"FrozenLake 4x4 (slippery={cfg['slippery']}): success while learning "
        f"({engine})", size=(13, 4.8),
    )  # fmt: skip
    random_rate = metrics["success random play"]
    for ax, key, name in ((ax0, "q-table", "Q table"), (ax1, "q-network", "Q network")):
        rate = metrics[f"success rate {key}"]
        episodes = np.arange(1, len(rate) + 1)
        ax.plot(episodes, rate, lw=1.3, color="C0" if key == "q-table" else "C1",
                label=f"{name}, last {cfg['window']} episodes")  # fmt: skip
        ax.axhline(random_rate, color="gray", ls=":", label=f"random play ({random_rate:.1%})")
        greedy_rate = metrics[f"greedy success {key}"]
        ax.axhline(greedy_rate, color="k", ls="--", lw=1,
                   label=f"greedy policy after training ({greedy_rate:.1%})")  # fmt: skip
        ax.set_ylim(-0.02, 1.02)
        plot.label(ax, xlabel="episode", ylabel="success rate (reached G)", title=name,
                   legend="upper left")  # fmt: skip
    plot.save(fig, path)


def _policy_figure(env, values: dict, terminal, metrics, path, engine) -> None:
    desc = env.unwrapped.desc.astype(str)
    rows, cols = desc.shape
    fig, axes = plot.figure(
        1,
        len(values),
        title=f"The greedy policy on the lake: arrow = argmax Q, number = max Q ({engine})",
        size=(5.4 * len(values), 6.0),
    )
    for ax, (name, q) in zip(axes, values.items()):  # noqa: B905
        for r in range(rows):
            for c in range(cols):
                tile = desc[r, c]
                y = rows - 1 - r  # row 0 of the map at the top
                ax.add_patch(_square(c, y, TILE_COLORS[tile]))
                state = r * cols + c
                if state in terminal:
                    ax.text(c + 0.5, y + 0.5, tile, ha="center", va="center", fontsize=18,
                            color="white" if tile == "H" else "k", weight="bold")  # fmt: skip
                    continue
                dx, dy = ARROWS[int(np.argmax(q[state]))]
                ax.arrow(c + 0.5 - 0.25 * dx, y + 0.5 - 0.25 * dy, 0.5 * dx, 0.5 * dy,
                         width=0.04, head_width=0.18, length_includes_head=True,
                         color="#d62728")  # fmt: skip
                ax.text(c + 0.06, y + 0.08, f"{q[state].max():.2f}", fontsize=8)
                if tile == "S":
                    ax.text(c + 0.94, y + 0.08, "S", fontsize=10, ha="right", weight="bold")
        key = "q-table" if name == "Q table" else "q-network"
        ax.set_xlim(0, cols)
        ax.set_ylim(0, rows)
        ax.set_aspect("equal")
        ax.set_xticks(np.arange(cols) + 0.5, [str(c) for c in range(cols)])
        ax.set_yticks(np.arange(rows) + 0.5, [str(rows - 1 - r) for r in range(rows)])
        success = metrics[f"greedy success {key}"]
        plot.label(ax, xlabel="column", ylabel="row", title=f"{name}: greedy success {success:.1%}")
    plot.save(fig, path)


def _square(x, y, color):
    from matplotlib.patches import Rectangle

    return Rectangle((x, y), 1, 1, facecolor=color, edgecolor="white", lw=2)
