#!/usr/bin/env bash
# Install everything ipdash needs on a fresh Debian machine; idempotent and quiet when done.
#   scripts/setup.sh app   — the app (Python packages; Chromium + CJK fonts for chart export;
#                             nginx for `make serve`)
#   scripts/setup.sh dev   — the app plus the test tools (pytest, hypothesis, playwright, ruff, mypy,
#                             LibreOffice + poppler for rendering decks to PNG)
# Never downloads a browser of its own: Plotly/kaleido and Playwright use Debian's /usr/bin/chromium.
set -euo pipefail
mode=${1:-app}
cd "$(dirname "$0")/.."

apt_pkgs=(chromium fonts-noto-cjk nginx)
[ "$mode" = dev ] && apt_pkgs+=(poppler-utils libreoffice-impress libreoffice-core)
# PostgreSQL 15: the shared store for several replicas (IPDASH_STORE); the tests start throwaway clusters
[ "$mode" = dev ] && apt_pkgs+=(postgresql)
missing=()
for p in "${apt_pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing Debian packages: ${missing[*]}"
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

req=requirements.txt; [ "$mode" = dev ] && req=requirements-dev.txt
stamp=".setup-$mode.stamp"
if [ ! -f "$stamp" ] || [ "$req" -nt "$stamp" ] || [ requirements.txt -nt "$stamp" ] \
   || ! python3 -c "import streamlit, duckdb, plotly, adbc_driver_postgresql" 2>/dev/null; then
  echo "setup: installing Python packages from $req"
  python3 -m pip install -q --disable-pip-version-check -r "$req"
  touch "$stamp"
fi

# ipdash itself, editable, from this checkout (tests and bench import it; no sys.path edits)
here=$(pwd -P)
where=$(cd /tmp && python3 -c "import ipdash, os; print(os.path.dirname(os.path.dirname(os.path.realpath(ipdash.__file__))))" 2>/dev/null || true)
if [ "$where" != "$here" ]; then
  echo "setup: installing ipdash (editable) from $here"
  python3 -m pip install -q --disable-pip-version-check --no-deps -e .
fi
