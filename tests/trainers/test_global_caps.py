"""`kerata.config.set_max_epochs` / `set_max_steps_per_epoch` cap `fit`
(and the steps of `evaluate` and `predict`), with a warning, as Keras's
do; and with interactive logging off, progress goes to the "kerata"
logger instead of stdout."""

import logging

import numpy as np
import pytest

import kerata
from kerata.src.testing import run_if


@pytest.fixture
def caps():
    yield kerata.config
    kerata.config.set_max_epochs(None)
    kerata.config.set_max_steps_per_epoch(None)


def _model():
    model = kerata.Sequential([kerata.Input((2,)), kerata.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    return model


@run_if(trainable=True)
def test_caps_limit_epochs_and_steps(caps):
    x = np.ones((40, 2), "float32")
    y = np.zeros((40, 1), "float32")
    caps.set_max_epochs(2)
    caps.set_max_steps_per_epoch(3)
    model = _model()
    with pytest.warns(UserWarning, match="Limiting") as record:
        history = model.fit(x, y, batch_size=4, epochs=5, verbose=0)
    messages = {str(w.message) for w in record}
    assert "Limiting epochs to 2" in messages
    assert "Limiting steps_per_epoch to 3" in messages
    assert len(history.history["loss"]) == 2
    assert int(kerata.ops.convert_to_numpy(model.optimizer.iterations)) == 6


def test_predict_steps_are_capped(caps):
    caps.set_max_steps_per_epoch(2)
    model = kerata.Sequential([kerata.Input((2,)), kerata.layers.Dense(1)])
    with pytest.warns(UserWarning, match="Limiting steps_per_epoch to 2"):
        out = model.predict(
            np.ones((10, 2), "float32"), batch_size=2, verbose=0
        )
    assert out.shape == (4, 1)


def test_no_cap_no_warning(caps, recwarn):
    model = kerata.Sequential([kerata.Input((2,)), kerata.layers.Dense(1)])
    model.predict(np.ones((4, 2), "float32"), batch_size=2, verbose=0)
    assert not [w for w in recwarn if "Limiting" in str(w.message)]


def test_progress_goes_to_the_logger_when_interactive_logging_is_off(
    capsys, caplog
):
    model = kerata.Sequential([kerata.Input((2,)), kerata.layers.Dense(1)])
    kerata.utils.disable_interactive_logging()
    try:
        with caplog.at_level(logging.INFO, logger="kerata"):
            model.predict(np.ones((4, 2), "float32"), batch_size=2, verbose=1)
            model.summary()
    finally:
        kerata.utils.enable_interactive_logging()
    assert capsys.readouterr().out == ""
    text = "\n".join(r.getMessage() for r in caplog.records)
    assert "2/2" in text
    assert "Total params" in text
