"""kerata quickstart: build a small convnet three ways and run it on real
digits (scikit-learn's bundled 8x8 images), on the backend of your choice.

    python examples/quickstart.py            # torch (the default)
    KERATA_BACKEND=jax python examples/quickstart.py
    KERATA_BACKEND=numpy python examples/quickstart.py
"""

import numpy as np
from sklearn.datasets import load_digits

import kerata as keras
from kerata import layers


def main() -> None:
    digits = load_digits()
    images = (digits.images[..., None] / 16.0).astype("float32")  # (n, 8, 8, 1)
    labels = digits.target

    # 1. Sequential
    sequential = keras.Sequential(
        [
            keras.Input(shape=(8, 8, 1)),
            layers.Conv2D(16, 3, padding="same", activation="relu"),
            layers.MaxPooling2D(2),
            layers.Conv2D(32, 3, padding="same", activation="relu"),
            layers.GlobalAveragePooling2D(),
            layers.Dropout(0.2),
            layers.Dense(10, activation="softmax"),
        ],
        name="digits_sequential",
    )
    sequential.summary()

    # 2. Functional, reusing the same layers' weights for a feature model.
    features = keras.Model(
        inputs=sequential.input,
        outputs=sequential.layers[2].output,
        name="features",
    )

    # 3. Subclassed
    class Classifier(keras.Model):
        def __init__(self):
            super().__init__(name="digits_subclassed")
            self.body = features
            self.pool = layers.GlobalMaxPooling2D()
            self.head = layers.Dense(10, activation="softmax")

        def call(self, x, training=None):
            return self.head(self.pool(self.body(x)))

    subclassed = Classifier()

    batch = images[:256]
    probs = keras.ops.convert_to_numpy(sequential(batch))
    probs_sub = keras.ops.convert_to_numpy(subclassed(batch))
    print(f"backend: {keras.backend.backend()}")
    print(
        f"sequential output: {probs.shape}, rows sum to 1: "
        f"{np.allclose(probs.sum(axis=1), 1.0, atol=1e-5)}"
    )
    print(
        f"subclassed output: {probs_sub.shape}, parameters: "
        f"{subclassed.count_params()}"
    )
    accuracy = float((probs.argmax(axis=1) == labels[:256]).mean())
    print(f"untrained accuracy on 256 digits (chance is ~0.10): {accuracy:.3f}")


if __name__ == "__main__":
    main()
