# Shared by bin/start and bin/test: a virtualenv in .venv with the locked dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$(pwd)

find_python() {
  for candidate in python3.11 python3.12 python3.13 python3; do
    if command -v "$candidate" >/dev/null 2>&1 &&
      "$candidate" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)' 2>/dev/null; then
      echo "$candidate"; return 0
    fi
  done
  echo "Vangnet needs Python 3.11 or newer." >&2; return 1
}

ensure_venv() {
  local python; python=$(find_python)
  if [ ! -x .venv/bin/python ]; then
    if ! "$python" -m venv .venv 2>/dev/null; then
      rm -rf .venv
      # Debian ships venv separately; install it when we may.
      if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
        echo "Installing python3-venv (Debian)..."
        apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
        "$python" -m venv .venv
      else
        echo "Please install python3-venv (sudo apt-get install python3-venv) and run again." >&2; exit 1
      fi
    fi
  fi
  local stamp=.venv/.lock-installed
  if [ ! -f "$stamp" ] || ! cmp -s requirements.lock "$stamp"; then
    echo "Installing dependencies from requirements.lock..."
    .venv/bin/python -m pip install -q --upgrade pip 2>&1 | grep -v '^WARNING: Location' || true
    .venv/bin/python -m pip install -q --require-hashes -r requirements.lock 2>&1 | grep -v '^WARNING: Location' || true
    .venv/bin/python -c 'import django, pytest' 2>/dev/null || { echo "Dependency installation failed." >&2; exit 1; }
    cp requirements.lock "$stamp"
  fi
}
