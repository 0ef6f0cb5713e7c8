"""torch backend: random functions (see backend/interface/random.py).

Each call seeds a fresh `torch.Generator` on the current device, so a
given seed gives the same numbers on every call and the global torch RNG
is left alone.
"""

from __future__ import annotations

import math
from typing import Any

import torch
import torch.nn.functional as F

from kerata.src.backend.common import config
from kerata.src.backend.torch import core
from kerata.src.backend.torch.core import convert_to_tensor
from kerata.src.backend.torch.core import get_device
from kerata.src.backend.torch.core import to_torch_dtype

HAS_GLOBAL_RNG = True
_MASK = 0xFFFFFFFF
_GOLDEN = 0x9E3779B1
# erf(+-2 / sqrt(2)): the uniform range mapped onto [-2, 2] by the inverse
# normal CDF.
_ERF_2 = math.erf(2.0 / math.sqrt(2.0))


def random_seed_dtype() -> str:
    # torch has no uint32 arithmetic ("add_stub" is not implemented).
    return "int64"


def set_framework_seed(seed: int) -> None:
    torch.manual_seed(seed)


def in_tracing_scope() -> bool:
    return False


def _meta() -> bool:
    return core._META_MODE[0]


def _seed_int(seed: Any) -> int:
    if isinstance(seed, int):
        return seed & _MASK
    first, second = seed.tolist()
    # torch's CPU generator keeps only 32 bits of a seed, so the counter is
    # mixed in with an odd multiplier: an int seed `s` and the state
    # `[s, 0]` give the same numbers, and each counter value of one seed
    # gives a different stream.
    return (first + second * _GOLDEN) & _MASK


def _generator(seed: Any, device: Any = None) -> torch.Generator | None:
    if seed is None or _meta():
        return None
    generator = torch.Generator(device=device or get_device())
    return generator.manual_seed(_seed_int(seed))


def _device() -> Any:
    return "meta" if _meta() else get_device()


def _float_dtype(dtype: Any) -> torch.dtype:
    return to_torch_dtype(dtype or config.floatx())


def _shape(shape: Any) -> tuple:
    if isinstance(shape, int):
        return (shape,)
    return tuple(int(d) for d in shape)


def normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    scalars = isinstance(mean, (int, float)) and isinstance(
        stddev, (int, float)
    )
    x = torch.normal(
        float(mean) if scalars else 0.0,
        float(stddev) if scalars else 1.0,
        size=_shape(shape),
        generator=_generator(seed),
        dtype=_float_dtype(dtype),
        device=_device(),
    )
    return x if scalars else x * stddev + mean


def uniform(shape, minval=0.0, maxval=1.0, dtype=None, seed=None):
    x = torch.rand(
        _shape(shape),
        generator=_generator(seed),
        dtype=_float_dtype(dtype),
        device=_device(),
    )
    if isinstance(minval, (int, float)) and isinstance(maxval, (int, float)):
        if minval == 0.0 and maxval == 1.0:
            return x
        return x.mul_(maxval - minval).add_(minval)
    return x * (maxval - minval) + minval


def categorical(logits, num_samples, dtype="int32", seed=None):
    logits = convert_to_tensor(logits)
    probs = torch.softmax(logits.float(), dim=-1)
    out = torch.multinomial(
        probs,
        num_samples,
        replacement=True,
        generator=_generator(seed, logits.device),
    )
    return out.to(to_torch_dtype(dtype))


def randint(shape, minval, maxval, dtype="int32", seed=None):
    return torch.randint(
        int(minval),
        int(maxval),
        _shape(shape),
        generator=_generator(seed),
        dtype=to_torch_dtype(dtype),
        device=_device(),
    )


def truncated_normal(shape, mean=0.0, stddev=1.0, dtype=None, seed=None):
    # Inverse-CDF sampling: exact, and needs no rejection loop.
    dtype = _float_dtype(dtype)
    work = torch.float64 if dtype == torch.float64 else torch.float32
    u = torch.rand(
        _shape(shape), generator=_generator(seed), dtype=work, device=_device()
    )
    x = torch.erfinv(u.mul_(2.0 * _ERF_2).sub_(_ERF_2)).mul_(math.sqrt(2.0))
    x = x.clamp_(-2.0, 2.0).to(dtype)
    return x * stddev + mean


def _noise_shape(inputs: torch.Tensor, noise_shape: Any) -> tuple:
    if noise_shape is None:
        return tuple(inputs.shape)
    return tuple(
        inputs.shape[i] if d is None else int(d)
        for i, d in enumerate(noise_shape)
    )


def dropout(inputs, rate, noise_shape=None, seed=None):
    inputs = convert_to_tensor(inputs)
    if isinstance(rate, (int, float)):
        if rate == 0.0:
            return inputs
        if rate == 1.0:
            return torch.zeros_like(inputs)
        if seed is None and noise_shape is None:
            # torch's fused kernel, driven by the global RNG.
            return F.dropout(inputs, p=rate, training=True)
    keep = 1.0 - rate
    mask = torch.empty(
        _noise_shape(inputs, noise_shape),
        dtype=inputs.dtype,
        device=inputs.device,
    )
    mask = mask.bernoulli_(keep, generator=_generator(seed, inputs.device))
    return torch.where(mask.bool(), inputs / keep, 0.0)


def shuffle(x, axis=0, seed=None):
    x = convert_to_tensor(x)
    perm = torch.randperm(
        x.shape[axis], generator=_generator(seed, x.device), device=x.device
    )
    return x.index_select(axis, perm)


def _with_global_seed(seed: Any, sample) -> torch.Tensor:
    # torch.distributions samplers take no generator: seed the global RNG
    # inside fork_rng, which restores its state afterwards.
    device = get_device()
    devices = []
    if device.type == "cuda":
        devices = [device.index or torch.cuda.current_device()]
    with torch.random.fork_rng(devices=devices):
        if seed is not None and not _meta():
            torch.manual_seed(_seed_int(seed))
        return sample()


def gamma(shape, alpha, dtype=None, seed=None):
    dtype = _float_dtype(dtype)
    alpha = convert_to_tensor(alpha, dtype="float32")
    alpha = torch.broadcast_to(alpha, _shape(shape))
    out = _with_global_seed(seed, lambda: torch._standard_gamma(alpha))
    return out.to(dtype)


def binomial(shape, counts, probabilities, dtype=None, seed=None):
    dtype = _float_dtype(dtype)
    shape = _shape(shape)
    counts = torch.broadcast_to(convert_to_tensor(counts, "float32"), shape)
    probabilities = torch.broadcast_to(
        convert_to_tensor(probabilities, "float32"), shape
    )
    out = torch.binomial(counts, probabilities, generator=_generator(seed))
    return out.to(dtype)


def beta(shape, alpha, beta, dtype=None, seed=None):
    dtype = _float_dtype(dtype)
    shape = _shape(shape)
    alpha = torch.broadcast_to(convert_to_tensor(alpha, "float32"), shape)
    beta = torch.broadcast_to(convert_to_tensor(beta, "float32"), shape)

    def sample():
        x = torch._standard_gamma(alpha)
        y = torch._standard_gamma(beta)
        return x / (x + y)

    return _with_global_seed(seed, sample).to(dtype)
