#!/usr/bin/env bash
# Install what the test suite needs beyond Python: Debian's Chromium (browser tests) and
# PostgreSQL (store contract tests). Idempotent; needs root when something is missing.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing+=(postgresql)
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" != "0" ]; then
    echo "missing ${missing[*]} and not root: install them with apt-get" >&2
    exit 1
  fi
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi
# The browser tests drive this binary; fail here, not in the middle of the suite.
/usr/bin/chromium --version >&2
# A throw-away PostgreSQL server for the contract suite; its URL goes to the tests.
url="$("$(dirname "$0")/start-postgres.sh")"
echo "CITYPACT_TEST_PG_URL=$url"
