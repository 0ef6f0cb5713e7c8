"""`TensorBoard`: logs training for TensorBoard, without TensorFlow."""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Mapping
from typing import Any

from kerata.src import backend
from kerata.src import ops
from kerata.src.api_export import kerata_export
from kerata.src.callbacks import tensorboard_utils as utils
from kerata.src.callbacks.callback import Callback
from kerata.src.callbacks.logs_utils import to_float
from kerata.src.utils import atomic_io
from kerata.src.utils.tensorboard.writer import SummaryWriter


def _scalars(logs: Any) -> dict:
    # Keeps the values that are single numbers (reading lazy batch logs).
    result = {}
    for name, value in (logs or {}).items():
        try:
            result[name] = to_float(value)
        except (TypeError, ValueError, RuntimeError):
            continue
    return result


def _quote(text: str) -> str:
    # A protobuf text-format string literal.
    escaped = str(text).replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


@kerata_export("kerata.callbacks.TensorBoard")
class TensorBoard(Callback):
    """Writes metrics, weight histograms and the model graph for TensorBoard.

    Event files are written by kerata itself, so neither TensorFlow nor
    TensorBoard is needed to write them (only to view them: run
    `tensorboard --logdir <log_dir>`). Training summaries go to
    `<log_dir>/train`, validation and evaluation ones to
    `<log_dir>/validation`, with Keras's tags:

    - `epoch_<metric>` at step `epoch` (train and validation runs), with
      `epoch_learning_rate` and, if asked, `epoch_steps_per_second`;
    - `batch_<metric>` (and `batch_steps_per_second`) every `update_freq`
      batches, at the global batch count (from 1);
    - `evaluation_<metric>_vs_iterations` at the end of each evaluation,
      at the optimizer's iteration count;
    - `<weight path>/histogram` (and `<weight path>/image`) every
      `histogram_freq` epochs;
    - the model graph: one node per layer, linked to the layers feeding
      it, plus the model's JSON config (tag `keras`) for the conceptual
      graph.

    Profiling needs TensorFlow's profiler and is not supported: a
    non-zero `profile_batch` is accepted but only warns.

    Args:
        log_dir: Directory to write the event files to.
        histogram_freq: Frequency, in epochs, of weight histograms; 0 for
            none.
        write_graph: Whether to write the model graph.
        write_images: Whether to also write weights as images, with the
            histograms.
        write_steps_per_second: Whether to log training steps per second.
        update_freq: `"epoch"` (metrics once per epoch), `"batch"` (every
            batch) or an int `n` (every `n` batches, besides each epoch).
        profile_batch: Accepted for compatibility; profiling is not
            supported, so a non-zero value warns and is ignored.
        embeddings_freq: Frequency, in epochs, at which the weights are
            saved for the embedding projector (with one TSV file of each
            top-level embedding layer's vectors); 0 for never.
        embeddings_metadata: Metadata file for the embedding projector:
            one path for every embedding layer, or a dict mapping layer
            names to paths.

    Example:

    >>> import os, tempfile
    >>> log_dir = tempfile.mkdtemp()
    >>> callback = kerata.callbacks.TensorBoard(log_dir=log_dir)
    >>> callback.on_epoch_end(0, {"loss": 0.5, "val_loss": 0.75})
    >>> callback.on_train_end()
    >>> sorted(os.listdir(log_dir))
    ['train', 'validation']
    """

    def __init__(
        self,
        log_dir: str | os.PathLike = "logs",
        histogram_freq: int = 0,
        write_graph: bool = True,
        write_images: bool = False,
        write_steps_per_second: bool = False,
        update_freq: str | int = "epoch",
        profile_batch: Any = 0,
        embeddings_freq: int = 0,
        embeddings_metadata: str | dict | None = None,
    ) -> None:
        super().__init__()
        self.log_dir = os.fspath(log_dir)
        self.histogram_freq = utils.check_freq("histogram_freq", histogram_freq)
        self.write_graph = write_graph
        self.write_images = write_images
        self.write_steps_per_second = write_steps_per_second
        self.update_freq = utils.resolve_update_freq(update_freq)
        self.embeddings_freq = utils.check_freq(
            "embeddings_freq", embeddings_freq
        )
        self.embeddings_metadata = embeddings_metadata
        if utils.parse_profile_batch(profile_batch) != (0, 0):
            warnings.warn(
                "kerata's TensorBoard callback cannot profile (profiling "
                "needs TensorFlow's profiler). Received: "
                f"profile_batch={profile_batch!r}; it is ignored. Pass "
                "profile_batch=0 to silence this warning.",
                stacklevel=2,
            )
        # Batches between batch-level summaries; 0 for none.
        self._batch_freq = (
            0 if self.update_freq == "epoch" else self.update_freq
        )
        self._train_dir = os.path.join(self.log_dir, "train")
        self._val_dir = os.path.join(self.log_dir, "validation")
        self._writers: dict[str, SummaryWriter] = {}
        self._graph_pending = False
        self._in_fit = False
        self._global_train_batch = 0
        self._batch_start_time = 0.0
        self._epoch_start_time = 0.0
        self._epoch_start_iterations = 0

    # --- writers -----------------------------------------------------------
    def _writer(self, kind: str) -> SummaryWriter:
        writer = self._writers.get(kind)
        if writer is None:
            directory = self._train_dir if kind == "train" else self._val_dir
            writer = self._writers[kind] = SummaryWriter(directory)
        return writer

    def _flush_writers(self) -> None:
        for writer in self._writers.values():
            writer.flush()

    def _close_writers(self) -> None:
        for writer in self._writers.values():
            writer.close()
        self._writers = {}

    # --- hooks -------------------------------------------------------------
    def set_model(self, model: Any) -> None:
        super().set_model(model)
        self._close_writers()
        self._graph_pending = bool(self.write_graph)
        if self.embeddings_freq:
            self._configure_embeddings(model)

    def on_train_begin(self, logs: dict | None = None) -> None:
        self._in_fit = True
        self._global_train_batch = 0
        self._epoch_start_iterations = 0
        if self._graph_pending and getattr(self._model, "built", False):
            self._write_model_graph()

    def on_train_end(self, logs: dict | None = None) -> None:
        self._in_fit = False
        self._close_writers()

    def on_train_batch_begin(self, batch: int, logs: Any = None) -> None:
        self._global_train_batch += 1
        if self.write_steps_per_second:
            self._batch_start_time = time.time()

    def on_train_batch_end(self, batch: int, logs: Any = None) -> None:
        if self._graph_pending:
            self._write_model_graph()
        step = self._global_train_batch
        if not self._batch_freq or step % self._batch_freq:
            return
        values = {}
        if self.write_steps_per_second:
            elapsed = max(time.time() - self._batch_start_time, 1e-12)
            values["batch_steps_per_second"] = 1.0 / elapsed
        if isinstance(logs, Mapping):
            values.update(
                (f"batch_{name}", value)
                for name, value in _scalars(logs).items()
            )
        if values:
            self._writer("train").scalars(values, step=step)

    def on_test_end(self, logs: dict | None = None) -> None:
        iterations = self._optimizer_iterations(self.model)
        if iterations is None:
            return
        values = {
            f"evaluation_{name}_vs_iterations": value
            for name, value in _scalars(logs).items()
        }
        if values:
            writer = self._writer("validation")
            writer.scalars(values, step=iterations)
            writer.flush()
        if not self._in_fit and "validation" in self._writers:
            # `evaluate` has no end-of-run hook but this one.
            self._writers.pop("validation").close()

    def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
        if self.write_steps_per_second:
            self._epoch_start_time = time.time()
            self._epoch_start_iterations = self._steps_so_far(self.model)

    def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
        model = self.model
        if self._graph_pending:
            self._write_model_graph()
        self._log_epoch_metrics(model, epoch, logs)
        if self.histogram_freq and epoch % self.histogram_freq == 0:
            self._log_weights(model, epoch)
        if self.embeddings_freq and epoch % self.embeddings_freq == 0:
            self._log_embeddings(model, epoch)
        self._flush_writers()

    # --- epoch summaries ---------------------------------------------------
    def _log_epoch_metrics(self, model: Any, epoch: int, logs: Any) -> None:
        if not logs:
            return
        values = _scalars(logs)
        train = {k: v for k, v in values.items() if not k.startswith("val_")}
        val = {k[4:]: v for k, v in values.items() if k.startswith("val_")}
        train.update(self._learning_rates(model))
        if self.write_steps_per_second:
            elapsed = max(time.time() - self._epoch_start_time, 1e-12)
            steps = self._steps_so_far(model) - self._epoch_start_iterations
            train["steps_per_second"] = steps / elapsed
        for kind, metrics in (("train", train), ("validation", val)):
            if metrics:
                self._writer(kind).scalars(
                    {f"epoch_{k}": v for k, v in metrics.items()}, step=epoch
                )

    @staticmethod
    def _learning_rates(model: Any) -> dict:
        optimizer = getattr(model, "optimizer", None)
        # A loss-scale wrapper logs the rate of the optimizer it wraps.
        optimizer = getattr(optimizer, "inner_optimizer", optimizer)
        if optimizer is None:
            return {}
        if hasattr(optimizer, "optimizers"):
            return {
                f"learning_rate_{inner.name}": to_float(inner.learning_rate)
                for inner in optimizer.optimizers
            }
        if hasattr(optimizer, "learning_rate"):
            return {"learning_rate": to_float(optimizer.learning_rate)}
        return {}

    @staticmethod
    def _optimizer_iterations(model: Any) -> int | None:
        optimizer = getattr(model, "optimizer", None)
        iterations = getattr(optimizer, "iterations", None)
        if iterations is None:
            return None
        return int(ops.convert_to_numpy(iterations))

    def _steps_so_far(self, model: Any) -> int:
        iterations = self._optimizer_iterations(model)
        return self._global_train_batch if iterations is None else iterations

    def _log_weights(self, model: Any, epoch: int) -> None:
        writer = self._writer("train")
        channels_last = backend.image_data_format() == "channels_last"
        for layer in getattr(model, "layers", ()):
            for weight in layer.weights:
                name = weight.path.replace(":", "_")
                value = ops.convert_to_numpy(weight)
                # The suffixes keep the two tags of one weight apart.
                writer.histogram(f"{name}/histogram", value, step=epoch)
                if self.write_images:
                    image = utils.weight_as_image(value, channels_last)
                    if image is not None:
                        writer.image(f"{name}/image", image, step=epoch)

    # --- graph -------------------------------------------------------------
    def _write_model_graph(self) -> None:
        self._graph_pending = False
        model = self._model
        if model is None:
            return
        writer = self._writer("train")
        nodes = utils.model_graph_nodes(model)
        if nodes:
            writer.graph(nodes)
        # Keras writes the config of Functional and Sequential models only:
        # a subclassed model's config does not describe its layers.
        if type(model).__name__ in ("Functional", "Sequential"):
            try:
                config = model.to_json()
            except (TypeError, ValueError, NotImplementedError) as e:
                warnings.warn(
                    "TensorBoard: the model's config could not be written "
                    f"as JSON, so the conceptual graph is left out: {e}",
                    stacklevel=2,
                )
            else:
                writer.model_json("keras", config, step=0)
        writer.flush()

    # --- embeddings --------------------------------------------------------
    def _embedding_layers(self, model: Any) -> list:
        return [
            layer
            for layer in getattr(model, "layers", ())
            if getattr(layer, "embeddings", None) is not None
        ]

    def _configure_embeddings(self, model: Any) -> None:
        metadata = self.embeddings_metadata
        remaining = dict(metadata) if isinstance(metadata, dict) else {}
        lines = []
        for layer in self._embedding_layers(model):
            lines.append("embeddings {")
            lines.append(f"  tensor_name: {_quote(layer.embeddings.path)}")
            lines.append(f"  tensor_path: {_quote(self._tsv_name(layer))}")
            path = metadata if isinstance(metadata, str) else None
            path = remaining.pop(layer.name, path)
            if path is not None:
                lines.append(f"  metadata_path: {_quote(path)}")
            lines.append("}")
        if remaining:
            raise ValueError(
                "`embeddings_metadata` names layers that are not embedding "
                f"layers of the model: {sorted(remaining)}. Embedding layers: "
                f"{[layer.name for layer in self._embedding_layers(model)]}"
            )
        os.makedirs(self.log_dir, exist_ok=True)
        atomic_io.write_text(
            os.path.join(self.log_dir, "projector_config.pbtxt"),
            "\n".join(lines) + "\n",
        )

    @staticmethod
    def _tsv_name(layer: Any) -> str:
        return f"embeddings_{layer.name.replace('/', '_')}.tsv"

    def _log_embeddings(self, model: Any, epoch: int) -> None:
        os.makedirs(self._train_dir, exist_ok=True)
        # As Keras: the weights, for the projector of a TF-aware setup.
        model.save_weights(
            os.path.join(
                self._train_dir, f"keras_embedding.ckpt-{epoch}.weights.h5"
            )
        )
        # The TSV files the projector reads without any checkpoint.
        for layer in self._embedding_layers(model):
            vectors = ops.convert_to_numpy(layer.embeddings)
            text = "\n".join(
                "\t".join(repr(float(v)) for v in row) for row in vectors
            )
            atomic_io.write_text(
                os.path.join(self.log_dir, self._tsv_name(layer)), text + "\n"
            )
