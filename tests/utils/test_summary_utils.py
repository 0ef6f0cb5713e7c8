import kerata
from kerata import layers
from kerata.src.utils.summary_utils import _wrap


def _summary(model, **kwargs):
    lines = []
    model.summary(print_fn=lines.append, **kwargs)
    return lines


def test_counts_and_sizes_match_keras():
    # Keras 3.15.1 prints, for this model: Total params: 394 (1.54 KB),
    # Trainable params: 362 (1.41 KB), Non-trainable params: 32 (128.00 B).
    model = kerata.Sequential(
        [
            kerata.Input((8, 8, 1)),
            layers.Conv2D(16, 3, padding="same", activation="relu"),
            layers.BatchNormalization(),
            layers.GlobalAveragePooling2D(),
            layers.Dense(10),
        ]
    )
    lines = _summary(model, line_length=80)
    assert lines[-3] == " Total params: 394 (1.54 KB)"
    assert lines[-2] == " Trainable params: 362 (1.41 KB)"
    assert lines[-1] == " Non-trainable params: 32 (128.00 B)"
    table = lines[1:-3]
    assert {len(line) for line in table} == {80}
    # Long names wrap onto a second line instead of being cut.
    assert any("(BatchNormalization)" in line for line in table)
    assert any("(GlobalAveragePooling2D)" in line for line in table)


def test_built_optimizer_params_are_counted_as_keras_does():
    # Keras 3.15.1 prints, once Adam has built its slots for this model:
    # Total params: 1,120 (4.38 KB) ... Optimizer params: 726 (2.84 KB)
    # (two slots per trainable weight, the iteration count and the
    # learning rate).
    model = kerata.Sequential(
        [
            kerata.Input((8, 8, 1)),
            layers.Conv2D(16, 3, padding="same", activation="relu"),
            layers.BatchNormalization(),
            layers.GlobalAveragePooling2D(),
            layers.Dense(10),
        ]
    )
    model.compile(optimizer=kerata.optimizers.Adam(), loss="mse")
    # Not built yet: no optimizer line.
    assert _summary(model)[-1] == " Non-trainable params: 32 (128.00 B)"
    model.optimizer.build(model.trainable_variables)
    lines = _summary(model)
    assert lines[-4] == " Total params: 1,120 (4.38 KB)"
    assert lines[-1] == " Optimizer params: 726 (2.84 KB)"


def test_show_trainable_and_layer_range():
    model = kerata.Sequential(
        [
            kerata.Input((4,)),
            layers.Dense(3, name="a"),
            layers.Dense(2, name="b"),
            layers.Dense(1, name="c"),
        ]
    )
    model.get_layer("b").trainable = False
    lines = _summary(model, show_trainable=True, layer_range=["b", "c"])
    text = "\n".join(lines)
    assert "Trainable" in text
    assert "a (Dense)" not in text
    assert "b (Dense)" in text and " N " in text  # noqa: PT018
    assert "Non-trainable params: 8 (32.00 B)" in text


def test_wrap():
    assert _wrap("batch_normalization (BatchNormalization)", 30) == [
        "batch_normalization",
        "(BatchNormalization)",
    ]
    assert _wrap("abcdefghij", 4) == ["abcd", "efgh", "ij"]
    assert _wrap("", 5) == [""]
