#!/usr/bin/env bash
# Installs the official OpenLineage Python client (openlineage-python, pinned) from PyPI into a virtual
# environment under .tools/ (or ATLAS_TOOLS_DIR), once; prints the environment's python on stdout.
# Used by ./atlas test before the end-to-end tests and by the lineage end-to-end test itself, which
# posts events to the gateway with it. Needs python3 with venv (.ci/run installs python3-venv).
set -euo pipefail

OPENLINEAGE_PYTHON_VERSION=1.54.0
ROOT=$(cd -- "$(dirname -- "${BASH_SOURCE[0]}")/../.." && pwd -P)
TOOLS=${ATLAS_TOOLS_DIR:-$ROOT/.tools}
VENV=$TOOLS/openlineage-python
STAMP=$VENV/.atlas-installed

say() { printf '\033[1m[openlineage-client]\033[0m %s\n' "$*" >&2; }
die() { printf '[openlineage-client] error: %s\n' "$*" >&2; exit 1; }

installed() { [[ -x $VENV/bin/python && -f $STAMP && $(cat "$STAMP") == "$OPENLINEAGE_PYTHON_VERSION" ]]; }

if ! installed; then
  command -v python3 >/dev/null 2>&1 || die "python3 is needed to run openlineage-python (apt-get install python3 python3-venv)"
  mkdir -p "$TOOLS"
  # One installer at a time (several checkouts may share .tools); the second finds it installed.
  exec 9>"$TOOLS/openlineage-python.lock"
  flock 9
  if ! installed; then
    say "installing openlineage-python $OPENLINEAGE_PYTHON_VERSION into $VENV (PyPI)"
    python3 -m venv --clear "$VENV" >&2 || die "python3 could not create a virtual environment (apt-get install python3-venv)"
    "$VENV/bin/pip" install --quiet --disable-pip-version-check "openlineage-python==$OPENLINEAGE_PYTHON_VERSION" >&2 ||
      die "could not install openlineage-python $OPENLINEAGE_PYTHON_VERSION from PyPI"
    echo "$OPENLINEAGE_PYTHON_VERSION" >"$STAMP"
  fi
fi
echo "$VENV/bin/python"
