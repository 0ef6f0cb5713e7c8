"""kerata quickstart: train a small convnet on real digits, report its
test accuracy, save it to a `.keras` file and load it back, on the
backend of your choice.

The data are scikit-learn's bundled 8x8 digit images (1,797 of them),
loaded through `kerata.datasets.sklearn_digits`, so nothing is downloaded.

    python examples/quickstart.py            # torch (the default)
    KERATA_BACKEND=jax python examples/quickstart.py
    KERATA_BACKEND=numpy python examples/quickstart.py   # inference only
"""

import os
import tempfile
import time

import numpy as np

import kerata as keras
from kerata import layers


def build_model() -> keras.Model:
    return keras.Sequential(
        [
            keras.Input(shape=(8, 8, 1)),
            layers.Conv2D(16, 3, padding="same", activation="relu"),
            layers.MaxPooling2D(2),
            layers.Conv2D(32, 3, padding="same", activation="relu"),
            layers.Flatten(),
            layers.Dropout(0.2),
            layers.Dense(10, activation="softmax"),
        ],
        name="digits_convnet",
    )


def main() -> None:
    keras.utils.set_random_seed(0)
    (x_train, y_train), (x_test, y_test) = (
        keras.datasets.sklearn_digits.load_data()
    )
    # (n, 8, 8) uint8 in [0, 16] -> (n, 8, 8, 1) float32 in [0, 1]
    x_train = (x_train[..., None] / 16.0).astype("float32")
    x_test = (x_test[..., None] / 16.0).astype("float32")
    model = build_model()
    model.summary()
    print(f"backend: {keras.backend.backend()}")

    can_train = keras.backend.backend() != "numpy"
    if can_train:
        model.compile(
            optimizer=keras.optimizers.Adam(3e-3),
            loss="sparse_categorical_crossentropy",
            metrics=["accuracy"],
        )
        start = time.perf_counter()
        model.fit(
            x_train,
            y_train,
            batch_size=32,
            epochs=15,
            validation_split=0.1,
            callbacks=[
                keras.callbacks.EarlyStopping(
                    monitor="val_loss", patience=4, restore_best_weights=True
                )
            ],
        )
        print(f"training took {time.perf_counter() - start:.1f} s")
    else:
        print("the numpy backend runs inference only: skipping training")

    probs = model.predict(x_test, verbose=0)
    accuracy = float((np.argmax(probs, axis=1) == y_test).mean())
    print(f"test accuracy on {len(y_test)} held-out digits: {accuracy:.4f}")

    # The whole model (architecture, weights, optimizer state) in Keras 3's
    # format: Keras itself can load this file too.
    path = os.path.join(tempfile.mkdtemp(), "digits.keras")
    model.save(path)
    restored = keras.models.load_model(path)
    same = np.allclose(restored.predict(x_test, verbose=0), probs, atol=1e-6)
    print(f"saved to {path}; reloaded model gives the same predictions: {same}")


if __name__ == "__main__":
    main()
