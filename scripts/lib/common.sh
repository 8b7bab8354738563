# Shared helpers for the project's shell scripts. Human messages go to stderr so that stdout
# stays machine-readable (KEY=value lines).

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
SERVICES_DIR="${TRACEY_SERVICES_DIR:-$REPO_ROOT/.services}"

say() { printf '%s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# port_open HOST PORT: true when something accepts TCP connections there.
port_open() {
  (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null
}

# wait_for SECONDS DESCRIPTION COMMAND...: polls COMMAND once a second until it succeeds.
wait_for() {
  local seconds=$1 what=$2
  shift 2
  local waited=0
  until "$@"; do
    waited=$((waited + 1))
    if [ "$waited" -ge "$seconds" ]; then
      say "timed out after ${seconds}s waiting for $what"
      return 1
    fi
    sleep 1
  done
}

# apt_install PACKAGE...: installs Debian packages (root only), updating the lists once.
apt_install() {
  command -v apt-get >/dev/null || die "apt-get is not available: install $* yourself"
  [ "$(id -u)" = 0 ] || die "installing $* needs root (or install it yourself)"
  if [ -z "${TRACEY_APT_UPDATED:-}" ]; then
    say "apt-get update"
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >&2 || die "apt-get update failed"
    TRACEY_APT_UPDATED=1
  fi
  say "apt-get install $*"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2 || die "apt-get install $* failed"
}
