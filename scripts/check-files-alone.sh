#!/usr/bin/env bash
# Runs every test file of a vitest project alone (`vitest run --project <p> <file>`), one after the
# other, and lists those that fail: a file that passes only after another one has run leans on
# state it did not make (issue 16). Slow by design (one vitest start per file); not part of CI.
#   bash scripts/check-files-alone.sh [unit|integration|faults ...]   (default: unit integration)
# The integration and faults files use the tests' own Neo4j as `npm test` does
# (scripts/test-services.sh; TRACEY_TEST_* settings choose another one). Logs go to
# CHECK_LOG_DIR (default a new temporary directory); exit 0 only when every file passed.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib/common.sh"
source "$REPO_ROOT/scripts/lib/ensure-node.sh"
cd "$REPO_ROOT"
ensure_node

projects=("$@")
[ ${#projects[@]} -gt 0 ] || projects=(unit integration)
logs="${CHECK_LOG_DIR:-$(mktemp -d /tmp/tracey-files-alone.XXXXXX)}"
mkdir -p "$logs"

files_of() {
  # The files the project's include/exclude globs select, as vitest lists them.
  npx vitest list --project "$1" --filesOnly 2>/dev/null | sed -e 's/^\[[^]]*\] //' | sort -u
}

failed=()
total=0
for project in "${projects[@]}"; do
  mapfile -t files < <(files_of "$project")
  [ ${#files[@]} -gt 0 ] || die "vitest lists no files for project '$project'"
  say "=== $project: ${#files[@]} files, each alone"
  for file in "${files[@]}"; do
    total=$((total + 1))
    log="$logs/$(echo "$project-$file" | tr '/' '_').log"
    started=$(date +%s)
    if npx vitest run --project "$project" "$file" >"$log" 2>&1; then
      say "ok   $file ($(($(date +%s) - started))s)"
    else
      say "FAIL $file ($(($(date +%s) - started))s): $log"
      failed+=("$project $file")
    fi
  done
done
say "=== $((total - ${#failed[@]})) of $total files passed alone; logs in $logs"
for f in "${failed[@]}"; do say "failed alone: $f"; done
[ ${#failed[@]} -eq 0 ]
