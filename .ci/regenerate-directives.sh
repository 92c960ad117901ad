#!/usr/bin/env bash
# The probed half of the directive table (contexts, arity, blocks, modules: nginx 1.22's own answers in
# src/NginxConf/Directives/Probe/*.json) is generated. Regenerate it and fail when the checked-in
# files differ from what the generator writes now.
set -euo pipefail
cd "$(dirname "$0")/.."
generated=src/NginxConf/Directives/Generated
python3 src/NginxConf/Directives/Probe/generate_modules.py
if ! git diff --exit-code -- "$generated" || [ -n "$(git status --porcelain -- "$generated")" ]; then
  echo "$generated is not what src/NginxConf/Directives/Probe/generate_modules.py writes: run it and commit the result" >&2
  exit 1
fi
