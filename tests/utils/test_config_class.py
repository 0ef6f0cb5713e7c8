import json
import os
import sys

import pytest

from kerata.src import backend
from kerata.src.utils.config import Config


@pytest.fixture(scope="module")
def keras():
    if "keras" not in sys.modules:
        # Keras picks its backend once, at import; use kerata's.
        os.environ["KERAS_BACKEND"] = backend.backend()
    return pytest.importorskip("keras")


def _exercise(config_class):
    """Runs the same edits on a Config class; returns what was seen."""
    config = config_class(learning_rate=0.1, momentum=0.9)
    config.use_ema = True
    config["seed"] = 123
    seen = [
        config.seed,
        config["learning_rate"],
        list(config),
        len(config),
        "seed" in config,
        config.get("missing", "default"),
        config.pop("momentum"),
        config.as_dict(),
        json.loads(config.to_json()),
        repr(config),
    ]
    config.update(batch_size=4)
    del config["use_ema"]
    seen.append(sorted(config.items()))
    config.freeze()
    seen.append(config.frozen)
    for mutate in (
        lambda: setattr(config, "x", 1),
        lambda: config.__setitem__("x", 1),
        lambda: config.pop("seed"),
        lambda: config.update(x=1),
        lambda: config.__delitem__("seed"),
    ):
        with pytest.raises(ValueError, match="frozen"):
            mutate()
    config.unfreeze()
    config.x = 1
    seen.append(config.as_dict())
    return seen


@pytest.mark.parity
def test_config_behaves_like_keras(keras):
    assert _exercise(Config) == _exercise(keras.utils.Config)


def test_config_basics_without_keras():
    seen = _exercise(Config)
    assert seen[2] == ["learning_rate", "momentum", "seed", "use_ema"]
    assert seen[-1] == {
        "learning_rate": 0.1,
        "seed": 123,
        "batch_size": 4,
        "x": 1,
    }


def test_unknown_attribute_suggests_close_key():
    config = Config(learning_rate=0.1)
    with pytest.raises(AttributeError, match="Did you mean 'learning_rate'"):
        _ = config.learning_rat
    with pytest.raises(AttributeError, match="Unknown attribute: 'zzz'"):
        _ = config.zzz
    assert not hasattr(config, "zzz")


def test_as_dict_is_a_copy():
    config = Config(a=1)
    d = config.as_dict()
    d["b"] = 2
    assert "b" not in config
