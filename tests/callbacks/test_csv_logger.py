import numpy as np
import pytest

import kerata
from kerata import callbacks
from kerata import layers

trainable = pytest.mark.requires_trainable_backend


def _log(path, rows, **kwargs):
    logger = callbacks.CSVLogger(str(path), **kwargs)
    logger.on_train_begin()
    for epoch, logs in enumerate(rows):
        logger.on_epoch_end(epoch, logs)
    logger.on_train_end()
    return path.read_bytes().decode()


# Expected files checked byte for byte against Keras 3's CSVLogger.
def test_csv_logger_writes_sorted_columns(tmp_path):
    text = _log(
        tmp_path / "log.csv",
        [
            {"loss": 0.5, "accuracy": 0.25, "val_loss": 0.75},
            {"loss": 0.125, "accuracy": 0.5, "val_loss": 0.625},
        ],
    )
    assert text == (
        "epoch,accuracy,loss,val_loss\r\n"
        "0,0.25,0.5,0.75\r\n"
        "1,0.5,0.125,0.625\r\n"
    )


def test_csv_logger_adds_val_columns_when_there_are_none(tmp_path):
    text = _log(tmp_path / "log.csv", [{"loss": 0.5}, {"loss": 0.25}])
    assert text == "epoch,loss,val_loss\r\n0,0.5,NA\r\n1,0.25,NA\r\n"


def test_csv_logger_missing_values_are_na(tmp_path):
    text = _log(
        tmp_path / "log.csv", [{"loss": 0.5, "val_loss": 0.1}, {"loss": 0.2}]
    )
    assert text == "epoch,loss,val_loss\r\n0,0.5,0.1\r\n1,0.2,NA\r\n"


def test_csv_logger_separator_and_value_formats(tmp_path):
    logs = {
        "b": np.array([1, 2]),
        "a": "x",
        "c": np.float32(0.5),
        "d": np.array(3.0),
    }
    text = _log(tmp_path / "log.csv", [logs], separator=";")
    assert text == (
        "epoch;a;b;c;d;val_a;val_b;val_c;val_d\r\n"
        '0;x;"""[1, 2]""";0.5;3.0;NA;NA;NA;NA\r\n'
    )


def test_csv_logger_append(tmp_path):
    path = tmp_path / "log.csv"
    _log(path, [{"loss": 0.5}])
    text = _log(path, [{"loss": 0.25}], append=True)
    # The header is written once; epochs restart from 0 in a new fit.
    assert text == ("epoch,loss,val_loss\r\n0,0.5,NA\r\n0,0.25,NA\r\n")


def test_csv_logger_append_to_empty_file_writes_header(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("")
    text = _log(path, [{"loss": 0.5}], append=True)
    assert text == "epoch,loss,val_loss\r\n0,0.5,NA\r\n"


def test_csv_logger_overwrites_without_append(tmp_path):
    path = tmp_path / "log.csv"
    path.write_text("old\n")
    assert _log(path, [{"loss": 1.0}]) == "epoch,loss,val_loss\r\n0,1.0,NA\r\n"


def test_csv_logger_creates_missing_folders(tmp_path):
    path = tmp_path / "run" / "log.csv"
    assert _log(path, [{"loss": 1.0}]).startswith("epoch,loss")


def test_csv_logger_rows_are_readable_during_training(tmp_path):
    path = tmp_path / "log.csv"
    logger = callbacks.CSVLogger(path)
    logger.on_train_begin()
    logger.on_epoch_end(0, {"loss": 1.0, "val_loss": 2.0})
    assert path.read_text() == "epoch,loss,val_loss\n0,1.0,2.0\n"
    logger.on_train_end()
    assert logger.csv_file.closed


@trainable
def test_csv_logger_in_fit(tmp_path):
    model = kerata.Sequential([kerata.Input((3,)), layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse", metrics=["mae"])
    x = np.linspace(-1, 1, 12, dtype="float32").reshape(4, 3)
    path = tmp_path / "log.csv"
    history = model.fit(
        x,
        x[:, :1],
        epochs=2,
        batch_size=4,
        verbose=0,
        callbacks=[callbacks.CSVLogger(path)],
    )
    lines = path.read_text().splitlines()
    assert lines[0] == "epoch,loss,mae,val_loss,val_mae"
    for epoch, line in enumerate(lines[1:]):
        values = line.split(",")
        assert values[0] == str(epoch)
        assert [float(v) for v in values[1:3]] == [
            history.history[k][epoch] for k in ("loss", "mae")
        ]
        assert values[3:] == ["NA", "NA"]
    assert len(lines) == 3
