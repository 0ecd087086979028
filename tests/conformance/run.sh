#!/bin/sh
# Runs the wire conformance tests (tests/conformance/test_*.py) against conformance_server.
#   tests/conformance/run.sh [path/to/conformance_server]   (default: build/conformance_server)
# fake_iam_server is looked for next to it (override with FAKE_IAM_SERVER).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
server=${1:-$root/build/conformance_server}
case $server in /*) ;; *) server=$(pwd)/$server ;; esac
export FAKE_IAM_CONFORMANCE_SERVER="$server"
cd "$root"
exec python3 -m unittest discover -s tests/conformance -p 'test_*.py' -v
