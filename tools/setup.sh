#!/usr/bin/env bash
# Installs everything the explainer needs on a Debian/Ubuntu machine.
#   tools/setup.sh          system fonts and libraries for the PDF + the Python package (build)
#   tools/setup.sh --test   the above + Chromium, poppler and the test tools
# System packages come from apt (as root, or through sudo). Python packages go into the
# project's own virtual environment, .venv/, never into the system interpreter: Debian 12
# and Ubuntu 24.04 refuse that (PEP 668), and a build should not depend on what else is there.
set -euo pipefail
cd "$(dirname "$0")/.."

test_deps=0
[ "${1:-}" = "--test" ] && test_deps=1
python=${PYTHON:-python3}
venv=.venv

apt_packages=(fonts-noto-cjk libharfbuzz-subset0 libpango-1.0-0 libpangoft2-1.0-0)  # PDF: Japanese font, subsetting, WeasyPrint's text layout
[ $test_deps = 1 ] && apt_packages+=(chromium poppler-utils)  # real browser for tests; pdftotext/pdffonts
[ $test_deps = 1 ] && apt_packages+=(libatomic1)  # Playwright's bundled Node driver links it; minimal Debian 12 images lack it
command -v "$python" >/dev/null || apt_packages+=(python3)
# Debian and Ubuntu ship venv's pip bootstrap separately, in python3-venv.
if [ ! -x "$venv/bin/python" ] && ! "$python" -c 'import ensurepip, venv' 2>/dev/null; then
  apt_packages+=(python3-venv)
fi

missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  echo "installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  # Ubuntu has no chromium package, only a shim that installs the snap (and, without snapd,
  # nothing): say so rather than finish with no /usr/bin/chromium for the tests.
  if [[ " ${missing[*]} " == *" chromium "* ]] && [ "$(apt-cache policy chromium | awk '/Candidate:/ {print $2}')" = "(none)" ]; then
    echo "tools/setup.sh: apt offers no 'chromium' package here (Ubuntu ships Chromium only as a snap)." >&2
    echo "The tests drive Debian's /usr/bin/chromium: run them on Debian 12 or in a Debian 12 container." >&2
    echo "Building needs no browser: tools/setup.sh && .venv/bin/python build.py --pdf" >&2
    exit 1
  fi
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

if [ ! -x "$venv/bin/python" ]; then
  echo "creating $venv with $("$python" --version 2>&1)"
  "$python" -m venv "$venv"
fi
extras="pdf"
[ $test_deps = 1 ] && extras="pdf,test"
"$venv/bin/python" -m pip install --quiet --disable-pip-version-check -e ".[$extras]"
echo "set-up done: run the project's Python as $venv/bin/python (or '. $venv/bin/activate')"
