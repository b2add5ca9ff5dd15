#!/usr/bin/env bash
# Runs the ghz load tests in deploy/load/ghz against a running cluster and writes the reports to
# .springboard/load/ghz-<timestamp>/ at the repository root.
#
#   deploy/load/run.sh                     every test, server reflection
#   deploy/load/run.sh converse route      only these tests
#   GHZ_USE_PROTO=1 deploy/load/run.sh     read proto/ instead of asking the servers (no reflection)
#   GHZ_ARGS="-c 32 -z 60s" deploy/load/run.sh converse   extra ghz flags; they override the config
#   GHZ_FORMAT=html deploy/load/run.sh     report format: summary (default), json, pretty, html, csv, ...
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"

if ! command -v ghz >/dev/null 2>&1; then
  cat >&2 <<'MSG'
ghz is not on PATH. Install it with Go:
  go install github.com/bojand/ghz/cmd/ghz@latest      (then add "$(go env GOPATH)/bin" to PATH)
or download a release binary from https://github.com/bojand/ghz/releases
(for example ghz-linux-x86_64.tar.gz; unpack it and put ghz on PATH).
For the client-side view of the stream (time to first token, time between tokens) no ghz is needed:
  npx springboard load
MSG
  exit 127
fi

# addr_of and proto_of map a test name to its service's address and proto file.
addr_of() {
  case "$1" in
    converse) echo "${GATEWAY_ADDR:-localhost:50051}" ;;
    route) echo "${ROUTER_ADDR:-localhost:50052}" ;;
    skills-invoke) echo "${SKILL_REGISTRY_ADDR:-localhost:50054}" ;;
    retrieval-search) echo "${RETRIEVAL_ADDR:-localhost:50055}" ;;
    *) return 1 ;;
  esac
}
proto_of() {
  case "$1" in
    converse) echo "springboard/gateway/v1/gateway.proto" ;;
    route) echo "springboard/router/v1/router.proto" ;;
    skills-invoke) echo "springboard/skills/v1/skills.proto" ;;
    retrieval-search) echo "springboard/retrieval/v1/retrieval.proto" ;;
  esac
}

all=(route retrieval-search skills-invoke converse)
tests=("$@")
if [ ${#tests[@]} -eq 0 ]; then tests=("${all[@]}"); fi
for t in "${tests[@]}"; do
  if ! addr_of "$t" >/dev/null; then
    echo "unknown test \"$t\"; choose from: ${all[*]}" >&2
    exit 2
  fi
done

format="${GHZ_FORMAT:-summary}"
case "$format" in
  summary | influx-summary | influx-details) ext=txt ;;
  json | pretty) ext=json ;;
  html) ext=html ;;
  csv) ext=csv ;;
  *) echo "GHZ_FORMAT must be one of summary, json, pretty, html, csv, influx-summary, influx-details" >&2; exit 2 ;;
esac

out="${LOAD_OUT:-$root/.springboard/load/ghz-$(date -u +%Y%m%dT%H%M%SZ)}"
mkdir -p "$out"

# ghz resolves data-file paths from the working directory.
cd "$here"
status=0
for t in "${tests[@]}"; do
  args=(--config "ghz/$t.json")
  if [ "${GHZ_USE_PROTO:-0}" = "1" ]; then
    args+=(--proto "$root/proto/$(proto_of "$t")" --import-paths "$root/proto")
  fi
  # shellcheck disable=SC2206
  extra=(${GHZ_ARGS:-})
  report="$out/$t.$ext"
  host="$(addr_of "$t")"
  echo "== $t -> $host"
  if ghz "${args[@]}" ${extra[@]+"${extra[@]}"} --format "$format" --output "$report" "$host"; then
    if [ "$ext" = txt ]; then cat "$report"; else echo "report: $report"; fi
  else
    echo "ghz failed for $t: is the service at $host running? (npx springboard up)" >&2
    status=1
  fi
done
echo "reports in $out"
exit "$status"
