import os
import re
import struct
import zlib

import numpy as np
import pytest

from kerata import utils
from kerata.src.utils.tensorboard import crc
from kerata.src.utils.tensorboard import protobuf
from kerata.src.utils.tensorboard import records
from kerata.src.utils.tensorboard.png import encode_png


def _accumulator(log_dir):
    event_accumulator = pytest.importorskip(
        "tensorboard.backend.event_processing.event_accumulator",
        reason="needs tensorboard to read event files back",
    )
    accumulator = event_accumulator.EventAccumulator(
        str(log_dir),
        size_guidance={
            event_accumulator.SCALARS: 0,
            event_accumulator.HISTOGRAMS: 0,
            event_accumulator.TENSORS: 0,
        },
    )
    accumulator.Reload()
    return accumulator


def _decode_png(data):
    # Enough of a PNG decoder for the encoder's output (filter 0 only).
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    offset, chunks = 8, {}
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        kind = data[offset + 4 : offset + 8]
        body = data[offset + 8 : offset + 8 + length]
        (stored_crc,) = struct.unpack(
            ">I", data[offset + 8 + length : offset + 12 + length]
        )
        assert stored_crc == zlib.crc32(kind + body)
        chunks[kind] = chunks.get(kind, b"") + body
        offset += 12 + length
    width, height, depth, color = struct.unpack(">IIBB", chunks[b"IHDR"][:10])
    channels = {0: 1, 2: 3, 6: 4}[color]
    raw = np.frombuffer(zlib.decompress(chunks[b"IDAT"]), dtype="uint8")
    rows = raw.reshape(height, 1 + width * channels)
    assert depth == 8
    assert (rows[:, 0] == 0).all()
    return rows[:, 1:].reshape(height, width, channels)


# --- CRC32C and framing -------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # RFC 3720 (iSCSI), appendix B.4, and the classic check value.
        (b"", 0x00000000),
        (b"123456789", 0xE3069283),
        (bytes(32), 0x8A9136AA),
        (b"\xff" * 32, 0x62A8AB43),
        (bytes(range(32)), 0x46DD794E),
        (bytes(range(31, -1, -1)), 0x113FDB5C),
    ],
)
def test_crc32c_matches_known_vectors(data, expected):
    assert crc._crc32c_python(data) == expected
    assert crc.crc32c(data) == expected


def test_masked_crc32c_by_hand():
    value = 0xE3069283
    rotated = ((value >> 15) | (value << 17)) & 0xFFFFFFFF
    expected = (rotated + 0xA282EAD8) & 0xFFFFFFFF
    assert crc.masked_crc32c(b"123456789") == expected


def test_masked_crc32c_matches_tensorboard():
    stub = pytest.importorskip(
        "tensorboard.compat.tensorflow_stub.pywrap_tensorflow",
        reason="needs tensorboard",
    )
    data = bytes(range(256)) * 3
    assert crc.masked_crc32c(data) == stub.masked_crc32c(data)


def test_records_round_trip_and_detect_corruption():
    framed = records.frame_record(b"abc") + records.frame_record(b"")
    assert len(framed) == 8 + 4 + 3 + 4 + 8 + 4 + 0 + 4
    assert framed[:8] == struct.pack("<Q", 3)
    assert records.read_records(framed) == [b"abc", b""]
    corrupted = bytearray(framed)
    corrupted[13] ^= 1
    with pytest.raises(ValueError, match="checksum"):
        records.read_records(bytes(corrupted))
    with pytest.raises(ValueError, match="Truncated"):
        records.read_records(framed[:-1])


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (0, b"\x00"),
        (1, b"\x01"),
        (300, b"\xac\x02"),
        (-1, b"\xff" * 9 + b"\x01"),
    ],
)
def test_varint(value, expected):
    assert protobuf.varint(value) == expected


# --- PNG ----------------------------------------------------------------


@pytest.mark.parametrize("channels", [1, 3, 4])
def test_encode_png_round_trips(channels):
    image = np.arange(2 * 5 * channels, dtype="uint8").reshape(2, 5, channels)
    np.testing.assert_array_equal(_decode_png(encode_png(image)), image)


def test_encode_png_rejects_bad_shapes():
    with pytest.raises(ValueError, match="channels"):
        encode_png(np.zeros((2, 2, 2), dtype="uint8"))


# --- SummaryWriter ------------------------------------------------------


def test_file_name_and_first_event(tmp_path):
    with utils.SummaryWriter(tmp_path / "run") as writer:
        pass
    name = os.path.basename(writer.path)
    pattern = r"events\.out\.tfevents\.\d{10}\.[^/]+\.(\d+)\.\d+\.v2"
    match = re.fullmatch(pattern, name)
    assert match is not None, name
    assert int(match.group(1)) == os.getpid()
    with open(writer.path, "rb") as f:
        (first,) = records.read_records(f.read())
    # Event.file_version is field 3, a string.
    assert first.endswith(protobuf.string_field(3, "brain.Event:2"))


def test_two_writers_get_two_files(tmp_path):
    with utils.SummaryWriter(tmp_path) as first:
        with utils.SummaryWriter(tmp_path) as second:
            assert first.path != second.path
    assert len(os.listdir(tmp_path)) == 2


def test_scalars_read_back_by_tensorboard(tmp_path):
    with utils.SummaryWriter(tmp_path) as writer:
        writer.scalar("loss", 0.5, step=0)
        writer.scalar("loss", np.float32(0.0), step=1)
        writer.scalars({"loss": 0.25, "acc": 1}, step=7)
    accumulator = _accumulator(tmp_path)
    assert sorted(accumulator.Tags()["scalars"]) == ["acc", "loss"]
    loss = accumulator.Scalars("loss")
    assert [(e.step, e.value) for e in loss] == [(0, 0.5), (1, 0.0), (7, 0.25)]
    assert [(e.step, e.value) for e in accumulator.Scalars("acc")] == [(7, 1)]


def test_tensorboard_reader_checks_the_crc(tmp_path):
    stub = pytest.importorskip(
        "tensorboard.compat.tensorflow_stub.pywrap_tensorflow",
        reason="needs tensorboard",
    )
    errors = pytest.importorskip("tensorboard.compat.tensorflow_stub.errors")
    with utils.SummaryWriter(tmp_path) as writer:
        writer.scalar("loss", 0.5, step=3)
    reader = stub.PyRecordReader_New(writer.path)
    for _ in range(2):
        reader.GetNext()
    with pytest.raises(errors.OutOfRangeError):
        reader.GetNext()
    reader.file_handle.close()
    with open(writer.path, "rb") as f:
        data = bytearray(f.read())
    data[-6] ^= 0xFF
    with open(writer.path, "wb") as f:
        f.write(data)
    reader = stub.PyRecordReader_New(writer.path)
    reader.GetNext()
    with pytest.raises(errors.DataLossError):
        reader.GetNext()
    reader.file_handle.close()


def test_histogram_buckets_match_numpy(tmp_path):
    values = np.array([-1.0, 0.0, 0.5, 0.5, 2.0, 3.0, np.nan])
    with utils.SummaryWriter(tmp_path) as writer:
        writer.histogram("w", values, step=2, buckets=4)
        writer.histogram("constant", np.ones((2, 3)), step=0)
    accumulator = _accumulator(tmp_path)
    (event,) = accumulator.Histograms("w")
    histogram = event.histogram_value
    finite = values[np.isfinite(values)]
    counts, edges = np.histogram(finite, bins=4)
    assert event.step == 2
    assert histogram.min == -1.0
    assert histogram.max == 3.0
    assert histogram.num == 6
    assert histogram.sum == pytest.approx(finite.sum())
    assert histogram.sum_squares == pytest.approx((finite**2).sum())
    np.testing.assert_allclose(histogram.bucket_limit, edges[1:])
    assert list(histogram.bucket) == counts.tolist()
    (constant,) = accumulator.Histograms("constant")
    assert sum(constant.histogram_value.bucket) == 6
    assert constant.histogram_value.min == constant.histogram_value.max == 1


def test_images_text_and_model_json(tmp_path):
    images = np.zeros((4, 2, 3, 1), dtype="float32")
    images[1, 0, 0, 0] = 1.0
    with utils.SummaryWriter(tmp_path) as writer:
        writer.image("weights", images, step=1, max_outputs=2)
        writer.text("notes", "hello *world*", step=0)
        writer.model_json("keras", '{"class_name": "Sequential"}')
    accumulator = _accumulator(tmp_path)
    (event,) = accumulator.Tensors("weights")
    width, height, *pngs = event.tensor_proto.string_val
    assert (width, height) == (b"3", b"2")
    assert len(pngs) == 2
    np.testing.assert_array_equal(
        _decode_png(pngs[1])[..., 0], [[255, 0, 0], [0, 0, 0]]
    )
    metadata = accumulator.SummaryMetadata("weights")
    assert metadata.plugin_data.plugin_name == "images"
    (text,) = accumulator.Tensors("notes")
    assert text.tensor_proto.string_val == [b"hello *world*"]
    assert (
        accumulator.SummaryMetadata("notes").plugin_data.plugin_name == "text"
    )
    keras_metadata = accumulator.SummaryMetadata("keras")
    assert keras_metadata.plugin_data.plugin_name == "graph_keras_model"
    assert keras_metadata.plugin_data.content == b"1"


def test_graph_loads(tmp_path):
    nodes = [
        {"name": "x", "op": "InputLayer", "output_shapes": [(None, 3)]},
        {
            "name": "block/dense",
            "op": "Dense",
            "inputs": ["x"],
            "attrs": {"units": 4, "use_bias": True, "rate": 0.5, "act": "relu"},
        },
    ]
    with utils.SummaryWriter(tmp_path) as writer:
        writer.graph(nodes)
    graph = _accumulator(tmp_path).Graph()
    assert [(n.name, n.op, list(n.input)) for n in graph.node] == [
        ("x", "InputLayer", []),
        ("block/dense", "Dense", ["x"]),
    ]
    dims = graph.node[0].attr["_output_shapes"].list.shape[0].dim
    assert [d.size for d in dims] == [-1, 3]
    attrs = graph.node[1].attr
    assert attrs["units"].i == 4
    assert attrs["use_bias"].b is True
    assert attrs["rate"].f == 0.5
    assert attrs["act"].s == b"relu"


def test_writer_errors(tmp_path):
    writer = utils.SummaryWriter(tmp_path)
    with pytest.raises(ValueError, match="tag"):
        writer.scalar("", 1.0)
    with pytest.raises(TypeError, match="step"):
        writer.scalar("a", 1.0, step=1.5)
    with pytest.raises(ValueError, match="channels"):
        writer.image("a", np.zeros((2, 2)))
    with pytest.raises(ValueError, match="buckets"):
        writer.histogram("a", [1.0], buckets=0)
    with pytest.raises(ValueError, match="'name' and 'op'"):
        writer.graph([{"name": "x"}])
    writer.close()
    writer.close()
    assert writer.closed
    with pytest.raises(ValueError, match="closed"):
        writer.scalar("a", 1.0)
    with pytest.raises(TypeError, match="log_dir"):
        utils.SummaryWriter(3)


def test_tensorboard_ui_loader_sees_every_plugin(tmp_path):
    # The loader behind TensorBoard's dashboards migrates legacy values
    # (simple_value, HistogramProto, GraphDef) to its tensor format.
    plugin_accumulator = pytest.importorskip(
        "tensorboard.backend.event_processing.plugin_event_accumulator",
        reason="needs tensorboard",
    )
    with utils.SummaryWriter(tmp_path) as writer:
        writer.scalar("loss", 0.5, step=1)
        writer.histogram("weights", np.arange(10.0), step=1)
        writer.image("picture", np.ones((1, 2, 2, 3)), step=1)
        writer.text("notes", "hi")
        writer.model_json("keras", "{}")
        writer.graph([{"name": "x", "op": "InputLayer"}])
    accumulator = plugin_accumulator.EventAccumulator(
        str(tmp_path), size_guidance={"tensors": 0}
    )
    accumulator.Reload()
    expected = {
        "scalars": "loss",
        "histograms": "weights",
        "images": "picture",
        "text": "notes",
        "graph_keras_model": "keras",
    }
    for plugin, tag in expected.items():
        assert list(accumulator.PluginTagToContent(plugin)) == [tag]
    (loss,) = accumulator.Tensors("loss")
    assert (loss.step, list(loss.tensor_proto.float_val)) == (1, [0.5])
    (histogram,) = accumulator.Tensors("weights")
    dims = [d.size for d in histogram.tensor_proto.tensor_shape.dim]
    assert dims == [30, 3]
    assert [node.name for node in accumulator.Graph().node] == ["x"]
