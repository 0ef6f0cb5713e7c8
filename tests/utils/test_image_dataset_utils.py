import os

import numpy as np
import pytest

import kerata
from kerata.src import ops
from kerata.src.testing import assert_allclose
from kerata.src.utils import image_dataset_utils

Image = pytest.importorskip("PIL.Image", reason="needs Pillow")

CLASSES = ("bird", "cat", "dog")


def _image(seed, height=10, width=12, channels=3):
    rng = np.random.default_rng(seed)
    shape = (height, width) if channels == 1 else (height, width, channels)
    return rng.integers(0, 256, size=shape, dtype="uint8")


def _write_tree(root, per_class=4, size=(10, 12)):
    """Writes PNG and JPEG files under one folder per class; returns the
    PNG pixels by path."""
    pixels = {}
    for label, name in enumerate(CLASSES):
        folder = root / name
        folder.mkdir(parents=True)
        for i in range(per_class):
            array = _image(label * 100 + i, *size)
            extension = "jpg" if i == per_class - 1 else "png"
            path = folder / f"{i}.{extension}"
            Image.fromarray(array).save(path)
            if extension == "png":
                pixels[str(path)] = array
    (root / "cat" / "notes.txt").write_text("not an image")
    return pixels


def test_labels_inferred_in_sorted_order(tmp_path, capsys):
    pixels = _write_tree(tmp_path)
    data = kerata.utils.image_dataset_from_directory(
        tmp_path, image_size=(10, 12), batch_size=5, shuffle=False
    )
    assert "Found 12 files belonging to 3 classes." in capsys.readouterr().out
    assert data.class_names == list(CLASSES)
    assert len(data) == 3
    images, labels = data[0]
    assert images.shape == (5, 10, 12, 3)
    assert images.dtype == np.float32
    assert labels.dtype == np.int32
    assert labels.tolist() == [0, 0, 0, 0, 1]
    # Same size: the decoded pixels come back untouched.
    first = data.file_paths[0]
    assert_allclose(images[0], pixels[first].astype("float32"))


@pytest.mark.parametrize(
    ("label_mode", "shape", "dtype"),
    [("categorical", (12, 3), "float32"), ("int", (12,), "int32")],
)
def test_label_modes(tmp_path, label_mode, shape, dtype):
    _write_tree(tmp_path)
    data = kerata.utils.image_dataset_from_directory(
        tmp_path,
        label_mode=label_mode,
        image_size=(4, 4),
        batch_size=None,
        shuffle=False,
        verbose=False,
    )
    labels = np.stack([y for _, y in data])
    assert labels.shape == shape
    assert labels.dtype == dtype


def test_binary_labels_and_class_names_subset(tmp_path):
    _write_tree(tmp_path)
    data = kerata.utils.image_dataset_from_directory(
        tmp_path,
        label_mode="binary",
        class_names=["dog", "cat"],
        image_size=(4, 4),
        batch_size=16,
        shuffle=False,
        verbose=False,
    )
    _, labels = data[0]
    assert labels.shape == (8, 1)
    assert labels.dtype == np.float32
    assert labels[:, 0].tolist() == [0.0] * 4 + [1.0] * 4


def test_no_labels_and_explicit_labels(tmp_path):
    _write_tree(tmp_path)
    unlabeled = kerata.utils.image_dataset_from_directory(
        tmp_path,
        labels=None,
        image_size=(4, 4),
        batch_size=12,
        shuffle=False,
        verbose=False,
    )
    assert unlabeled[0].shape == (12, 4, 4, 3)
    assert unlabeled.class_names is None
    given = list(range(12))[::-1]
    labeled = kerata.utils.image_dataset_from_directory(
        tmp_path,
        labels=given,
        image_size=(4, 4),
        batch_size=12,
        shuffle=False,
        verbose=False,
    )
    assert labeled[0][1].tolist() == given
    assert labeled.class_names == [str(i) for i in range(12)]


def test_color_modes_and_channels_first(tmp_path):
    _write_tree(tmp_path)
    options = {"image_size": (6, 5), "batch_size": 2, "verbose": False}
    gray = kerata.utils.image_dataset_from_directory(
        tmp_path, color_mode="grayscale", **options
    )
    assert gray[0][0].shape == (2, 6, 5, 1)
    rgba = kerata.utils.image_dataset_from_directory(
        tmp_path, color_mode="rgba", data_format="channels_first", **options
    )
    assert rgba[0][0].shape == (2, 4, 6, 5)


@pytest.mark.parametrize(
    ("interpolation", "size"), [("bilinear", (5, 6)), ("nearest", (16, 9))]
)
@pytest.mark.parametrize("batched", [False, True])
def test_numpy_resize_matches_ops_resize(interpolation, size, batched):
    x = _image(0, 10, 12).astype("float32")
    if batched:
        x = np.stack([x, x[::-1]])
    expected = ops.image.resize(
        x, size, interpolation=interpolation, data_format="channels_last"
    )
    out = image_dataset_utils.resize_image(x, size, interpolation)
    assert_allclose(out, expected, atol=1e-3)


def test_crop_and_pad_to_aspect_ratio(tmp_path):
    folder = tmp_path / "only"
    folder.mkdir()
    pixels = _image(1, 4, 8)
    Image.fromarray(pixels).save(folder / "wide.png")
    options = {"image_size": (4, 4), "verbose": False, "batch_size": 1}
    options["interpolation"] = "nearest"
    cropped = kerata.utils.image_dataset_from_directory(
        tmp_path, crop_to_aspect_ratio=True, **options
    )[0][0][0]
    assert cropped.tolist() == pixels[:, 2:6].astype("float32").tolist()
    padded = kerata.utils.image_dataset_from_directory(
        tmp_path, pad_to_aspect_ratio=True, **options
    )[0][0][0]
    # 4x8 padded to 8x8 (2 zero rows above and below), then halved.
    assert padded[0].tolist() == [[0.0] * 3] * 4
    assert padded[1].tolist() == pixels[1, 1::2].astype("float32").tolist()


def test_other_interpolation_goes_through_ops(tmp_path):
    _write_tree(tmp_path, per_class=1)
    data = kerata.utils.image_dataset_from_directory(
        tmp_path, image_size=(5, 5), interpolation="bicubic", verbose=False
    )
    assert data[0][0].shape == (3, 5, 5, 3)


def test_validation_split_subsets_are_disjoint_and_seeded(tmp_path, capsys):
    _write_tree(tmp_path)
    options = {"validation_split": 0.25, "seed": 3, "image_size": (4, 4)}
    train, val = kerata.utils.image_dataset_from_directory(
        tmp_path, subset="both", **options
    )
    out = capsys.readouterr().out
    assert "Using 9 files for training." in out
    assert "Using 3 files for validation." in out
    assert set(train.file_paths).isdisjoint(val.file_paths)
    assert len(train.file_paths) + len(val.file_paths) == 12
    again = kerata.utils.image_dataset_from_directory(
        tmp_path, subset="validation", verbose=False, **options
    )
    assert again.file_paths == val.file_paths
    assert val._shuffle is False
    assert train._shuffle is True


def test_shuffle_reproducible_from_seed(tmp_path):
    _write_tree(tmp_path)

    def labels(seed):
        data = kerata.utils.image_dataset_from_directory(
            tmp_path,
            image_size=(2, 2),
            batch_size=4,
            seed=seed,
            verbose=False,
        )
        return [np.concatenate([y for _, y in data]).tolist() for _ in "ab"]

    first = labels(5)
    assert first == labels(5)
    assert first[0] != first[1]
    assert sorted(first[0]) == [0] * 4 + [1] * 4 + [2] * 4


def test_parallel_workers_give_the_same_batches(tmp_path):
    _write_tree(tmp_path)
    data = kerata.utils.image_dataset_from_directory(
        tmp_path,
        image_size=(4, 4),
        batch_size=5,
        shuffle=False,
        verbose=False,
    )
    expected = [b[0] for b in data]
    data.workers = 3
    adapter = kerata.src.trainers.data_adapters.get_data_adapter(data)
    got = [ops.convert_to_numpy(b[0]) for b in adapter.get_batches()]
    assert all(np.array_equal(a, b) for a, b in zip(expected, got))


@pytest.mark.requires_trainable_backend
def test_fit_on_image_dataset(tmp_path):
    _write_tree(tmp_path)
    data = kerata.utils.image_dataset_from_directory(
        tmp_path, image_size=(4, 4), batch_size=6, seed=0, verbose=False
    )
    model = kerata.Sequential(
        [
            kerata.Input((4, 4, 3)),
            kerata.layers.Rescaling(1 / 255),
            kerata.layers.Flatten(),
            kerata.layers.Dense(3),
        ]
    )
    model.compile(
        optimizer="sgd",
        loss=kerata.losses.SparseCategoricalCrossentropy(from_logits=True),
    )
    history = model.fit(data, epochs=1, verbose=0)
    assert np.isfinite(history.history["loss"][0])


def test_predict_on_image_dataset(tmp_path):
    _write_tree(tmp_path)
    data = kerata.utils.image_dataset_from_directory(
        tmp_path, labels=None, image_size=(4, 4), batch_size=6, verbose=False
    )
    model = kerata.Sequential(
        [kerata.Input((4, 4, 3)), kerata.layers.Flatten()]
    )
    assert model.predict(data, verbose=0).shape == (12, 48)


def test_supported_extensions(tmp_path):
    folder = tmp_path / "mixed"
    folder.mkdir()
    pixels = _image(2, 6, 6)
    for name in ("a.bmp", "b.gif", "c.jpeg", "d.JPG", "e.png"):
        Image.fromarray(pixels).save(folder / name)
    Image.fromarray(pixels).save(folder / "f.tiff")
    data = kerata.utils.image_dataset_from_directory(
        tmp_path, image_size=(6, 6), shuffle=False, verbose=False
    )
    names = [os.path.basename(path) for path in data.file_paths]
    assert names == ["a.bmp", "b.gif", "c.jpeg", "d.JPG", "e.png"]
    images, _ = data[0]
    assert images.shape == (5, 6, 6, 3)
    assert images[0].tolist() == pixels.astype("float32").tolist()


def test_bad_directories(tmp_path):
    with pytest.raises(FileNotFoundError, match="missing"):
        kerata.utils.image_dataset_from_directory(tmp_path / "missing")
    with pytest.raises(ValueError, match="No images found"):
        kerata.utils.image_dataset_from_directory(tmp_path, verbose=False)
    (tmp_path / "text").mkdir()
    (tmp_path / "text" / "a.txt").write_text("x")
    with pytest.raises(ValueError, match="No images found"):
        kerata.utils.image_dataset_from_directory(tmp_path, verbose=False)


def test_corrupt_image_error_names_the_file(tmp_path):
    _write_tree(tmp_path, per_class=1)
    (tmp_path / "cat" / "zz_broken.png").write_bytes(b"\x89PNG garbage")
    data = kerata.utils.image_dataset_from_directory(
        tmp_path, image_size=(4, 4), shuffle=False, verbose=False
    )
    with pytest.raises(ValueError, match="zz_broken.png"):
        data[0]


@pytest.mark.parametrize(
    ("kwargs", "match"),
    [
        ({"labels": [0, 1]}, "2 entries, but 12 files"),
        ({"labels": "folders"}, "labels"),
        ({"label_mode": "sparse"}, "label_mode"),
        ({"color_mode": "cmyk"}, "color_mode"),
        ({"interpolation": "cubic"}, "interpolation"),
        ({"image_size": (4,)}, "image_size"),
        ({"validation_split": 0.2}, "subset"),
        ({"validation_split": 0.2, "subset": "training"}, "seed"),
        ({"subset": "test", "validation_split": 0.2, "seed": 1}, "subset"),
        ({"label_mode": "binary"}, "exactly 2 classes"),
        ({"class_names": ["cow"]}, "class_names"),
        ({"labels": [0] * 12, "class_names": ["a"]}, "class_names"),
        ({"crop_to_aspect_ratio": True, "pad_to_aspect_ratio": True}, "one"),
        ({"format": "torch"}, "format"),
    ],
)
def test_argument_errors(tmp_path, kwargs, match):
    _write_tree(tmp_path)
    with pytest.raises(ValueError, match=match):
        kerata.utils.image_dataset_from_directory(
            tmp_path, verbose=False, **kwargs
        )
