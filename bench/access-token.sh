#!/usr/bin/env bash
# Access-token API benchmark (issue 5): token-service's GET /internal/connections/{id}/access-token
# (service bearer; find, unseal, answer: tokens are fresh, nothing is refreshed) over 10,000 stored
# connections in 100 tenants, against a durable PostgreSQL: latency p50/p99/max at 1,000 requests/s
# offered (open loop, latency from each request's due time) and throughput at saturation (32 in
# flight), next to ceilings measured in the same run: the same HTTP stack answering a trivial
# endpoint, and the primary-key SELECT of a connection row over the same pool at the same rate; a
# diagnostic row isolates the bearer check. Also the seeding rate (OAuthConnections.store, 16 at
# a time). Runs AccessTokenBench (token-service's tests; surefire's default includes skip it) RUNS
# times and prints min / median / max per cell.
#   bench/access-token.sh [RUNS]      (default 3)
# ACCESS_TOKEN_BENCH_OPTS adds -D options (e.g. "-Dbench.access-token.connections=1000
# -Dbench.access-token.seconds=5" for a quick look). Nothing is installed into the local Maven
# repository (other builds on the machine share it): the sandbox is packaged in this tree, and each run
# builds token-service with the modules it needs from this tree (-am), so common is always this tree's.
# Each run's own table: token-service/target/bench/access-token.md.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${1:-3}
TMP=$(mktemp -d /tmp/bench-access-token.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
# The relay as deployed (common's defaults; token-service's test configuration changes them): the
# seeding's 10,000 connection.changed v1 and v2 event pairs drain before anything is measured.
RELAY="-Dintegrations.outbox.relay.tenants-per-round=100 -Dintegrations.outbox.relay.poll-interval=1s
  -Dintegrations.outbox.relay.metrics-interval=5s"

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
  ./mvnw -q test -pl token-service -am -Dtest=AccessTokenBench -Dsurefire.failIfNoSpecifiedTests=false \
    -Dintegrations.test.postgres.durable=true $RELAY ${ACCESS_TOKEN_BENCH_OPTS:-} > "$TMP/run-$run.log" 2>&1 \
    || { tail -60 "$TMP/run-$run.log"; echo "run $run failed (log above)" >&2; exit 1; }
  cp token-service/target/bench/access-token.tsv "$TMP/run-$run.tsv"
  cut -d' ' -f1 /proc/loadavg >> "$TMP/load-after"
done

echo
echo "Access-token API benchmark, $RUNS runs, $(nproc) cores, $(date +%F) (min / median / max)"
echo "- 1-minute load average before each run: $(paste -sd' ' "$TMP/load"); after: $(paste -sd' ' "$TMP/load-after")"
sed -n 's/^# /- /p' "$TMP/run-1.tsv"
echo
echo "| measure | offered rate | achieved (/s) | p50 (ms) | p99 (ms) | max (ms) | errors |"
echo "|---|---|---|---|---|---|---|"
for key in $(awk -F'\t' '!/^#/ { print $1 }' "$TMP/run-1.tsv"); do
  label=$(awk -F'\t' -v key="$key" '$1 == key { print $2 }' "$TMP/run-1.tsv")
  offered=$(awk -F'\t' -v key="$key" '$1 == key { print $3 }' "$TMP/run-1.tsv")
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$label" "$offered" "$(cell "$key" 4)" "$(cell "$key" 5)" \
    "$(cell "$key" 6)" "$(cell "$key" 7)" "$(cell "$key" 8)"
done
echo
p99=$(median $(column api-rate 6))
achieved=$(median $(column api-rate 4))
errors=$(column api-rate 8 | awk '{ s += $1 } END { print s + 0 }')
seeding=$(median $(column seed 4))
verdict=missed
if awk -v p="$p99" -v a="$achieved" -v e="$errors" 'BEGIN { exit !(p <= 10 && a >= 990 && e == 0) }'; then verdict=met; fi
echo "Goal (medians): p99 ≤ 10 ms at 1,000 req/s over 10,000 connections: p99 $p99 ms, $achieved req/s achieved," \
  "$errors errors over all runs: $verdict. Seeding: $seeding connections/s."
