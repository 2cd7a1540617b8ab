#!/usr/bin/env bash
# Stream benchmarks (sourced by scripts/bench, or run alone: scripts/bench-lib/streams.sh CCS_BIN OUT_DIR)
#  1. 100,000 Clever log events from a sandbox with the rate knob at 0, consumed by
#     `ccs -c 'clever logs … | length'` and by `curl -N` of the same URL into /dev/null.
#  2. peak RSS of `watch clever logs …` over 10,000 and 1,000,000 events.
# Writes OUT_DIR/streams.txt; exits non-zero when ccs counts the wrong number of events.
set -euo pipefail
ccs="${1:?usage: streams.sh CCS_BIN OUT_DIR}"
out="${2:?usage: streams.sh CCS_BIN OUT_DIR}"
events="${STREAM_EVENTS:-100000}"
mkdir -p "$out"

"$ccs" sandbox serve --port 0 --live-log-interval 0 >"$out/sandbox.log" 2>&1 &
sandbox_pid=$!
trap 'kill "$sandbox_pid" 2>/dev/null || true' EXIT
base=""
for _ in $(seq 1 100); do
  base="$(grep -o 'http://127\.0\.0\.1:[0-9]*' "$out/sandbox.log" | head -n1 || true)"
  [[ -n "$base" ]] && break
  sleep 0.1
done
[[ -n "$base" ]] || { echo "bench: the sandbox did not start (see $out/sandbox.log)" >&2; exit 1; }
token=clever-demo-api-token
auth=(-H "Authorization: Bearer $token")
org="$(curl -s "${auth[@]}" "$base/v2/organisations" | jq -r '.[0].id')"
app="$(curl -s "${auth[@]}" "$base/v2/organisations/$org/applications" | jq -r '.[0].id')"
cat >"$out/bench-config.toml" <<TOML
[profiles.bench]
api = "clever"
base_url = "$base"
token = "$token"
TOML
chmod 600 "$out/bench-config.toml"
export CCS_CONFIG="$out/bench-config.toml"
url="$base/v4/logs/organisations/$org/applications/$app/logs"

count="$("$ccs" -c "clever logs --owner $org --app $app --limit $events | length")"
[[ "$count" == "$events" ]] || { echo "bench: ccs counted '$count' events, expected $events" >&2; exit 1; }

hyperfine --warmup 1 --runs "${STREAM_RUNS:-5}" --export-json "$out/streams.json" \
  -n "ccs clever logs | length" "$(printf '%q' "$ccs") -c 'clever logs --owner $org --app $app --limit $events | length'" \
  -n "curl -N > /dev/null" "curl -sN ${auth[*]@Q} -H 'Accept: text/event-stream' '$url?limit=$events' >/dev/null"

rss() { # peak RSS in KiB of `watch` over $1 events
  /usr/bin/time -o "$out/rss-watch.txt" -v "$ccs" -c "watch clever logs --owner $org --app $app --limit $1 | length" >/dev/null
  awk -F': ' '/Maximum resident set size/ {print $2}' "$out/rss-watch.txt"
}
small="$(rss 10000)"
large="$(rss 1000000)"
ratio="$(jq -r '.results | (.[0].mean / .[1].mean * 100 | round / 100)' "$out/streams.json")"
{
  echo "streams: $events Clever log events, ccs vs curl -N: ${ratio}x (ccs $(jq -r '.results[0].mean*1000|round' "$out/streams.json") ms, curl $(jq -r '.results[1].mean*1000|round' "$out/streams.json") ms)"
  echo "streams: peak RSS of watch: 10k events ${small} KiB, 1M events ${large} KiB ($(( (large - small) * 100 / small ))% growth)"
  pass() { if [[ "$1" == 1 ]]; then echo PASS; else echo MISS; fi; }
  echo "  $(pass "$(jq -n "$ratio <= 1.5 | if . then 1 else 0 end")")  clever logs <= 1.5x curl -N (${ratio}x)"
  echo "  $(pass "$(( (large - small) * 100 <= 10 * small ? 1 : 0 ))")  watch RSS flat within 10% from 10k to 1M events"
} | tee "$out/streams.txt"
