#!/usr/bin/env bash
# Audit a built site the way publishers are judged: the Nu HTML Checker (vnu) on every
# page, then Lighthouse (performance, accessibility, best practices, SEO) on a sample
# of pages in each language, served from 127.0.0.1.
#
#   tools/audit.sh            build the flagship into a temporary folder and audit it
#   tools/audit.sh SITE_DIR   audit an existing build
#
# Needs Java 17+, Node 20+ and Chromium (/usr/bin/chromium or CHROME_PATH). The npm
# tools are pinned and installed into ./node_modules (gitignored) on first run.
# Exits 1 if vnu reports an error or any Lighthouse score is below 1.00.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
VNU_VERSION=26.9.27
LIGHTHOUSE_VERSION=12.2.3
export CHROME_PATH=${CHROME_PATH:-/usr/bin/chromium}

work=$(mktemp -d)
server=""
cleanup() {
  if [ -n "$server" ]; then kill "$server" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

if [ $# -ge 1 ]; then
  site=$(cd "$1" && pwd)
else
  site="$work/site"
  "$ROOT/.venv/bin/python" "$ROOT/build.py" build -q --out "$site"
fi

cd "$ROOT"
if [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] || [ ! -x node_modules/.bin/lighthouse ] \
   || [ "$(node -p 'require("./node_modules/lighthouse/package.json").version' 2>/dev/null)" != "$LIGHTHOUSE_VERSION" ]; then
  npm install --no-save --no-audit --no-fund --loglevel=error -E "vnu-jar@$VNU_VERSION" "lighthouse@$LIGHTHOUSE_VERSION"
fi

status=0
echo "== vnu $VNU_VERSION: every HTML page"
if java -jar node_modules/vnu-jar/build/dist/vnu.jar --skip-non-html --errors-only --format gnu "$site"; then
  echo "vnu: no errors in $(find "$site" -name '*.html' | wc -l) pages"
else
  status=1
fi

echo "== Lighthouse $LIGHTHOUSE_VERSION"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
python3 -m http.server "$port" --bind 127.0.0.1 --directory "$site" >/dev/null 2>&1 &
server=$!
for _ in $(seq 50); do
  if python3 -c "import urllib.request; urllib.request.urlopen('http://127.0.0.1:$port/')" 2>/dev/null; then break; fi
  sleep 0.1
done

# The home, first section, its parallel view, claims and search pages of each language, and the root chooser.
urls=("index.html")
for lang_dir in "$site"/*/; do
  lang=$(basename "$lang_dir")
  [ -f "$lang_dir/claims.html" ] || continue
  parallel=$(cd "$lang_dir" && ls parallel-*.html | head -1)
  urls+=("$lang/index.html" "$lang/${parallel#parallel-}" "$lang/$parallel" "$lang/claims.html" "$lang/search.html")
done

printf '%-40s %5s %5s %5s %5s\n' page perf a11y bp seo
for url in "${urls[@]}"; do
  out="$work/$(echo "$url" | tr '/' '_')"
  node_modules/.bin/lighthouse "http://127.0.0.1:$port/$url" --quiet --output=json --output-path="$out.json" \
    --chrome-flags="--headless=new --no-sandbox --disable-gpu" --preset=desktop >/dev/null 2>&1 || true
  if [ ! -s "$out.json" ]; then echo "$url: Lighthouse did not run"; status=1; continue; fi
  line=$(node -e '
    const r = require(process.argv[1]); const c = r.categories;
    const s = ["performance", "accessibility", "best-practices", "seo"].map(k => c[k].score);
    const failed = Object.values(r.audits).filter(a => a.score !== null && a.score < 1 && a.scoreDisplayMode === "binary").map(a => a.id);
    console.log(s.map(x => x.toFixed(2)).join(" ") + (failed.length ? "  (" + failed.join(", ") + ")" : ""));
    process.exitCode = s.every(x => x === 1) ? 0 : 3;' "$out.json") || status=1
  printf '%-40s %s\n' "$url" "$line"
done
exit $status
