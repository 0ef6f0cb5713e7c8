#!/usr/bin/env bash
# The checks kerata needs a CUDA GPU for, in one run (a lent GPU machine
# has minutes, not hours): the torch test suite with CUDA as the default
# device, the JAX backend's op and layer tests on the GPU, and the
# benchmarks that compare kerata with hand-written PyTorch on the GPU.
#
#   bash tools/gpu_check.sh OUT_DIR
#
# Needs torch (CUDA build), jax (CUDA plugin), pytest, pytest-xdist and
# pytest-timeout; kerata is read from this checkout (PYTHONPATH).
set -uo pipefail
cd "$(dirname "$0")/.."
out=${1:-gpu_check_out}
mkdir -p "$out"
PY=${PYTHON:-python3}
export PYTHONPATH=$PWD${PYTHONPATH:+:$PYTHONPATH}
export PYTHONUNBUFFERED=1
# Several test processes share the GPU: JAX must not grab 75% each.
export XLA_PYTHON_CLIENT_PREALLOCATE=false
workers=${GPU_CHECK_WORKERS:-8}
nvidia-smi --query-gpu=name,memory.total,driver_version --format=csv
"$PY" -c "import torch, jax, numpy; print('torch', torch.__version__, \
torch.cuda.is_available(), '| jax', jax.__version__, jax.devices(), \
'| numpy', numpy.__version__)"

section() { echo; echo "=== $1 ($(date +%T))"; }

section "torch tests on CUDA"
KERATA_BACKEND=torch timeout "${T_TORCH_TESTS:-240}" "$PY" -m pytest -q \
    -p no:cacheprovider -n "$workers" --timeout 120 -rfE \
    --doctest-modules kerata/src tests >"$out/torch_tests.log" 2>&1
echo "rc=$?"
grep -E "^(FAILED|ERROR) " "$out/torch_tests.log" | cut -c1-200 | head -60
tail -1 "$out/torch_tests.log"

section "benchmarks on CUDA (ratio = kerata time / torch time)"
KERATA_BACKEND=torch timeout 60 "$PY" benchmarks/forward_pass.py \
    --json "$out/forward_pass.json" 2>&1 | tail -4
KERATA_BACKEND=torch timeout "${T_TRAINING:-150}" "$PY" benchmarks/training.py --no-keras \
    --json "$out/training.json" 2>&1 | tail -6
KERATA_BACKEND=torch timeout 90 "$PY" benchmarks/recurrent.py --no-keras \
    --json "$out/recurrent.json" 2>&1 | tail -4

section "device synchronizations inside fit"
KERATA_BACKEND=torch timeout 60 "$PY" benchmarks/sync_points.py 2>&1 | tail -30

section "JAX tests on the GPU (backend, ops, layers)"
KERATA_BACKEND=jax timeout "${T_JAX_TESTS:-150}" "$PY" -m pytest -q \
    -p no:cacheprovider -n "$workers" --timeout 120 -rfE \
    ${JAX_TEST_PATHS:-tests/backend tests/ops tests/layers} \
    >"$out/jax_tests.log" 2>&1
echo "rc=$?"
grep -E "^(FAILED|ERROR) " "$out/jax_tests.log" | cut -c1-200 | head -40
tail -1 "$out/jax_tests.log"
section done
