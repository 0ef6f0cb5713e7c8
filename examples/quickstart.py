"""kerata quickstart: train a small convnet on real digits and report its
test accuracy, on the backend of your choice.

The data are scikit-learn's bundled 8x8 digit images (1,797 of them), so
nothing is downloaded.

    python examples/quickstart.py            # torch (the default)
    KERATA_BACKEND=jax python examples/quickstart.py
    KERATA_BACKEND=numpy python examples/quickstart.py   # inference only
"""

import time

import numpy as np
from sklearn.datasets import load_digits
from sklearn.model_selection import train_test_split

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
    digits = load_digits()
    images = (digits.images[..., None] / 16.0).astype("float32")  # (n, 8, 8, 1)
    x_train, x_test, y_train, y_test = train_test_split(
        images, digits.target, test_size=0.2, random_state=0
    )
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
        )
        print(f"training took {time.perf_counter() - start:.1f} s")
    else:
        print("the numpy backend runs inference only: skipping training")

    probs = model.predict(x_test, verbose=0)
    accuracy = float((np.argmax(probs, axis=1) == y_test).mean())
    print(f"test accuracy on {len(y_test)} held-out digits: {accuracy:.4f}")


if __name__ == "__main__":
    main()
