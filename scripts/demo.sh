#!/usr/bin/env bash
# Set up, then run the main job on the sample corpus in seeds/: the translation memory
# (out/seeds.tmx), the glossary built from it (out/glossary.tbx), and a lookup.
#
# The model: an installed argos ru→en package if there is one; else `tm model install`
# downloads translate-ru_en from the argos index; where that is impossible (no internet),
# a small synthetic package is built with tests/support/models.py so the whole pipeline still
# runs — its English is random gibberish, and the script says so.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
tm=.venv/bin/tm
model_args=()
if [ -n "${TM_MODEL:-}" ]; then
  model_args=(--model "$TM_MODEL")
elif ! $tm model list --json | grep -q '"used": true'; then
  if ! $tm model install; then
    echo "demo: the argos index cannot be reached; building a synthetic model (random output)" >&2
    .venv/bin/python -m tests.support.models --size tiny -o out/tiny.argosmodel
    model_args=(--model out/tiny.argosmodel)
  fi
fi
$tm build seeds/ -o out/seeds.tmx "${model_args[@]}"
$tm stats out/seeds.tmx
.venv/bin/glossary build out/seeds.tmx -o out/glossary.tbx --default "${model_args[@]}"
.venv/bin/glossary lookup "евразийского экономического союза"
