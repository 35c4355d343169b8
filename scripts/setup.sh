#!/usr/bin/env bash
# Create .venv and install the project with its test tools. Safe to run again: when the
# venv was made from this very pyproject.toml and this script, it does nothing.
# torch comes first and pinned: argostranslate → stanza → torch would otherwise pull a
# multi-GB CUDA build; 2.13.0 is a small CPU build.
set -euo pipefail
cd "$(dirname "$0")/.."
stamp=.venv/.diplotm-setup
want=$(cat pyproject.toml scripts/setup.sh | sha256sum | cut -d' ' -f1)
if [ -x .venv/bin/python ] && [ "$(cat "$stamp" 2>/dev/null)" = "$want" ] && .venv/bin/python -c "import tm, glossary" 2>/dev/null; then
  echo "setup: up to date (.venv)"
  exit 0
fi
python3 -m venv .venv
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet "torch==2.13.0" \
  || .venv/bin/python -m pip install --quiet "torch==2.13.0" --index-url https://download.pytorch.org/whl/cpu
# ray: the Ray tests start a local cluster (tests/support/ray_cluster.py; about a minute in all).
.venv/bin/python -m pip install --quiet -e ".[test,bench,ray]"
echo "$want" > "$stamp"
echo "setup: done (.venv)"
