import math

import numpy as np
import pytest

from kerata.src.utils import html_report_utils as draw


@pytest.mark.parametrize(
    ("low", "high"),
    [(0.4, 1.05), (0.01, 0.01), (-3.0, 7.0), (1e-4, 1e-2), (0.0, 0.0)],
)
def test_nice_ticks_cover_the_range_with_even_steps(low, high):
    ticks = draw.nice_ticks(low, high)
    assert ticks[0] <= low
    assert ticks[-1] >= high
    assert 2 <= len(ticks) <= 8
    steps = np.diff(ticks)
    np.testing.assert_allclose(steps, steps[0])


def test_format_number():
    assert draw.format_number(0.5) == "0.5"
    assert draw.format_number(0.123456) == "0.1235"
    assert draw.format_number(0.0) == "0"
    assert draw.format_number(6.25e-4) == "0.000625"
    assert draw.format_number(123456.0) == "1.235e+05"
    assert draw.format_number(math.nan) == "nan"


def test_log_chart_keeps_values_and_labels_decades():
    rates = [(1, 1e-2), (2, 1e-3), (3, 1e-5)]
    svg = draw.svg_line_chart("lr", {"rate": rates}, log_scale=True)
    assert 'data-y="0.01,0.001,1e-05"' in svg
    for label in (">0.01<", ">0.001<", ">0.0001<", ">1e-05<"):
        assert label in svg


def test_confusion_matrix_counts_pairs():
    matrix = draw.confusion_matrix([0, 1, 1, 2, 2, 2], [0, 1, 2, 2, 2, 0], 3)
    assert matrix.tolist() == [[1, 0, 0], [0, 1, 1], [1, 0, 2]]


def test_higher_is_better():
    assert draw.higher_is_better("accuracy")
    assert draw.higher_is_better("val_auc")
    assert not draw.higher_is_better("loss")
    assert not draw.higher_is_better("mean_absolute_error")
