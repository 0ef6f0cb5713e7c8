"""The backend contract for `backend.numpy` (the rarer NumPy functions:
NaN-ignoring reductions, percentiles, `fmax`/`fmod`/`gcd`, `geomspace`,
`correlate`, ...): one typed stub per function.

Every backend's `numpy/extra.py` defines these names with these
parameters and defaults; the public ops in `kerata/src/ops/numpy/extra.py`
document them.
"""

from __future__ import annotations

from typing import Any


def fabs(x: Any) -> Any: ...


def rad2deg(x: Any) -> Any: ...


def sinc(x: Any) -> Any: ...


def i0(x: Any) -> Any: ...


def isreal(x: Any) -> Any: ...


def fmax(x1: Any, x2: Any) -> Any: ...


def fmin(x1: Any, x2: Any) -> Any: ...


def fmod(x1: Any, x2: Any) -> Any: ...


def gcd(x1: Any, x2: Any) -> Any: ...


def lcm(x1: Any, x2: Any) -> Any: ...


def ldexp(x1: Any, x2: Any) -> Any: ...


def nextafter(x1: Any, x2: Any) -> Any: ...


def allclose(
    x1: Any,
    x2: Any,
    rtol: float = 1e-05,
    atol: float = 1e-08,
    equal_nan: bool = False,
) -> Any: ...


def empty_like(x: Any, dtype: Any = None) -> Any: ...


def geomspace(
    start: Any,
    stop: Any,
    num: int = 50,
    endpoint: bool = True,
    dtype: Any = None,
    axis: int = 0,
) -> Any: ...


def fliplr(x: Any) -> Any: ...


def flipud(x: Any) -> Any: ...


def array_split(x: Any, indices_or_sections: Any, axis: int = 0) -> Any: ...


def hsplit(x: Any, indices_or_sections: Any) -> Any: ...


def vsplit(x: Any, indices_or_sections: Any) -> Any: ...


def dsplit(x: Any, indices_or_sections: Any) -> Any: ...


def dstack(xs: Any) -> Any: ...


def nansum(x: Any, axis: Any = None, keepdims: bool = False) -> Any: ...


def nanprod(x: Any, axis: Any = None, keepdims: bool = False) -> Any: ...


def nancumsum(x: Any, axis: Any = None, dtype: Any = None) -> Any: ...


def nancumprod(x: Any, axis: Any = None, dtype: Any = None) -> Any: ...


def nanmax(x: Any, axis: Any = None, keepdims: bool = False) -> Any: ...


def nanmin(x: Any, axis: Any = None, keepdims: bool = False) -> Any: ...


def nanargmax(x: Any, axis: Any = None, keepdims: bool = False) -> Any: ...


def nanargmin(x: Any, axis: Any = None, keepdims: bool = False) -> Any: ...


def nanmean(x: Any, axis: Any = None, keepdims: bool = False) -> Any: ...


def nanvar(x: Any, axis: Any = None, keepdims: bool = False) -> Any: ...


def nanstd(x: Any, axis: Any = None, keepdims: bool = False) -> Any: ...


def nanquantile(
    x: Any,
    q: Any,
    axis: Any = None,
    method: str = "linear",
    keepdims: bool = False,
) -> Any: ...


def nanpercentile(
    x: Any,
    q: Any,
    axis: Any = None,
    method: str = "linear",
    keepdims: bool = False,
) -> Any: ...


def nanmedian(x: Any, axis: Any = None, keepdims: bool = False) -> Any: ...


def percentile(
    x: Any,
    q: Any,
    axis: Any = None,
    method: str = "linear",
    keepdims: bool = False,
) -> Any: ...


def ptp(x: Any, axis: Any = None, keepdims: bool = False) -> Any: ...


def corrcoef(x: Any) -> Any: ...


def correlate(x1: Any, x2: Any, mode: str = "valid") -> Any: ...


def slogdet(x: Any) -> Any: ...


def view(x: Any, dtype: Any = None) -> Any: ...


def unique(
    x: Any,
    sorted: bool = True,
    return_index: bool = False,
    return_inverse: bool = False,
    return_counts: bool = False,
    axis: Any = None,
    size: Any = None,
    fill_value: Any = None,
) -> Any: ...


def vectorize(
    pyfunc: Any, *, excluded: Any = None, signature: Any = None
) -> Any: ...
