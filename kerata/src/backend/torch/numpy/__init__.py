"""torch backend: NumPy-like functions, split by topic.

Each topic module defines plain functions; this package exposes those
defined in the topic modules (not the names they import).
"""

from kerata.src.backend.torch.numpy import creation
from kerata.src.backend.torch.numpy import elementwise
from kerata.src.backend.torch.numpy import extra
from kerata.src.backend.torch.numpy import indexing
from kerata.src.backend.torch.numpy import products
from kerata.src.backend.torch.numpy import reductions
from kerata.src.backend.torch.numpy import shape


def _expose() -> None:
    for module in (
        creation,
        elementwise,
        extra,
        indexing,
        products,
        reductions,
        shape,
    ):
        for name, value in vars(module).items():
            if (
                callable(value)
                and not name.startswith("_")
                and getattr(value, "__module__", None) == module.__name__
            ):
                globals()[name] = value


_expose()
