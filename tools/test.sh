#!/usr/bin/env bash
# Installs kerata with its development extras, checks style and the public
# API, then runs the test suite (with doctests) once per installed backend.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
extra=()
[ -d /opt/wheels ] && extra+=(--find-links /opt/wheels)
"$PY" -m pip install -q --disable-pip-version-check "${extra[@]}" -e ".[dev]"
"$PY" -m ruff check kerata tests tools benchmarks examples
"$PY" -m ruff format --check kerata tests tools benchmarks examples
"$PY" tools/api_gen.py --check
bash tools/test_all_backends.sh "$@"
