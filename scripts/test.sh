#!/usr/bin/env bash
# Runs the whole test suite (or the test files under the folders given as arguments).
# Integration tests start their own Azurite (in-process) and moto_server (on a free port).
set -euo pipefail
cd "$(dirname "$0")/.."
export AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED=true \
  CDK_DISABLE_CLI_TELEMETRY=1 CDK_DISABLE_VERSION_CHECK=1 \
  AWS_REGION="${AWS_REGION:-us-east-1}" AWS_ACCESS_KEY_ID="${AWS_ACCESS_KEY_ID:-test}" \
  AWS_SECRET_ACCESS_KEY="${AWS_SECRET_ACCESS_KEY:-test}"
if ! command -v moto_server >/dev/null 2>&1; then
  echo 'moto_server is not on PATH: install it with: pip install "moto[server]"' >&2
  exit 1
fi
echo "typecheck: tsc --noEmit"
node_modules/.bin/tsc --noEmit
roots=("${@:-test}")
mapfile -t files < <(find "${roots[@]}" -name '*.test.ts' -not -path '*/faults/full/*' | sort)
if [ "${#files[@]}" -eq 0 ]; then echo "no test files under ${roots[*]}" >&2; exit 1; fi
exec node --import tsx --test --test-concurrency=2 --test-timeout=300000 "${files[@]}"
