#!/usr/bin/env bash
# Tokenises every .krav file of the repository with the VS Code grammar
# (editors/vscode/syntaxes/krav.tmLanguage.json) and checks the scopes.
#
# The npm packages it needs (vscode-textmate, vscode-oniguruma, pinned in
# package-lock.json) go to a cache folder outside the work tree:
# ${SKYKRAV_NPM_CACHE:-$HOME/.cache/skykrav-npm}. They are installed again
# only when the lock file changes.
#
# Without node and npm the test is skipped, except on CI (CI set), where
# that is a failure.
set -euo pipefail

if ! command -v node >/dev/null 2>&1 || ! command -v npm >/dev/null 2>&1; then
  if [ -n "${CI:-}" ]; then
    echo "editors/test: node/npm not found, and CI is set: install Node.js (18 or later) with npm" >&2
    exit 1
  fi
  echo "editors/test: skipped: node/npm not found"
  exit 0
fi

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
cache="${SKYKRAV_NPM_CACHE:-${HOME:?is not set: set SKYKRAV_NPM_CACHE to a cache folder}/.cache/skykrav-npm}"

mkdir -p "$cache"
stamp="$cache/.skykrav-installed-lock"

install() {
  if [ -d "$cache/node_modules/vscode-textmate" ] && [ -d "$cache/node_modules/vscode-oniguruma" ] \
    && cmp -s "$here/package-lock.json" "$stamp"; then
    return 0
  fi
  echo "editors/test: installing vscode-textmate and vscode-oniguruma into $cache"
  rm -f "$stamp"
  cp "$here/package.json" "$here/package-lock.json" "$cache/"
  npm ci --prefix "$cache" --ignore-scripts --no-audit --no-fund --loglevel=error >&2
  cp "$here/package-lock.json" "$stamp"
}

# Two runs that share the cache must not install into it at the same time.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$cache/.skykrav-lock"
  flock 9
  install
  flock -u 9
  exec 9>&-
else
  install
fi

export SKYKRAV_TEST_MODULES="$cache/node_modules"
export NODE_PATH="$cache/node_modules${NODE_PATH:+:$NODE_PATH}"
exec node "$here/tokenize.mjs" "$@"
