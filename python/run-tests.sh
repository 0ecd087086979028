#!/bin/sh
# Installs the pytest fixture into a throwaway virtual environment, offline, and runs its tests and
# examples/python with pytest against a fake_iam_server program.
#   python/run-tests.sh [path/to/fake_iam_server] [pytest arguments...]
# The program defaults to $FAKE_IAM_SERVER. The interpreter is $PYTHON or python3; the venv sees
# its packages (boto3) and its setuptools; wheel comes from Debian's python3-wheel-whl
# (/usr/share/python-wheels) when missing. When the interpreter has no pytest, Debian's
# python3-pytest is borrowed: pure Python, for the same Python 3 minor version.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
if [ $# -gt 0 ]; then FAKE_IAM_SERVER=$1; shift; fi
: "${FAKE_IAM_SERVER:?give the fake_iam_server program as the first argument or in FAKE_IAM_SERVER}"
case $FAKE_IAM_SERVER in /*) ;; *) FAKE_IAM_SERVER=$(pwd)/$FAKE_IAM_SERVER ;; esac
export FAKE_IAM_SERVER
python=${PYTHON:-python3}
wheels=${FAKE_IAM_PYTHON_WHEELS:-/usr/share/python-wheels}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT INT TERM
"$python" -m venv --system-site-packages "$work/venv"
venv_python=$work/venv/bin/python
export PYTHONDONTWRITEBYTECODE=1 PIP_DISABLE_PIP_VERSION_CHECK=1
# No build isolation: an isolated build would fetch setuptools from PyPI. The venv has the
# interpreter's setuptools; wheel, which setuptools before 70.1 builds wheels with, comes from
# Debian's wheel file (Debian's setuptools wheel is patched for Debian's Python and fails here).
if ! "$venv_python" -c 'import wheel' 2>/dev/null; then
  "$venv_python" -m pip install --quiet --no-index --find-links "$wheels" wheel
fi
# From a copy: setuptools writes build/ and *.egg-info beside the sources.
mkdir "$work/fixture"
cp -R "$here/pyproject.toml" "$here/README.md" "$here/src" "$work/fixture/"
"$venv_python" -m pip install --quiet --no-index --no-build-isolation "$work/fixture"

if ! "$venv_python" -c 'import pytest' 2>/dev/null; then
  debian=/usr/lib/python3/dist-packages
  if [ ! -d "$debian/pytest" ]; then
    echo "run-tests.sh: $python has no pytest and Debian's python3-pytest is not installed" >&2
    echo "(tools/install-deps installs it)" >&2
    exit 1
  fi
  # Only pytest and the packages it needs that the venv lacks: the rest of dist-packages would
  # shadow the interpreter's own (boto3's dependencies among them).
  site=$("$venv_python" -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
  for module in pytest _pytest py pluggy iniconfig packaging attr exceptiongroup; do
    "$venv_python" -c "import $module" 2>/dev/null && continue
    for path in "$debian/$module" "$debian/$module.py" "$debian/$module"-*.dist-info \
        "$debian/$module"-*.egg-info; do
      [ -e "$path" ] && ln -s "$path" "$site/"
    done
  done
fi

cd "$root"
exec "$venv_python" -m pytest -p no:cacheprovider "$here/tests" examples/python "$@"
