"""torch.random: seeding and state of the default generator (manual_seed, seed, initial_seed,
get_rng_state, set_rng_state, fork_rng).

The generator itself is `cybenko._generator` (torch's CPU generator, reproduced bit for bit);
the ops that draw from it (rand, randn, normal_, ...) are in `cybenko.ops.sampling`."""

from __future__ import annotations

import contextlib

from . import _generator as engine
from ._generator import Generator
from ._tensor import Tensor, _wrap

__all__ = [
    "Generator",
    "fork_rng",
    "get_rng_state",
    "initial_seed",
    "manual_seed",
    "seed",
    "set_rng_state",
]


def manual_seed(seed: int) -> Generator:
    """Seed the default generator: after it, cybenko draws the numbers torch draws. Seeds
    the cuda generators too, as torch does (their numbers are not torch's: see cybenko.cuda)."""
    from . import cuda

    seed = int(seed)  # torch's module-level function takes 1.5, "7" or a one-element tensor
    generator = engine.default_generator.manual_seed(seed)
    cuda.manual_seed_all(seed)
    return generator


def seed() -> int:
    """Seed the default generator from the operating system's entropy; return the seed."""
    return engine.default_generator.seed()


def initial_seed() -> int:
    """The seed the default generator was last seeded with."""
    return engine.default_generator.initial_seed()


# Generator.get_state() returns a uint8 tensor, as torch's does.
engine.Generator.state_type = staticmethod(_wrap)


def get_rng_state() -> Tensor:
    """The default generator's state, as a uint8 tensor."""
    return engine.default_generator.get_state()


def set_rng_state(new_state: Tensor) -> None:
    """Restore a state from get_rng_state()."""
    engine.default_generator.set_state(new_state)


@contextlib.contextmanager
def fork_rng(devices=None, enabled: bool = True, **_):
    """Inside the block, draw freely; on exit the default generator is back where it was."""
    if not enabled:
        yield
        return
    saved = engine.default_generator.get_state()
    try:
        yield
    finally:
        engine.default_generator.set_state(saved)
