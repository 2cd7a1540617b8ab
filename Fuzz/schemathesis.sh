#!/usr/bin/env bash
# HTTP fuzz of the sandbox driven by the project's catalogs: schemathesis generates requests
# for every operation of stdlib/apis/*.yaml (writes included) against `ccs sandbox serve`,
# and checks that no answer is a 5xx (no faults are configured, so none is injected) and that
# status codes, content types and bodies conform to the catalogs.
#
#   bash Fuzz/schemathesis.sh SECONDS [MAX_EXAMPLES]
#
# Installs schemathesis into .fuzz/venv (gitignored) on first use. Needs .build/debug/ccs.
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
examples=${2:-1000}
venv=.fuzz/venv
version=4.32.5
if ! "$venv/bin/schemathesis" --version 2>/dev/null | grep -q "$version"; then
  python3 -m venv "$venv"
  "$venv/bin/pip" install -q "schemathesis==$version"
fi
[ -x .build/debug/ccs ] || swift build --product ccs
mkdir -p .fuzz/logs .fuzz/schemathesis
banner=.fuzz/logs/sandbox-banner.txt
.build/debug/ccs sandbox serve --port 0 --task-duration 200ms >"$banner" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true' EXIT
base=""
for _ in $(seq 1 100); do
  base=$(grep -o 'Clever Cloud API: *http://[0-9.:]*' "$banner" | grep -o 'http://.*' || true)
  [ -n "$base" ] && break
  sleep 0.1
done
[ -n "$base" ] || { echo "schemathesis: the sandbox did not start" >&2; cat "$banner" >&2; exit 1; }

checks=not_a_server_error,status_code_conformance,content_type_conformance,response_schema_conformance
status=0
half=$(( seconds / 2 > 1 ? seconds / 2 : 1 ))
for spec in cloudron:stdlib/apis/cloudron-v1.yaml:cloudron-demo-owner-token-rw \
  clever:stdlib/apis/clever-cloud-v4.yaml:clever-demo-api-token; do
  IFS=: read -r name file token <<<"$spec"
  echo "schemathesis: $name ($file) against $base for up to ${half}s"
  "$venv/bin/schemathesis" run "$file" --url "$base" -H "Authorization: Bearer $token" \
    --checks "$checks" --max-time "$half" --max-examples "$examples" --workers 1 --seed 42 \
    --phases examples,coverage,fuzzing --suppress-health-check all --no-color \
    --generation-database none --report junit \
    --report-junit-path ".fuzz/schemathesis/$name.xml" >".fuzz/logs/schemathesis-$name.log" 2>&1 \
    || status=1
  tail -n 25 ".fuzz/logs/schemathesis-$name.log"
done
exit $status
