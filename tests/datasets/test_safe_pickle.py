import io
import os
import pickle

import numpy as np
import pytest

from kerata.src.datasets import safe_pickle


class _Gadget:
    def __reduce__(self):
        return (os.system, ("echo pwned",))


def test_reads_object_and_numeric_arrays(tmp_path):
    ragged = np.empty(2, dtype=object)
    ragged[0], ragged[1] = [1, 2, 3], [4]
    path = tmp_path / "a.npz"
    np.savez(path, ragged=ragged, numbers=np.arange(6.0).reshape(2, 3))
    arrays = safe_pickle.load_npz(str(path))
    assert arrays["ragged"].tolist() == [[1, 2, 3], [4]]
    np.testing.assert_array_equal(
        arrays["numbers"], np.arange(6.0).reshape(2, 3)
    )


@pytest.mark.parametrize("protocol", [2, 3, 4, 5])
def test_arrays_round_trip_in_every_protocol(protocol):
    original = {"data": np.arange(12, dtype="uint8").reshape(3, 4), "n": [1]}
    loaded = safe_pickle.load_pickle(
        io.BytesIO(pickle.dumps(original, protocol=protocol))
    )
    np.testing.assert_array_equal(loaded["data"], original["data"])
    assert loaded["n"] == [1]


def test_code_in_an_npz_object_array_is_refused(tmp_path):
    evil = np.empty(1, dtype=object)
    evil[0] = _Gadget()
    path = tmp_path / "evil.npz"
    np.savez(path, x=evil)
    with pytest.raises(pickle.UnpicklingError, match="posix.system"):
        safe_pickle.load_npz(str(path))
