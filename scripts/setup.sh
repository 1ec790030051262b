#!/usr/bin/env bash
# Set up regimesim in ./.venv: find a Python >= 3.12, create the virtual environment and install
# the project with the pinned versions of requirements/constraints.txt.
#
#   bash scripts/setup.sh            # core, tests and the web app (extras "dev,app")
#   EXTRAS=dev bash scripts/setup.sh  # without the web app
#   PYTHON=/path/to/python3.12 bash scripts/setup.sh   # choose the interpreter yourself
set -euo pipefail
cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
EXTRAS=${EXTRAS:-dev,app}

is_312() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' 2>/dev/null; }

find_python() {
  if [ -n "${PYTHON:-}" ]; then echo "$PYTHON"; return; fi
  for c in python3.12 python3.13 python3; do
    if command -v "$c" >/dev/null 2>&1 && is_312 "$(command -v "$c")"; then command -v "$c"; return; fi
  done
  # pyenv installs that are not the active global version
  local root
  root=$(pyenv root 2>/dev/null || echo "$HOME/.pyenv")
  for c in $(ls -d "$root"/versions/3.1[2-9]*/bin/python3 2>/dev/null | sort -V); do
    if is_312 "$c"; then echo "$c"; return; fi
  done
}

PY=$(find_python || true)
if [ -z "$PY" ] || ! is_312 "$PY"; then
  echo "error: regimesim needs Python >= 3.12; none found on PATH or in pyenv." >&2
  echo "       Install one (e.g. 'pyenv install 3.12') or set PYTHON=/path/to/python3.12." >&2
  exit 1
fi
echo "using $("$PY" -c 'import sys; print(sys.executable, sys.version.split()[0])')"
if [ ! -x "$VENV/bin/python" ]; then
  "$PY" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --upgrade pip
"$VENV/bin/python" -m pip install --quiet -c requirements/constraints.txt -e ".[$EXTRAS]"
# compile the model into numba's cache now (about a minute, once) so that runs start at once
"$VENV/bin/regimesim" warmup
# the web app's front-end files, so that it runs with no internet (needs npm, from Node.js)
case ",$EXTRAS," in
  *,app,*)
    if command -v npm >/dev/null 2>&1; then
      "$VENV/bin/regimesim" app --fetch-assets
    else
      echo "note: npm not found: the app will fetch its front-end files from a CDN; install Node.js" \
           "and run '$VENV/bin/regimesim app --fetch-assets' to use it offline" >&2
    fi
    ;;
esac
# the browser tests' Chromium: Debian's package (Playwright's own browser download is never used)
case ",$EXTRAS," in
  *,dev,*)
    if ! command -v chromium >/dev/null 2>&1 && ! command -v chromium-browser >/dev/null 2>&1 \
        && [ -z "${NO_BROWSER:-}" ]; then
      if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "installing Debian's chromium for the browser tests (about a minute; NO_BROWSER=1 skips it)..."
        apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
      else
        echo "note: no Chromium, so the app's browser tests will be skipped; install it (e.g. 'sudo apt-get" \
             "install chromium') to run them" >&2
      fi
    fi
    ;;
esac
echo "regimesim installed in $VENV (run: $VENV/bin/regimesim run)"
