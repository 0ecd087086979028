#!/usr/bin/env bash
# Runs every fake_iam benchmark briefly and prints their summaries (about 1-2 minutes on two
# cores). Build Release first; the programs are looked for in BUILD_DIR:
#
#   benchmarks/run.sh [BUILD_DIR]     default: $FAKE_IAM_BUILD_DIR, else <repo>/build
#
# BUILD_DIR must hold upload_benchmark, wire_benchmark, server_lifecycle_benchmark and
# fake_iam_server (for Bazel, pass a directory of symlinks to the bazel-bin outputs). Knobs, all
# optional:
#   FAKE_IAM_BENCH_MIN_TIME        --benchmark_min_time per benchmark, seconds (default 0.2)
#   FAKE_IAM_BENCH_FRESH           never-seen uploads per key type (default 1000)
#   FAKE_IAM_BENCH_MEMORY_CERTS    certificates in the memory measurement (default 20000)
#   FAKE_IAM_BENCH_MOTO_ITERATIONS boto3 iterations per target, 8 calls each (default 200)
# The machine should be otherwise idle: the load average is printed before each program.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=${1:-${FAKE_IAM_BUILD_DIR:-$here/../build}}
build=$(cd "$build" && pwd)
min_time=${FAKE_IAM_BENCH_MIN_TIME:-0.2}
export FAKE_IAM_BENCH_FRESH=${FAKE_IAM_BENCH_FRESH:-1000}
export FAKE_IAM_BENCH_MEMORY_CERTS=${FAKE_IAM_BENCH_MEMORY_CERTS:-20000}
moto_iterations=${FAKE_IAM_BENCH_MOTO_ITERATIONS:-200}

for program in upload_benchmark wire_benchmark server_lifecycle_benchmark fake_iam_server; do
  if [[ ! -x $build/$program ]]; then
    echo "run.sh: $build/$program is missing; build it first" >&2
    exit 1
  fi
done
if [[ -f $build/CMakeCache.txt ]] &&
   ! grep -qE '^CMAKE_BUILD_TYPE:[A-Z]+=(Release|RelWithDebInfo)$' "$build/CMakeCache.txt"; then
  echo "run.sh: WARNING: $build is not a Release build; the figures will be pessimistic" >&2
fi

logs=$(mktemp -d)
trap 'rm -rf "$logs"' EXIT

echo "==== fake_iam benchmarks, $(date -u '+%Y-%m-%d %H:%M UTC'), build $build"
lscpu | head -n 15 | grep -E 'Model name|^CPU\(s\)|Thread|Core|MHz' || true
echo "git: $(git -C "$here/.." rev-parse --short HEAD 2>/dev/null || echo '?')" \
     "$(git -C "$here/.." status --porcelain 2>/dev/null | grep -q . && echo '(dirty tree)')"

started=$SECONDS
echo; echo "---- upload_benchmark (load $(cut -d' ' -f1-3 /proc/loadavg))"
"$build/upload_benchmark" --benchmark_min_time="$min_time" | tee "$logs/upload.txt"
echo; echo "---- wire_benchmark (load $(cut -d' ' -f1-3 /proc/loadavg))"
"$build/wire_benchmark" --benchmark_min_time="$min_time" | tee "$logs/wire.txt"
echo; echo "---- server_lifecycle_benchmark (load $(cut -d' ' -f1-3 /proc/loadavg))"
"$build/server_lifecycle_benchmark" --benchmark_min_time="$min_time" | tee "$logs/lifecycle.txt"
echo; echo "---- compare_moto.py (load $(cut -d' ' -f1-3 /proc/loadavg))"
python3 "$here/compare_moto.py" --server "$build/fake_iam_server" \
  --iterations "$moto_iterations" | tee "$logs/moto.txt"

echo
echo "================ all summaries ($((SECONDS - started)) s) ================"
sed -n '/: summary/,$p' "$logs/upload.txt"
sed -n '/: summary/,$p' "$logs/wire.txt"
sed -n '/: summary/,$p' "$logs/lifecycle.txt"
sed -n '/==== compare_moto/,$p' "$logs/moto.txt"
