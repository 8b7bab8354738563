#!/usr/bin/env bash
# Prints the shell line that puts Node >= 22 first on PATH, installing Node 24 LTS from the npm
# registry into a cached prefix when the machine's Node is older:
#   eval "$(bash scripts/node-env.sh)"
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/ensure-node.sh"
ensure_node
printf 'export PATH=%q:"$PATH"\n' "$(dirname "$(command -v node)")"
