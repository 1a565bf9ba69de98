#!/usr/bin/env bash
# Outbox benchmark: common's real outbox and relay, in common's test application (Outbox.append in the writer's transaction,
# notify-woken relay, idempotent producer) against a durable PostgreSQL (fsync and synchronous_commit
# on) and the Kafka test broker: throughput at saturation, commit → consumer latency p50/p99/max at
# fixed offered rates (1,000 and 5,000 events/s), next to the ceilings measured in the same run
# (durable single-row INSERTs over the same pool with the same concurrency; a plain idempotent
# producer into the same broker). Runs OutboxBench (common's tests; surefire's default
# includes skip it) RUNS times and prints min / median / max per cell.
#   bench/events.sh [RUNS]      (default 3)
# EVENTS_BENCH_OPTS adds -D options (e.g. "-Dbench.events.saturation=5000" for a quick look, or a
# relay setting to try). Each run's own table: common/target/bench/events.md.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${1:-3}
TMP=$(mktemp -d /tmp/bench-events.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
# The relay as deployed: common's defaults. common's test configuration changes these three
# for its tests (10 tenants per round so two relays share 50 tenants, no polling, 1 s gauges).
RELAY="-Dintegrations.outbox.relay.tenants-per-round=100 -Dintegrations.outbox.relay.poll-interval=1s
  -Dintegrations.outbox.relay.metrics-interval=5s"

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cd "$ROOT"
# testing from this tree (common's tests resolve it from the local repository).
./mvnw -q install -DskipTests -pl testing -am
for run in $(seq 1 "$RUNS"); do
  echo "run $run/$RUNS ..." >&2
  # The other processes' load, for the reader: these machines are shared.
  cut -d' ' -f1 /proc/loadavg >> "$TMP/load"
  # shellcheck disable=SC2086 # word splitting of the option lists is intended
  ./mvnw -q test -pl common -Dtest=OutboxBench -Dsurefire.failIfNoSpecifiedTests=false \
    -Dintegrations.test.postgres.durable=true $RELAY ${EVENTS_BENCH_OPTS:-} > "$TMP/run-$run.log" 2>&1 \
    || { tail -60 "$TMP/run-$run.log"; echo "run $run failed (log above)" >&2; exit 1; }
  cp common/target/bench/events.tsv "$TMP/run-$run.tsv"
done

echo
echo "Outbox benchmark, $RUNS runs, $(nproc) cores, $(date +%F) (min / median / max)"
echo "- 1-minute load average before each run: $(paste -sd' ' "$TMP/load")"
sed -n 's/^# /- /p' "$TMP/run-1.tsv"
echo
echo "| measure | rate (/s) | p50 (ms) | p99 (ms) | max (ms) | commit → relay's send p50 (ms) | p99 (ms) |"
echo "|---|---|---|---|---|---|---|"
for key in $(awk -F'\t' '!/^#/ { print $1 }' "$TMP/run-1.tsv"); do
  label=$(awk -F'\t' -v key="$key" '$1 == key { print $2 }' "$TMP/run-1.tsv")
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$label" "$(cell "$key" 3)" "$(cell "$key" 4)" "$(cell "$key" 5)" \
    "$(cell "$key" 6)" "$(cell "$key" 7)" "$(cell "$key" 8)"
done
echo
echo "Redelivered events seen by the consumer, per run: $(awk '/^#redelivered/ { print $2 }' "$TMP"/run-*.tsv | paste -sd' ')" \
  "(every committed event arrived: a run fails otherwise)"
sustained=$(median $(column sat-e2e 3))
p99=$(median $(column rate-1000 5))
verdict() { if awk -v a="$1" -v b="$2" -v op="$3" 'BEGIN { exit !((op == "ge") ? a >= b : a <= b) }'; then echo met; else echo missed; fi; }
echo "Goals (medians): ≥ 5000 events/s sustained: $sustained events/s at saturation, $(verdict "$sustained" 5000 ge);" \
  "p99 ≤ 50 ms at 1,000 events/s: $p99 ms, $(verdict "$p99" 50 le)."
