#!/usr/bin/env bash
# Every benchmark, one after the other (about 40 minutes on the 2-core machine); each updates its
# own section of bench/RESULTS.md and writes its raw numbers to bench/results/*.json.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
"$PY" bench/generation.py "$@"
"$PY" bench/scaling.py
"$PY" bench/client.py
