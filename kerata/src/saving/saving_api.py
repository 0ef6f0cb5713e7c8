"""Public saving entry points: `save_model`, `load_model`, `save_weights`,
`load_weights`. They pick the format from the file name."""

from __future__ import annotations

import os
import warnings
from typing import Any

from kerata.src.api_export import kerata_export
from kerata.src.saving import saving_lib

_LEGACY_SUFFIXES = (".h5", ".hdf5")


def _legacy() -> Any:
    from kerata.src.saving import legacy_h5

    return legacy_h5


@kerata_export("kerata.saving.save_model", "kerata.models.save_model")
def save_model(
    model: Any,
    filepath: Any,
    overwrite: bool = True,
    zipped: bool | None = None,
    include_optimizer: bool = True,
    **kwargs: Any,
) -> None:
    """Saves a model: architecture, weights, compile settings, optimizer.

    The `.keras` format is Keras 3's zip archive, so Keras 3 loads the
    files kerata writes and kerata loads Keras's. The file is written to
    a temporary name and renamed into place: a save that fails or is
    killed leaves any previous file intact.

    Args:
        model: The model to save.
        filepath: A path ending in `.keras` (or `.h5` for the legacy
            Keras 2 format).
        overwrite: Whether to replace an existing file.
        zipped: `False` writes the archive's contents to a folder
            instead of a zip file (default: zipped).
        include_optimizer: Whether to save the optimizer's state, so that
            training resumes where it stopped.
        **kwargs: Unsupported options raise an error.

    Example:

    >>> import os, tempfile
    >>> model = kerata.Sequential([kerata.Input((3,)),
    ...                            kerata.layers.Dense(2, name="d")])
    >>> path = os.path.join(tempfile.mkdtemp(), "model.keras")
    >>> kerata.saving.save_model(model, path)
    >>> kerata.saving.load_model(path).get_layer("d").units
    2
    """
    if kwargs:
        raise TypeError(
            f"save_model() got unexpected arguments {sorted(kwargs)}. It "
            "takes filepath, overwrite, zipped and include_optimizer."
        )
    filepath_str = os.fspath(filepath)
    if filepath_str.endswith(_LEGACY_SUFFIXES) and not filepath_str.endswith(
        ".weights.h5"
    ):
        warnings.warn(
            "You are saving your model as an HDF5 file, Keras 2's legacy "
            "format. Prefer the `.keras` format: "
            "`model.save('my_model.keras')`.",
            stacklevel=2,
        )
        _legacy().save_model_to_hdf5(
            model,
            filepath_str,
            overwrite=overwrite,
            include_optimizer=include_optimizer,
        )
        return
    if filepath_str.endswith(".weights.h5"):
        raise ValueError(
            "A `.weights.h5` file holds weights only: use "
            f"`model.save_weights({filepath_str!r})`, or end the name in "
            "`.keras` to save the whole model."
        )
    if zipped is None:
        zipped = True
    if zipped and not filepath_str.endswith(".keras"):
        raise ValueError(
            "Invalid filepath extension for saving: expected `.keras` (or "
            f"`.h5` for the legacy format). Received: filepath="
            f"{filepath_str!r}"
        )
    saving_lib.save_model(
        model,
        filepath_str,
        overwrite=overwrite,
        include_optimizer=include_optimizer,
        zipped=zipped,
    )


@kerata_export("kerata.saving.load_model", "kerata.models.load_model")
def load_model(
    filepath: Any,
    custom_objects: dict | None = None,
    compile: bool = True,
    safe_mode: bool = True,
) -> Any:
    """Loads a model saved by `model.save()` (kerata or Keras 3).

    Reads `.keras` archives (and folders saved with `zipped=False`), and
    Keras 2 `.h5` model files. Nothing in the file is executed: classes
    and functions are looked up among kerata's, the registered ones and
    `custom_objects`, and a Lambda layer's saved bytecode is refused
    unless `safe_mode=False`.

    Args:
        filepath: Path to the file (or an open binary file object).
        custom_objects: Dict of name to custom class or function.
        compile: Whether to compile the model as it was when saved
            (optimizer state included).
        safe_mode: Whether to refuse code stored in the file.

    Returns:
        The model, with its weights.

    Raises:
        FileNotFoundError: If there is no file at `filepath`.
        ValueError: If the file is not a model file, is truncated or
            corrupted, or would run code in safe mode.

    Example:

    >>> import os, tempfile
    >>> model = kerata.Sequential([kerata.Input((3,)),
    ...                            kerata.layers.Dense(2)])
    >>> model.compile(optimizer="adam", loss="mse")
    >>> path = os.path.join(tempfile.mkdtemp(), "model.keras")
    >>> model.save(path)
    >>> restored = kerata.models.load_model(path)
    >>> restored.compiled, type(restored.optimizer).__name__
    (True, 'Adam')
    """
    if not hasattr(filepath, "read"):
        filepath_str = os.fspath(filepath)
        if filepath_str.endswith(_LEGACY_SUFFIXES) and not (
            filepath_str.endswith(".weights.h5")
        ):
            return _legacy().load_model_from_hdf5(
                filepath_str,
                custom_objects=custom_objects,
                compile=compile,
                safe_mode=safe_mode,
            )
        if filepath_str.endswith(".weights.h5"):
            raise ValueError(
                f"{filepath_str!r} holds weights only. Build the model, "
                "then call `model.load_weights(path)`."
            )
        if not filepath_str.endswith(".keras") and not os.path.isdir(
            filepath_str
        ):
            raise ValueError(
                "Invalid filepath extension for loading: expected `.keras` "
                f"or `.h5`. Received: filepath={filepath_str!r}"
            )
    return saving_lib.load_model(
        filepath,
        custom_objects=custom_objects,
        compile=compile,
        safe_mode=safe_mode,
    )


@kerata_export("kerata.saving.save_weights")
def save_weights(model: Any, filepath: Any, overwrite: bool = True) -> None:
    """Saves `model`'s weights; see `Model.save_weights`.

    Example:

    >>> import os, tempfile
    >>> model = kerata.Sequential([kerata.Input((2,)),
    ...                            kerata.layers.Dense(1)])
    >>> path = os.path.join(tempfile.mkdtemp(), "m.weights.h5")
    >>> kerata.saving.save_weights(model, path)
    >>> os.path.exists(path)
    True
    """
    saving_lib.save_weights_only(model, filepath, overwrite=overwrite)


@kerata_export("kerata.saving.load_weights")
def load_weights(
    model: Any, filepath: Any, skip_mismatch: bool = False, **kwargs: Any
) -> None:
    """Loads weights into `model`; see `Model.load_weights`.

    Example:

    >>> import os, tempfile
    >>> model = kerata.Sequential([kerata.Input((2,)),
    ...                            kerata.layers.Dense(1)])
    >>> path = os.path.join(tempfile.mkdtemp(), "m.weights.h5")
    >>> model.save_weights(path)
    >>> kerata.saving.load_weights(model, path)
    """
    filepath_str = os.fspath(filepath)
    if filepath_str.endswith(_LEGACY_SUFFIXES) and not filepath_str.endswith(
        ".weights.h5"
    ):
        _legacy().load_weights_from_hdf5(
            model,
            filepath_str,
            skip_mismatch=skip_mismatch,
            by_name=kwargs.pop("by_name", False),
        )
    else:
        saving_lib.load_weights_only(
            model,
            filepath_str,
            skip_mismatch=skip_mismatch,
            by_name=kwargs.pop("by_name", False),
        )
    if kwargs:
        raise TypeError(
            f"load_weights() got unexpected arguments {sorted(kwargs)}."
        )
