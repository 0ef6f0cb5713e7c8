#!/usr/bin/env bash
# Runs the tests and doctests once per backend (the backend is chosen at
# import, so each needs its own process). Extra arguments go to pytest.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
status=0
for b in ${KERATA_TEST_BACKENDS:-torch jax numpy}; do
    echo "=== backend: $b"
    KERATA_BACKEND=$b "$PY" -m pytest -q -p no:cacheprovider \
        -n "${KERATA_TEST_WORKERS:-2}" --doctest-modules kerata/src tests \
        "$@" || status=1
done
exit $status
