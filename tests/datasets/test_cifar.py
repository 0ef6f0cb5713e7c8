import io
import pickle
import pickletools
import tarfile

import numpy as np
import pytest

from kerata import config
from kerata import datasets


class _Gadget:
    def __reduce__(self):
        return (print, ("pwned",))


def _batch(labels, key=b"labels", seed=0, **extra):
    rng = np.random.default_rng(seed)
    data = rng.integers(0, 256, (len(labels), 3072), dtype="uint8")
    batch = {b"batch_label": b"tiny", key: list(labels), b"data": data}
    batch.update(extra)
    return _as_python2_pickle(pickle.dumps(batch, protocol=3)), data


def _as_python2_pickle(data):
    """Rewrites a protocol-3 pickle the way Python 2's cPickle wrote the
    official batches: protocol 2, byte strings as (py2) `str` opcodes."""
    out = bytearray(data)
    out[1] = 2
    py2_opcodes = {"SHORT_BINBYTES": b"U", "BINBYTES": b"T"}
    for opcode, _, pos in pickletools.genops(data):
        if opcode.name in py2_opcodes:
            out[pos] = py2_opcodes[opcode.name][0]
    return bytes(out)


def _tar_gz(folder, members):
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        for name, data in members.items():
            info = tarfile.TarInfo(f"{folder}/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return buffer.getvalue()


def _cifar10_archive():
    members, images, labels = {}, [], []
    names = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]
    for i, name in enumerate(names):
        batch_labels = [i % 10, (i + 3) % 10]
        members[name], data = _batch(batch_labels, seed=i)
        images.append(data)
        labels.append(batch_labels)
    return _tar_gz("cifar-10-batches-py", members), images, labels


def test_cifar10_downloads_extracts_and_decodes(mirror):
    archive, images, labels = _cifar10_archive()
    mirror.add("cifar-10-python.tar.gz", archive)
    (x_train, y_train), (x_test, y_test) = datasets.cifar10.load_data()
    assert x_train.shape == (10, 32, 32, 3)
    assert x_train.dtype == np.uint8
    assert y_train.shape == (10, 1)
    assert y_train.dtype == np.uint8
    assert x_test.shape == (2, 32, 32, 3)
    assert y_test.dtype == np.uint8
    # Rows are channel-major (1024 red, 1024 green, 1024 blue values).
    expected = images[0].reshape(2, 3, 32, 32).transpose(0, 2, 3, 1)
    np.testing.assert_array_equal(x_train[:2], expected)
    assert y_train.ravel().tolist() == sum(labels[:5], [])
    assert y_test.ravel().tolist() == labels[5]
    extracted = mirror.home / "datasets" / "cifar-10-batches-py-target"
    assert (extracted / "cifar-10-batches-py" / "test_batch").is_file()
    datasets.cifar10.load_data()
    assert mirror.server.requests == ["cifar-10-python.tar.gz"]


@pytest.fixture
def channels_first():
    previous = config.image_data_format()
    config.set_image_data_format("channels_first")
    yield
    config.set_image_data_format(previous)


def test_cifar10_channels_first(tmp_path, channels_first):
    names = [f"data_batch_{i}" for i in range(1, 6)] + ["test_batch"]
    for name in names:
        (tmp_path / name).write_bytes(_batch([1])[0])
    (x_train, _), _ = datasets.cifar10.load_data(path=tmp_path)
    assert x_train.shape == (5, 3, 32, 32)


@pytest.mark.parametrize(
    ("label_mode", "expected"), [("fine", [42, 7]), ("coarse", [3, 1])]
)
def test_cifar100_label_modes(mirror, label_mode, expected):
    members = {}
    for name in ("train", "test"):
        members[name], _ = _batch(
            [42, 7], key=b"fine_labels", coarse_labels=[3, 1]
        )
    mirror.add("cifar-100-python.tar.gz", _tar_gz("cifar-100-python", members))
    (x_train, y_train), (_, y_test) = datasets.cifar100.load_data(label_mode)
    assert x_train.shape == (2, 32, 32, 3)
    assert x_train.dtype == np.uint8
    assert y_train.shape == (2, 1)
    assert y_train.dtype == np.int64
    assert y_test.ravel().tolist() == expected


def test_cifar100_rejects_unknown_label_mode():
    with pytest.raises(ValueError, match="label_mode"):
        datasets.cifar100.load_data("medium")


def test_pickled_code_is_refused(tmp_path, capsys):
    for name in ("train", "test"):
        data, _ = _batch([1], key=b"fine_labels", coarse_labels=_Gadget())
        (tmp_path / name).write_bytes(data)
    with pytest.raises(pickle.UnpicklingError, match="builtins.print"):
        datasets.cifar100.load_data(path=tmp_path)
    assert "pwned" not in capsys.readouterr().out


def test_local_path_must_be_a_folder(tmp_path):
    with pytest.raises(FileNotFoundError, match="folder"):
        datasets.cifar10.load_data(path=tmp_path / "absent")
