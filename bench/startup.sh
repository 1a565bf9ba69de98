#!/usr/bin/env bash
# Start-up benchmark: for each service, time from `java -jar` to /q/health/ready = 200, Quarkus's
# own "started in", and RSS at ready and after 200 authenticated requests; next to two floors
# measured in the same run (a bare JVM, and the sandbox: a minimal Quarkus app); then the time
# `./run` takes to all-ready when everything is already built (warm).
#   bench/startup.sh [RUNS]      (default 5 runs per service, 3 of ./run)
# SERVICES="calendar-service" measures only those services (next to the same floors); RUN_RUNS=0 skips ./run's
# warm start.
# Needs the suite built (./run builds it). Uses ./run for PostgreSQL, Kafka and the sandbox, and
# starts each measured instance on a spare port next to it. Prints a Markdown table.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${1:-5}
RUN_RUNS=${RUN_RUNS:-3}
SERVICES=${SERVICES:-token-service calendar-service mailchimp-service status-service}
DATA=${INTEGRATIONS_DATA_DIR:-$ROOT/.data}
# The same JVM flags ./run gives every service.
JAVA_OPTS=$(sed -n 's/^JAVA_OPTS=\${INTEGRATIONS_JAVA_OPTS:-\(.*\)}$/\1/p' "$ROOT/run")
SPARE_PORT=18180
TMP=$(mktemp -d /tmp/bench-startup.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

now_ms() { date +%s%3N; }
rss_mb() { awk '/VmRSS/ { printf "%d", $2 / 1024 }' "/proc/$1/status"; }

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

measure() { # name jar [java args...] -> appends "ready_ms started_ms rss_ready rss_after" to $TMP/name
  local name=$1 jar=$2; shift 2
  local key=$name
  case "${CDS:-}" in
    record) key=$name.record; set -- "-XX:ArchiveClassesAtExit=$TMP/$name.jsa" "$@" ;;
    use) key=$name.cds; set -- "-XX:SharedArchiveFile=$TMP/$name.jsa" -Xlog:cds=off "$@" ;;
  esac
  local log=$TMP/$name.log t0 pid ready started
  t0=$(now_ms)
  INTEGRATIONS_IDENTITY_CLIENT_SECRET=$SECRET SANDBOX_IDENTITY_CLIENT_SECRET=$SECRET \
    java $JAVA_OPTS -Dquarkus.http.host=127.0.0.1 -Dquarkus.http.port=$SPARE_PORT "$@" -jar "$jar" > "$log" 2>&1 &
  pid=$!
  until curl -fs -m 1 -o /dev/null "http://127.0.0.1:$SPARE_PORT/q/health/ready"; do
    kill -0 "$pid" 2>/dev/null || { tail -20 "$log" >&2; echo "$name died" >&2; exit 1; }
    sleep 0.02
  done
  ready=$(( $(now_ms) - t0 ))
  local rss_ready; rss_ready=$(rss_mb "$pid")
  started=$(sed -n 's/.*started in \([0-9.]*\)s.*/\1/p' "$log" | head -1)
  local path=${PROBE_PATH:-/q/health/live} i
  for i in $(seq 1 200); do curl -s -o /dev/null -H "Authorization: Bearer $TOKEN" "http://127.0.0.1:$SPARE_PORT$path"; done
  local rss_after; rss_after=$(rss_mb "$pid")
  kill "$pid"; wait "$pid" 2>/dev/null || true
  echo "$ready ${started/./} $rss_ready $rss_after" >> "$TMP/$key"
}

row() { # label name
  local f=$TMP/$2
  printf '| %s | %s | %s | %s | %s |\n' "$1" \
    "$(stats $(awk '{ print $1 }' "$f"))" \
    "$(stats $(awk '{ printf "%d\n", $2 }' "$f"))" \
    "$(stats $(awk '{ print $3 }' "$f"))" \
    "$(stats $(awk '{ print $4 }' "$f"))"
}

cd "$ROOT"
./run > "$TMP/run.log" 2>&1 || { cat "$TMP/run.log"; exit 1; }
SECRET=$(cat "$DATA/secrets/identity-client-secret")
TOKEN=$(curl -s localhost:8090/idp/dev-tokens -H 'Content-Type: application/json' \
  -d '{"tenantId":"bench","userId":"bench","roles":["tenant_admin"]}' | sed 's/.*"access_token":"\([^"]*\)".*/\1/')

# Floor 1: a JVM that does nothing.
for _ in $(seq 1 "$RUNS"); do
  t0=$(now_ms); java $JAVA_OPTS -version > /dev/null 2>&1; echo "$(( $(now_ms) - t0 ))" >> "$TMP/jvm"
done

all_services() {
  PROBE_PATH=/idp/jwks measure sandbox "$ROOT/sandbox/target/quarkus-app/quarkus-run.jar" \
    -Dsandbox.identity.issuer="http://127.0.0.1:$SPARE_PORT/idp"
  for s in $SERVICES; do
    case $s in
      token-service) PROBE_PATH=/connection-policy measure "$s" "$ROOT/$s/target/quarkus-app/quarkus-run.jar" ;;
      calendar-service) PROBE_PATH=/calendar/settings measure "$s" "$ROOT/$s/target/quarkus-app/quarkus-run.jar" ;;
      mailchimp-service) PROBE_PATH=/mailchimp/settings measure "$s" "$ROOT/$s/target/quarkus-app/quarkus-run.jar" ;;
      status-service) PROBE_PATH=/status/attention-policy measure "$s" "$ROOT/$s/target/quarkus-app/quarkus-run.jar" ;;
      *) echo "unknown service $s" >&2; exit 1 ;;
    esac
  done
}
# Without a class-data archive (a first start), then with one (what ./run uses from the 2nd start on).
for _ in $(seq 1 "$RUNS"); do all_services; done
CDS=record all_services
for _ in $(seq 1 "$RUNS"); do CDS=use all_services; done

for _ in $(seq 1 "$RUN_RUNS"); do
  ./run stop > /dev/null 2>&1
  t0=$(now_ms); ./run > "$TMP/run.log" 2>&1; echo "$(( $(now_ms) - t0 ))" >> "$TMP/run-warm"
done
./run stop > /dev/null 2>&1

echo
echo "Start-up, $RUNS runs each, $(nproc) cores, JVM flags: $JAVA_OPTS"
echo "(min / median / max; 'RSS after' = after 200 authenticated requests to a database-backed endpoint)"
echo
echo "| process | spawn → ready (ms) | Quarkus \"started in\" (ms) | RSS at ready (MB) | RSS after (MB) |"
echo "|---|---|---|---|---|"
printf '| floor: bare JVM (java -version) | %s | – | – | – |\n' "$(stats $(cat "$TMP/jvm"))"
row "floor: sandbox (minimal Quarkus app)" sandbox
row "floor: sandbox, with class-data archive" sandbox.cds
for s in $SERVICES; do
  row "$s, first start (no archive)" "$s"
  row "$s, with class-data archive (./run)" "$s.cds"
done
if [ "$RUN_RUNS" -gt 0 ]; then
  echo
  echo "| ./run, warm (built, data and class-data archives present), stop → all ready | $(stats $(cat "$TMP/run-warm")) ms |"
  echo "|---|---|"
fi
echo
echo "Goals: each service ≤ 2000 ms and ≤ 200 MB."
