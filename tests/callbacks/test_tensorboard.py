import json
import os
import sys

import numpy as np
import pytest

import kerata
from kerata import callbacks
from kerata import layers

event_accumulator = pytest.importorskip(
    "tensorboard.backend.event_processing.event_accumulator",
    reason="needs tensorboard to read event files back",
)


def _read(log_dir, run):
    accumulator = event_accumulator.EventAccumulator(
        os.path.join(str(log_dir), run),
        size_guidance={
            event_accumulator.SCALARS: 0,
            event_accumulator.HISTOGRAMS: 0,
            event_accumulator.TENSORS: 0,
        },
    )
    accumulator.Reload()
    return accumulator


def _scalars(accumulator, tag):
    return [(e.step, round(e.value, 6)) for e in accumulator.Scalars(tag)]


class _Optimizer:
    def __init__(self, learning_rate=0.01, iterations=7):
        self.learning_rate = learning_rate
        self.iterations = iterations


def _functional(name="d1"):
    inputs = kerata.Input((3,), name="x")
    left = layers.Dense(4, name=name)(inputs)
    right = layers.Dense(4, name="d2")(inputs)
    outputs = layers.Add(name="add")([left, right])
    return kerata.Model(inputs, outputs)


def test_epoch_scalars_go_to_train_and_validation(tmp_path):
    model = _functional()
    model.optimizer = _Optimizer(learning_rate=0.25)
    callback = callbacks.TensorBoard(tmp_path, write_graph=False)
    callback.set_model(model)
    callback.on_train_begin()
    for epoch in range(2):
        callback.on_epoch_begin(epoch)
        logs = {"loss": 1.0 / (epoch + 1), "acc": 0.5, "val_loss": 2.0}
        callback.on_epoch_end(epoch, logs)
    callback.on_train_end()
    assert "tensorflow" not in sys.modules
    train = _read(tmp_path, "train")
    assert sorted(train.Tags()["scalars"]) == [
        "epoch_acc",
        "epoch_learning_rate",
        "epoch_loss",
    ]
    assert _scalars(train, "epoch_loss") == [(0, 1.0), (1, 0.5)]
    assert _scalars(train, "epoch_learning_rate") == [(0, 0.25), (1, 0.25)]
    validation = _read(tmp_path, "validation")
    assert validation.Tags()["scalars"] == ["epoch_loss"]
    assert _scalars(validation, "epoch_loss") == [(0, 2.0), (1, 2.0)]


def test_batch_scalars_every_update_freq(tmp_path):
    callback = callbacks.TensorBoard(
        tmp_path, update_freq=2, write_graph=False, write_steps_per_second=True
    )
    callback.on_train_begin()
    for batch in range(5):
        callback.on_train_batch_begin(batch)
        callback.on_train_batch_end(batch, {"loss": float(batch)})
    callback.on_train_end()
    train = _read(tmp_path, "train")
    assert _scalars(train, "batch_loss") == [(2, 1.0), (4, 3.0)]
    steps = [e.step for e in train.Scalars("batch_steps_per_second")]
    assert steps == [2, 4]


def test_batch_scalars_not_written_per_epoch(tmp_path):
    callback = callbacks.TensorBoard(tmp_path, write_graph=False)
    assert callback.update_freq == "epoch"
    callback.on_train_begin()
    callback.on_train_batch_begin(0)
    callback.on_train_batch_end(0, {"loss": 1.0})
    callback.on_train_end()
    assert not os.path.exists(tmp_path / "train")


def test_evaluation_vs_iterations(tmp_path):
    model = _functional()
    model.optimizer = _Optimizer(iterations=12)
    callback = callbacks.TensorBoard(tmp_path, write_graph=False)
    callback.set_model(model)
    callback.on_test_begin()
    callback.on_test_end({"loss": 0.5, "mae": 0.25})
    # Outside `fit`, the file is closed at once.
    assert callback._writers == {}
    validation = _read(tmp_path, "validation")
    assert _scalars(validation, "evaluation_loss_vs_iterations") == [(12, 0.5)]
    assert _scalars(validation, "evaluation_mae_vs_iterations") == [(12, 0.25)]


def test_weight_histograms_and_images(tmp_path):
    model = _functional()
    kernel = np.arange(12, dtype="float32").reshape(3, 4)
    model.get_layer("d1").set_weights([kernel, np.zeros(4, "float32")])
    callback = callbacks.TensorBoard(
        tmp_path, histogram_freq=2, write_images=True, write_graph=False
    )
    callback.set_model(model)
    for epoch in range(3):
        callback.on_epoch_end(epoch, {"loss": 1.0})
    callback.on_train_end()
    train = _read(tmp_path, "train")
    assert sorted(train.Tags()["histograms"]) == [
        "d1/bias/histogram",
        "d1/kernel/histogram",
        "d2/bias/histogram",
        "d2/kernel/histogram",
    ]
    events = train.Histograms("d1/kernel/histogram")
    assert [e.step for e in events] == [0, 2]
    histogram = events[0].histogram_value
    counts, edges = np.histogram(kernel, bins=30)
    assert list(histogram.bucket) == counts.tolist()
    np.testing.assert_allclose(histogram.bucket_limit, edges[1:])
    assert (histogram.min, histogram.max, histogram.num) == (0, 11, 12)
    (image,) = [e for e in train.Tensors("d1/kernel/image") if e.step == 0]
    # A (3, 4) kernel is shown as one 3-high, 4-wide image.
    width, height = image.tensor_proto.string_val[:2]
    assert (width, height) == (b"4", b"3")


def test_functional_graph(tmp_path):
    from tensorboard.plugins.graph import keras_util

    model = _functional()
    callback = callbacks.TensorBoard(tmp_path)
    callback.set_model(model)
    callback.on_train_begin()
    callback.on_train_end()
    train = _read(tmp_path, "train")
    graph = train.Graph()
    edges = {node.name: (node.op, list(node.input)) for node in graph.node}
    assert edges == {
        "x": ("InputLayer", []),
        "d1": ("Dense", ["x"]),
        "d2": ("Dense", ["x"]),
        "add": ("Add", ["d1", "d2"]),
    }
    shapes = graph.node[1].attr["_output_shapes"].list.shape[0].dim
    assert [d.size for d in shapes] == [-1, 4]
    assert graph.node[1].attr["units"].i == 4
    (config,) = train.Tensors("keras")
    conceptual = keras_util.keras_model_to_graph_def(
        json.loads(config.tensor_proto.string_val[0])
    )
    names = [node.name.split("/")[-1] for node in conceptual.node]
    assert names == ["x", "d1", "d2", "add"]


def test_sequential_graph_written_once_built(tmp_path):
    model = kerata.Sequential(
        [layers.Dense(2, name="first"), layers.Dense(1, name="second")]
    )
    callback = callbacks.TensorBoard(tmp_path)
    callback.set_model(model)
    callback.on_train_begin()
    model.build((None, 3))
    callback.on_train_batch_end(0)
    callback.on_train_end()
    graph = _read(tmp_path, "train").Graph()
    edges = [(node.name, list(node.input)) for node in graph.node]
    assert edges[1:] == [("first", [edges[0][0]]), ("second", ["first"])]


def test_embeddings_projector_files(tmp_path):
    inputs = kerata.Input((2,), dtype="int32", name="ids")
    embedded = layers.Embedding(5, 3, name="emb")(inputs)
    model = kerata.Model(inputs, embedded)
    callback = callbacks.TensorBoard(
        tmp_path,
        write_graph=False,
        embeddings_freq=1,
        embeddings_metadata={"emb": 'dir/"labels".tsv'},
    )
    callback.set_model(model)
    callback.on_epoch_end(0, {"loss": 1.0})
    callback.on_train_end()
    with open(tmp_path / "projector_config.pbtxt") as f:
        config = f.read()
    assert 'tensor_name: "emb/embeddings"' in config
    assert 'metadata_path: "dir/\\"labels\\".tsv"' in config
    assert 'tensor_path: "embeddings_emb.tsv"' in config
    text_format = pytest.importorskip("google.protobuf.text_format")
    from tensorboard.plugins.projector import projector_config_pb2

    parsed = text_format.Parse(config, projector_config_pb2.ProjectorConfig())
    (embedding,) = parsed.embeddings
    assert embedding.metadata_path == 'dir/"labels".tsv'
    vectors = np.loadtxt(tmp_path / "embeddings_emb.tsv", delimiter="\t")
    np.testing.assert_allclose(
        vectors, kerata.ops.convert_to_numpy(model.get_layer("emb").embeddings)
    )
    assert os.path.exists(
        tmp_path / "train" / "keras_embedding.ckpt-0.weights.h5"
    )
    with pytest.raises(ValueError, match="not embedding layers"):
        callbacks.TensorBoard(
            tmp_path, embeddings_freq=1, embeddings_metadata={"nope": "a"}
        ).set_model(model)


def test_arguments_are_checked():
    with pytest.warns(UserWarning, match="cannot profile"):
        callbacks.TensorBoard(profile_batch=(2, 4))
    with pytest.warns(UserWarning, match="cannot profile"):
        callbacks.TensorBoard(profile_batch="3")
    with pytest.raises(ValueError, match="profile_batch"):
        callbacks.TensorBoard(profile_batch=(4, 2))
    with pytest.raises(ValueError, match="update_freq"):
        callbacks.TensorBoard(update_freq=0)
    with pytest.raises(ValueError, match="histogram_freq"):
        callbacks.TensorBoard(histogram_freq=-1)
    assert callbacks.TensorBoard(update_freq="batch").update_freq == 1


@pytest.mark.requires_trainable_backend
def test_fit_writes_everything_without_tensorflow(tmp_path):
    model = kerata.Sequential([kerata.Input((3,)), layers.Dense(1, name="out")])
    model.compile(optimizer=kerata.optimizers.SGD(0.125), loss="mse")
    x = np.ones((4, 3), dtype="float32")
    y = np.zeros((4, 1), dtype="float32")
    callback = callbacks.TensorBoard(
        tmp_path, histogram_freq=1, update_freq="batch"
    )
    history = model.fit(
        x,
        y,
        batch_size=2,
        epochs=2,
        validation_data=(x, y),
        callbacks=[callback],
        verbose=0,
    )
    assert "tensorflow" not in sys.modules
    train = _read(tmp_path, "train")
    losses = [round(v, 5) for v in history.history["loss"]]
    assert [round(e.value, 5) for e in train.Scalars("epoch_loss")] == losses
    assert _scalars(train, "epoch_learning_rate") == [(0, 0.125), (1, 0.125)]
    assert [e.step for e in train.Scalars("batch_loss")] == [1, 2, 3, 4]
    assert [e.step for e in train.Histograms("out/kernel/histogram")] == [0, 1]
    assert [node.name for node in train.Graph().node][1:] == ["out"]
    validation = _read(tmp_path, "validation")
    val_losses = [round(v, 5) for v in history.history["val_loss"]]
    got = [round(e.value, 5) for e in validation.Scalars("epoch_loss")]
    assert got == val_losses
    iterations = validation.Scalars("evaluation_loss_vs_iterations")
    assert [e.step for e in iterations] == [2, 4]
