#!/usr/bin/env bash
# Execute every notebook headless with Deno's Jupyter kernel (npm package `deno`)
# and Debian's jupyter-nbconvert; fails if any cell fails. Outputs go to a temp
# folder (the committed notebooks stay without outputs).
set -euo pipefail
cd "$(dirname "$0")"
root=$(cd .. && pwd)
deno="$root/node_modules/@deno/linux-x64-glibc/deno"
[ -x "$deno" ] || { echo "notebooks: $deno missing (npm ci)"; exit 1; }
[ -x /usr/bin/jupyter ] || { echo "notebooks: /usr/bin/jupyter missing (apt-get install -y --no-install-recommends jupyter-nbconvert python3-ipykernel)"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/kernels/deno"
printf '{"argv":["%s","jupyter","--kernel","--conn","{connection_file}"],"display_name":"Deno","language":"typescript"}\n' "$deno" > "$tmp/kernels/deno/kernel.json"
export JUPYTER_PATH="$tmp" NO_COLOR=1 DENO_NO_UPDATE_CHECK=1
status=0
for nb in *.ipynb; do
  if /usr/bin/jupyter nbconvert --to notebook --execute --ExecutePreprocessor.timeout=300 --output-dir "$tmp/out" "$nb" >"$tmp/log" 2>&1; then
    echo "notebook ok: $nb"
  else
    echo "notebook FAILED: $nb"; cat "$tmp/log"; status=1
  fi
done
exit $status
