#!/usr/bin/env bash
# Compares pairplan's min-cost flow with OR-Tools (SimpleMinCostFlow, LinearSumAssignment) and HiGHS
# on the same exported instances: the villages at ×1, ×10, ×30 and an 800 × 800 assignment.
# Makes its own venv (pip install ortools highspy scipy), exports the instances as DIMACS, checks the
# objectives agree, and prints solver-time medians and ratios from interleaved rounds.
# Then times whole processes (whole.py): `plan` and `check` on the national dataset, `plan` on an
# 800 x 800 candidates dataset against OR-Tools' Python process reading the same matrix.
# Usage: benches/anchors/run.sh [ROUNDS] (default 5). A benchmark, not a test.
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds="${1:-5}"
venv="${ANCHORS_VENV:-target/anchors-venv}"
work="target/anchors"
if [ ! -x "$venv/bin/python" ]; then
    python3 -m venv "$venv"
    "$venv/bin/pip" install --quiet ortools highspy scipy
fi
cargo bench --bench anchors --no-run --quiet
bin="$(ls -t target/release/deps/anchors-* | grep -v '\.d$' | head -1)"
"$bin" export "$work"
"$bin" candidates "$work/candidates-800" 800
"$venv/bin/python" benches/anchors/compare.py "$bin" "$work" "$rounds"
# Whole processes (the load path): the release binary on the national and candidates datasets.
cargo build --release --quiet
"$venv/bin/python" benches/anchors/whole.py target/release/pairplan "$work" "$rounds"
