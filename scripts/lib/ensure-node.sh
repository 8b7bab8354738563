# Sourced: makes sure `node` on PATH is version 22 or newer. The system Node may be older (20 is
# past end of life), so install Node 24 LTS from the npm registry into a cached prefix and put
# it first on PATH. TRACEY_NODE_PREFIX overrides the prefix.

tracey_node_major() {
  node --version 2>/dev/null | sed -E 's/^v([0-9]+).*/\1/'
}

ensure_node() {
  local major
  major="$(tracey_node_major)"
  if [ -n "$major" ] && [ "$major" -ge 22 ]; then
    return 0
  fi
  local prefix="${TRACEY_NODE_PREFIX:-${XDG_CACHE_HOME:-$HOME/.cache}/tracey/node-24}"
  if [ ! -x "$prefix/bin/node" ]; then
    command -v npm >/dev/null || { echo "error: need Node >= 22, and npm to install it" >&2; return 1; }
    mkdir -p "$(dirname "$prefix")"
    # Two checkouts (or CI beside a developer's shell) may install at once: one installs under a
    # lock, into a fresh directory renamed into place, so nobody sees (or breaks) a half install.
    (
      flock 9
      [ -x "$prefix/bin/node" ] && exit 0
      echo "Node ${major:-none} is older than 22: installing node@24 into $prefix" >&2
      local staging="$prefix.installing.$$"
      rm -rf "$staging"
      npm install -g --prefix "$staging" --no-audit --no-fund node@24 >&2 || { rm -rf "$staging"; exit 1; }
      rm -rf "$prefix" && mv "$staging" "$prefix"
    ) 9>"$prefix.lock" || return 1
  fi
  export PATH="$prefix/bin:$PATH"
  echo "using $(command -v node) $(node --version)" >&2
}
