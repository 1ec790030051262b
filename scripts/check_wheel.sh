#!/usr/bin/env bash
# Build the wheel from this checkout, install it NON-editable in a fresh virtual environment and
# use it: the app's --help, a short run, and an import of every sub-package. An editable install
# (the README's) hides a package left out of the wheel; this does not.
#
#   bash scripts/check_wheel.sh        # uses .venv's Python to build; a temporary folder for the rest
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
# built from a copy of the tracked and new files, so that no build/ folder is left in the checkout
# and no stale file of an earlier build (a module since moved) can slip into the wheel
mkdir "$work/src"
git ls-files -z --cached --others --exclude-standard \
  | while IFS= read -r -d '' f; do [ -e "$f" ] && printf '%s\0' "$f"; done \
  | xargs -0 tar -cf - | tar -xf - -C "$work/src"
"$PY" -m pip wheel --quiet --no-deps --wheel-dir "$work/dist" "$work/src"
wheel=$(ls "$work"/dist/regimesim-*.whl)
echo "check_wheel: built $(basename "$wheel")"
"$PY" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet -c requirements/constraints.txt "$wheel[app]"
cd "$work"  # away from the checkout, so that nothing is imported from src/
venv/bin/regimesim app --help >/dev/null
venv/bin/regimesim run --until 2012 --set scale=0.01 --quiet --out "$work/run"
test -s "$work/run/indicators.parquet"
venv/bin/python - <<'PY'
import importlib
import pkgutil

import regimesim

names = [m.name for m in pkgutil.walk_packages(regimesim.__path__, "regimesim.")]
for name in names:
    importlib.import_module(name)
assert "regimesim.app.page" in names and "regimesim.rules.census" in names, names
print(f"check_wheel: {len(names)} modules imported from {regimesim.__file__}")
PY
venv/bin/python -c "from importlib.resources import files; import sys; \
n = len(list(files('regimesim.library').joinpath('studies').iterdir())); sys.exit(n < 2)"
echo "check_wheel: the wheel installs and runs"
