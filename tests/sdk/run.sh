#!/bin/sh
# Runs one AWS SDK's conformance tests against fake_iam_server (CTest: sdk_js, sdk_go_v2,
# sdk_go_v1, sdk_ruby).
#
#   FAKE_IAM_SERVER=build/fake_iam_server tests/sdk/run.sh js|go-v2|go-v1|ruby [CACHE_DIR]
#
# CACHE_DIR (default: build/sdk) keeps what a run installs or compiles: the pinned npm packages and
# npm's cache, and Go's build cache. A repeat run installs and compiles nothing, and needs no
# network. Without the SDK's toolchain the run is skipped (exit 77), except under CI (CI set),
# where it fails: tools/install-deps installs every one of them.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
sdk=${1:?usage: tests/sdk/run.sh js|go-v2|go-v1|ruby [CACHE_DIR]}
cache=${2:-$root/build/sdk}
mkdir -p "$cache"
cache=$(cd "$cache" && pwd)

: "${FAKE_IAM_SERVER:=$root/build/fake_iam_server}"
case $FAKE_IAM_SERVER in /*) ;; *) FAKE_IAM_SERVER=$(pwd)/$FAKE_IAM_SERVER ;; esac
export FAKE_IAM_SERVER
if [ ! -x "$FAKE_IAM_SERVER" ]; then
  echo "$FAKE_IAM_SERVER is missing: build fake_iam_server_main, or set FAKE_IAM_SERVER" >&2
  exit 1
fi

# missing WHAT: skip (77) on a developer's machine, fail under CI.
missing() {
  if [ -n "${CI:-}" ]; then
    echo "FAIL: $1 is not installed (run tools/install-deps)" >&2
    exit 1
  fi
  echo "SKIP: $1 is not installed (tools/install-deps installs it); the $sdk conformance tests did not run"
  exit 77
}

case $sdk in
  js)
    command -v node >/dev/null && command -v npm >/dev/null || missing "Node.js 20 with npm"
    # `npm ci` into the cache, once per package-lock.json: NODE_PATH lets the test, which stays in
    # the source tree, require the pinned @aws-sdk/client-iam from there.
    js=$cache/js
    mkdir -p "$js"
    if ! cmp -s "$here/js/package-lock.json" "$js/installed-package-lock.json" ||
       [ ! -d "$js/node_modules/@aws-sdk/client-iam" ]; then
      cp "$here/js/package.json" "$here/js/package-lock.json" "$js/"
      (cd "$js" && npm ci --prefer-offline --ignore-scripts --no-audit --no-fund \
         --cache "$js/npm-cache")
      cp "$here/js/package-lock.json" "$js/installed-package-lock.json"
    fi
    export NODE_PATH="$js/node_modules"
    # The pinned SDK supports Node 20; its notice about versions to come is noise here.
    export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true
    exec node --test "$here/js/iam.test.js"
    ;;
  go-v2 | go-v1)
    gopath=${FAKE_IAM_GOPATH:-/usr/share/gocode}
    case $sdk in
      go-v2) package=github.com/aws/aws-sdk-go-v2 debian=golang-github-aws-aws-sdk-go-v2-dev ;;
      go-v1) package=github.com/aws/aws-sdk-go debian=golang-github-aws-aws-sdk-go-dev ;;
    esac
    command -v go >/dev/null || missing "Go (golang-go)"
    [ -d "$gopath/src/$package/service/iam" ] || missing "$package in $gopath ($debian)"
    # GOPATH mode: the tests' own tree first, then Debian's Go sources; nothing is downloaded.
    # Go's build cache lives in the cache directory, so the SDK is compiled only on the first run.
    export GOPATH="$here/go:$gopath" GO111MODULE=off GOFLAGS= GOPROXY=off GOENV=off \
      GOTOOLCHAIN=local GOCACHE="$cache/go-cache"
    exec go test -count=1 -v "fakeiamsdk/${sdk#go-}"
    ;;
  ruby)
    command -v ruby >/dev/null || missing "Ruby (ruby)"
    ruby -e 'require "aws-sdk-v1"' 2>/dev/null || missing "Ruby's aws-sdk v1 (ruby-aws-sdk)"
    exec ruby "$here/ruby/iam_test.rb" --verbose
    ;;
  *)
    echo "unknown SDK $sdk: want js, go-v2, go-v1 or ruby" >&2
    exit 2
    ;;
esac
