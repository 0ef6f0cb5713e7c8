"""Nested structures: lists, tuples, namedtuples and dicts of leaves.

`None` is a leaf. Dicts are traversed in sorted key order, as in Keras, so
a flat list is the same whatever order the dict was built in.
"""

from kerata.src.tree.tree_api import MAP_TO_NONE
from kerata.src.tree.tree_api import assert_same_structure
from kerata.src.tree.tree_api import flatten
from kerata.src.tree.tree_api import is_nested
from kerata.src.tree.tree_api import map_structure
from kerata.src.tree.tree_api import map_structure_up_to
from kerata.src.tree.tree_api import pack_sequence_as
from kerata.src.tree.tree_api import traverse
from kerata.src.tree.tree_extra import assert_same_paths
from kerata.src.tree.tree_extra import flatten_with_path
from kerata.src.tree.tree_extra import lists_to_tuples
from kerata.src.tree.tree_extra import map_shape_structure
