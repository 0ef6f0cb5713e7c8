import numpy as np
import pytest

import kerata


def _write_texts(root, per_class=3):
    texts = {}
    for name in ("neg", "pos"):
        folder = root / name
        folder.mkdir(parents=True)
        for i in range(per_class):
            text = f"{name} review number {i} é"
            (folder / f"{i}.txt").write_text(text, encoding="utf-8")
            texts[str(folder / f"{i}.txt")] = text
    (root / "pos" / "skip.md").write_text("ignored")
    return texts


def test_texts_and_labels_in_sorted_order(tmp_path, capsys):
    texts = _write_texts(tmp_path)
    data = kerata.utils.text_dataset_from_directory(
        tmp_path, batch_size=4, shuffle=False
    )
    assert "Found 6 files belonging to 2 classes." in capsys.readouterr().out
    batches = list(data)
    assert [len(b[0]) for b in batches] == [4, 2]
    strings = [s for b in batches for s in b[0].tolist()]
    assert strings == [texts[p] for p in data.file_paths]
    labels = np.concatenate([b[1] for b in batches])
    assert labels.tolist() == [0, 0, 0, 1, 1, 1]


def test_max_length_label_modes_and_no_labels(tmp_path):
    _write_texts(tmp_path)
    options = {"shuffle": False, "verbose": False}
    short = kerata.utils.text_dataset_from_directory(
        tmp_path,
        max_length=3,
        label_mode="binary",
        batch_size=None,
        **options,
    )
    text, label = short[0]
    assert text == "neg"
    assert label.tolist() == [0.0]
    categorical = kerata.utils.text_dataset_from_directory(
        tmp_path, label_mode="categorical", **options
    )
    assert categorical[0][1].shape == (6, 2)
    unlabeled = kerata.utils.text_dataset_from_directory(
        tmp_path, labels=None, **options
    )
    assert unlabeled[0].shape == (6,)


def test_validation_split_both(tmp_path):
    _write_texts(tmp_path)
    train, val = kerata.utils.text_dataset_from_directory(
        tmp_path, validation_split=0.5, subset="both", seed=2, verbose=False
    )
    assert (train.num_elements, val.num_elements) == (3, 3)
    assert set(train.file_paths).isdisjoint(val.file_paths)


def test_errors(tmp_path):
    with pytest.raises(ValueError, match="No text files"):
        kerata.utils.text_dataset_from_directory(tmp_path, verbose=False)
    _write_texts(tmp_path)
    with pytest.raises(ValueError, match="label_mode"):
        kerata.utils.text_dataset_from_directory(tmp_path, label_mode="x")
    with pytest.raises(ValueError, match="3 entries, but 6 files"):
        kerata.utils.text_dataset_from_directory(tmp_path, labels=[0, 1, 0])
    (tmp_path / "neg" / "bad.txt").write_bytes(b"\xff\xfe\xfa")
    data = kerata.utils.text_dataset_from_directory(
        tmp_path, shuffle=False, verbose=False
    )
    with pytest.raises(ValueError, match="bad.txt"):
        data[0]
