"""Save/restore helper for the preprocessing layer tests."""

import json

import numpy as np


def roundtrip(layer, tmp_path):
    """A copy of `layer` rebuilt the way a .keras archive does it: config
    (through JSON), build config, own variables, then assets."""
    config = json.loads(json.dumps(layer.get_config()))
    build_config = layer.get_build_config()
    store = {}
    layer.save_own_variables(store)
    assets = tmp_path / "assets"
    assets.mkdir(exist_ok=True)
    layer.save_assets(str(assets))
    store = {k: np.array(v) for k, v in store.items()}
    new = type(layer).from_config(config)
    if build_config:
        new.build_from_config(build_config)
    new.load_own_variables(store)
    new.load_assets(str(assets))
    return new, store, sorted(p.name for p in assets.iterdir())
