#!/usr/bin/env bash
# Every benchmark, one after the other (about 45 minutes on the 2-core machine), all on one
# generator revision (default HEAD, or REV=...); each updates its own section of
# bench/RESULTS.md and writes its raw numbers to bench/results/*.json.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
REV=$(git rev-parse --short=10 "${REV:-HEAD}")
echo "generator revision: $REV"
"$PY" bench/generation.py --rev "$REV"
"$PY" bench/scaling.py --rev "$REV"
"$PY" bench/client.py --rev "$REV"
