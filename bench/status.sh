#!/usr/bin/env bash
# status-service benchmark: the projection, GET /integrations/status, the way from an event to a reader, and a rebuild
# (StatusBench, status-service's tests; surefire's default includes skip it), against a durable PostgreSQL and the test
# infrastructure's real Kafka, no sibling service (the bench publishes the siblings' events itself):
#  1. 10,000 tenants' histories (~7.5 events each) projected: events/s from the first send to the last tenant visible in
#     GET /integrations/status; ceilings: the same records from the same producer to a topic nobody reads, durable
#     single-row INSERTs over the app's pool; diagnostics: those INSERTs one after another in transactions of a poll's
#     size, the projection's own statement called so;
#  2. GET /integrations/status for random tenants (2,000 of the 10,000 have a user token: the sandbox mints ~50 a
#     second here) with their users' tokens, p50/p99/max at 1,000 req/s offered (open
#     loop, latency from each request's due time; goal p99 ≤ 10 ms) and throughput at saturation (32 in flight), next to
#     /q/health/live with the same client, the bearer check alone, the read's SQL over the same pool and
#     StatusService.view called straight;
#  3. events at 1,000/s (open loop, 30 s) with 300 SSE streams open: 1 event in 20 carries a distinct refreshedAt; due
#     time → on the tenant's stream, and for 1 in 100 → visible in GET /integrations/status (asked every 50 ms), p50/p99
#     (goal p99 ≤ 1 s);
#  4. POST /admin/status/rebuilds once all that is in the topics: POST → live, records replayed per second;
# with CPU per process, PostgreSQL commits/s, change-log rows written and bearer tokens verified per phase.
# Runs it RUNS times and prints min / median / max per cell.
#   bench/status.sh [RUNS]      (default 3; ~8–9 min a run on 2 loaded cores, build included)
# STATUS_BENCH_OPTS adds -D options: sizes (-Dbench.status.tenants=…, .tokens, .rate, .seconds, .warm-up-seconds,
# .saturation-seconds, .in-flight, .event-rate, .event-seconds, .streams, .sample-every, .probe-every,
# .probe-interval-ms, .inserts), -Dbench.status.phases=ceilings,api,events,rebuild (a subset; the projection always
# runs), -Dbench.status.jfr=<file> -Dbench.status.jfr-phase=projection|api|view|…|events (a Flight Recording of one
# phase, samples every 1 ms: it slows that phase), or a setting to try.
# Nothing is installed into ~/.m2: the sandbox is packaged in this tree, and each run builds status-service with the
# modules it needs from this tree (-am). MAVEN_ARGS=-o (Maven's own variable) keeps Maven offline.
# Each run's own table: status-service/target/bench/status.md.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${1:-3}
TMP=$(mktemp -d /tmp/bench-status.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

# As deployed: status-service's test configuration makes streams beat every second and judges the siblings every
# 200 ms with a 1 s grace and a lag threshold of 200 (its siblings' health endpoints stay the test app's stubs, healthy).
DEPLOYED="-Dintegrations.status.stream.heartbeat=15s -Dintegrations.status.siblings.probe-interval=10s
  -Dintegrations.status.siblings.grace=30s -Dintegrations.status.siblings.max-lag=1000"

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cd "$ROOT"
# The sandbox's packaged jar (the test infrastructure starts it from sandbox/target).
./mvnw -q package -DskipTests -pl sandbox -am
for run in $(seq 1 "$RUNS"); do
  echo "run $run/$RUNS ..." >&2
  # The other processes' load, for the reader: these machines are shared.
  cut -d' ' -f1 /proc/loadavg >> "$TMP/load"
  # shellcheck disable=SC2086 # word splitting of the option lists is intended
  ./mvnw -q test -pl status-service -am -Dtest=StatusBench -Dsurefire.failIfNoSpecifiedTests=false \
    -Dintegrations.test.postgres.durable=true $DEPLOYED ${STATUS_BENCH_OPTS:-} > "$TMP/run-$run.log" 2>&1 \
    || { tail -80 "$TMP/run-$run.log"; echo "run $run failed (log above)" >&2; exit 1; }
  cp status-service/target/bench/status.tsv "$TMP/run-$run.tsv"
  cut -d' ' -f1 /proc/loadavg >> "$TMP/load-after"
done

first="$TMP/run-1.tsv"
keys() { awk -F'\t' -v prefix="$1" 'index($1, prefix) == 1 { print $1 }' "$first"; }
field() { awk -F'\t' -v key="$1" -v col="$2" '$1 == key { print $col }' "$first"; }

echo
echo "status-service benchmark, $RUNS runs, $(nproc) cores, $(date +%F), code $(git rev-parse --short HEAD) (min / median / max)"
echo "- 1-minute load average before each run: $(paste -sd' ' "$TMP/load"); after: $(paste -sd' ' "$TMP/load-after")"
sed -n 's/^# /- /p' "$first"
for run in $(seq 1 "$RUNS"); do
  sed -n "s/^#note /- run $run: /p" "$TMP/run-$run.tsv"
done
echo
echo "| measure | events | seconds | events/s |"
echo "|---|---|---|---|"
for key in $(keys t:); do
  printf '| %s | %s | %s | %s |\n' "$(field "$key" 2)" "$(cell "$key" 3)" "$(cell "$key" 4)" "$(cell "$key" 5)"
done
echo
echo "| measure | offered | achieved (/s) | p50 (ms) | p99 (ms) | max (ms) | errors |"
echo "|---|---|---|---|---|---|---|"
for key in $(keys l:); do
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$(field "$key" 2)" "$(field "$key" 3)" "$(cell "$key" 4)" \
    "$(cell "$key" 5)" "$(cell "$key" 6)" "$(cell "$key" 7)" "$(cell "$key" 8)"
done
echo
echo "| phase | seconds | CPU in cores: test JVM | PostgreSQL | Kafka | sandbox | Maven | other sessions |" \
  "CPU ms per operation (ours) | PostgreSQL commits/s | change-log rows written | bearer tokens verified |" \
  "projection transactions | events per transaction: mean | median | largest |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for key in $(keys c:); do
  row="| $(field "$key" 2)"
  for col in $(seq 3 17); do row="$row | $(cell "$key" "$col")"; done
  echo "$row |"
done
echo

errors() { column "$1" 8 | awk '{ s += $1 } END { print s + 0 }'; }
if [ -n "$(column l:api-rate 6)" ]; then
  p99=$(median $(column l:api-rate 6))
  achieved=$(median $(column l:api-rate 4))
  verdict=missed
  if awk -v p="$p99" -v a="$achieved" -v e="$(errors l:api-rate)" 'BEGIN { exit !(p <= 10 && a >= 990 && e == 0) }'; then
    verdict=met
  fi
  echo "Goal (medians): GET /integrations/status p99 ≤ 10 ms at 1,000 req/s: p99 $p99 ms, $achieved req/s achieved," \
    "$(errors l:api-rate) errors over all runs: $verdict."
fi
if [ -n "$(column l:visible-api 6)" ]; then
  api=$(median $(column l:visible-api 6))
  sse=$(median $(column l:visible-sse 6))
  verdict=missed
  if awk -v a="$api" -v s="$sse" -v e="$(( $(errors l:visible-api) + $(errors l:visible-sse) ))" \
    'BEGIN { exit !(a <= 1000 && s <= 1000 && e == 0) }'; then
    verdict=met
  fi
  echo "Goal (medians): an event visible within 1 s at p99 under 1,000 events/s: GET p99 $api ms, SSE p99 $sse ms," \
    "$(( $(errors l:visible-api) + $(errors l:visible-sse) )) samples not seen over all runs: $verdict."
fi
echo "Projection: $(median $(column t:projection 5)) events/s (producer alone: $(median $(column t:producer 5)) /s);" \
  "rebuild: $(median $(column t:rebuild 5)) records/s (medians)."
