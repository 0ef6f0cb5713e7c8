import numpy as np
import pytest

from kerata.src.utils import sequence_utils

SEQUENCES = [[1], [2, 3], [4, 5, 6]]


@pytest.mark.parametrize(
    ("kwargs", "expected"),
    [
        ({}, [[0, 0, 1], [0, 2, 3], [4, 5, 6]]),
        ({"value": -1}, [[-1, -1, 1], [-1, 2, 3], [4, 5, 6]]),
        ({"padding": "post"}, [[1, 0, 0], [2, 3, 0], [4, 5, 6]]),
        ({"maxlen": 2}, [[0, 1], [2, 3], [5, 6]]),
        ({"maxlen": 2, "truncating": "post"}, [[0, 1], [2, 3], [4, 5]]),
        (
            {"maxlen": 4, "padding": "post"},
            [[1, 0, 0, 0], [2, 3, 0, 0]] + [[4, 5, 6, 0]],
        ),
    ],
)
def test_pad_sequences_matches_keras_docs(kwargs, expected):
    out = sequence_utils.pad_sequences(SEQUENCES, **kwargs)
    assert out.dtype == np.int32
    assert out.tolist() == expected


def test_pad_sequences_steps_with_shape_and_empty_sequences():
    sequences = [np.ones((2, 3)), [], np.zeros((1, 3))]
    out = sequence_utils.pad_sequences(sequences, dtype="float32", value=9)
    assert out.shape == (3, 2, 3)
    assert out[1].tolist() == [[9.0] * 3] * 2
    assert out[2, 0].tolist() == [9.0] * 3
    assert out[2, 1].tolist() == [0.0] * 3


def test_pad_sequences_strings_with_object_dtype():
    out = sequence_utils.pad_sequences(
        [["a"], ["b", "c"]], dtype=object, value="<pad>"
    )
    assert out.tolist() == [["<pad>", "a"], ["b", "c"]]


def test_pad_sequences_bad_input_errors():
    with pytest.raises(ValueError, match="list of sequences"):
        sequence_utils.pad_sequences(5)
    with pytest.raises(ValueError, match="non-sequence 3 at position 1"):
        sequence_utils.pad_sequences([[1], 3])
    with pytest.raises(ValueError, match="'x'.*dtype=object"):
        sequence_utils.pad_sequences([[1]], value="x")
    with pytest.raises(ValueError, match="position 1.*'abc'"):
        sequence_utils.pad_sequences([[1], ["abc"]])
    with pytest.raises(ValueError, match="padding"):
        sequence_utils.pad_sequences([[1]], padding="middle")
    with pytest.raises(ValueError, match="position 1"):
        sequence_utils.pad_sequences([[[1, 2]], [[1, 2, 3]]])
