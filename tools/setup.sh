#!/usr/bin/env bash
# Installs everything the explainer needs on a Debian/Ubuntu machine.
#   tools/setup.sh          system fonts for the PDF + the Python package (build)
#   tools/setup.sh --test   the above + Chromium, poppler and the test tools
# Runs apt as root (or through sudo) and pip for the current python.
set -euo pipefail
cd "$(dirname "$0")/.."

test_deps=0
[ "${1:-}" = "--test" ] && test_deps=1

apt_packages=(fonts-noto-cjk libharfbuzz-subset0)          # Japanese font to embed; fast font subsetting
[ $test_deps = 1 ] && apt_packages+=(chromium poppler-utils)  # real browser for tests; pdftotext/pdffonts

missing=()
for pkg in "${apt_packages[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ]; then sudo=""; else sudo="sudo"; fi
  echo "installing system packages: ${missing[*]}"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

python=${PYTHON:-python3}
extras="pdf"
[ $test_deps = 1 ] && extras="pdf,test"
$python -m pip install --quiet --disable-pip-version-check -e ".[$extras]"
echo "set-up done"
