"""Loss functions that Keras also exports under `keras.metrics`.

Keras publishes these three under both names, as one function; kerata
does the same, so `kerata.metrics.huber is kerata.losses.huber`.
"""

from kerata.src.api_export import kerata_export
from kerata.src.losses import functions

kerata_export("kerata.metrics.huber")(functions.huber)
kerata_export("kerata.metrics.binary_focal_crossentropy")(
    functions.binary_focal_crossentropy
)
kerata_export("kerata.metrics.categorical_focal_crossentropy")(
    functions.categorical_focal_crossentropy
)
