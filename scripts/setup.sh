#!/usr/bin/env bash
# Create .venv and install the project with its test tools. Safe to run again.
# torch comes first and pinned: argostranslate → stanza → torch would otherwise pull a
# multi-GB CUDA build; 2.13.0 is a small CPU build.
set -euo pipefail
cd "$(dirname "$0")/.."
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet "torch==2.13.0" \
  || .venv/bin/python -m pip install --quiet "torch==2.13.0" --index-url https://download.pytorch.org/whl/cpu
.venv/bin/python -m pip install --quiet -e ".[test,bench]"
echo "setup: done (.venv)"
