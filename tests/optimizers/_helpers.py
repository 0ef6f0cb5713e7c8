"""Shared fixtures data for optimizer tests: fixed gradient sequences."""

import numpy as np

SHAPES = ((3, 4), (5,))
STEPS = 20


def initial_values(seed=0):
    rng = np.random.default_rng(seed)
    return [rng.standard_normal(s).astype("float32") for s in SHAPES]


def gradient_steps(seed=1, steps=STEPS):
    rng = np.random.default_rng(seed)
    return [
        [rng.standard_normal(s).astype("float32") for s in SHAPES]
        for _ in range(steps)
    ]


def run_kerata(optimizer, values=None, grads=None):
    import kerata

    values = initial_values() if values is None else values
    grads = gradient_steps() if grads is None else grads
    variables = [kerata.Variable(v, name=f"w{i}") for i, v in enumerate(values)]
    for step in grads:
        optimizer.apply(step, variables)
    return [v.numpy() for v in variables]
