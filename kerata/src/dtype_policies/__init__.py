"""Dtype policies: the dtype a layer computes in and stores weights in."""

from kerata.src.dtype_policies.dtype_policy import DTypePolicy
from kerata.src.dtype_policies.dtype_policy import FloatDTypePolicy
from kerata.src.dtype_policies.dtype_policy import deserialize
from kerata.src.dtype_policies.dtype_policy import dtype_policy
from kerata.src.dtype_policies.dtype_policy import get
from kerata.src.dtype_policies.dtype_policy import serialize
from kerata.src.dtype_policies.dtype_policy import set_dtype_policy
from kerata.src.dtype_policies.dtype_policy_map import DTypePolicyMap
