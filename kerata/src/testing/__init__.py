"""Test helpers, usable by downstream projects to test their own layers."""

from kerata.src.testing.test_utils import TOLERANCES
from kerata.src.testing.test_utils import assert_allclose
from kerata.src.testing.test_utils import run_if
from kerata.src.testing.test_utils import to_numpy
