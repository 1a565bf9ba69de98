#!/usr/bin/env bash
# Refresh-run benchmark (issue 11): how long one refresh run (POST /admin/refresh-runs, a tenant's scope)
# takes to refresh 10,000 due Google connections holding real grants at the sandbox, whose token endpoint
# answers in 50 ms (a latency rule), against a durable PostgreSQL: with one token-service replica (the test's
# app), then with two (the test's app and a second one from the packaged jar, over another tenant's 10,000).
# Next to the raw lower bound (10,000 × 50 ms ÷ 32 in flight = 15.6 s) and a ceiling measured in the same
# run: 10,000 refresh-token POSTs straight at the sandbox's token endpoint, 32 in flight, from a plain HTTP
# client (no database), over grants minted for it alone. Also: provider calls per second as the sandbox saw
# them (mean, and peak in one second, against the configured rate), refresh tokens used twice (the sandbox's
# use counts), each replica's share of the items, time per refresh and where it goes, and the CPU each
# process used. Runs RefreshBench (token-service's tests; surefire's default includes skip it) RUNS times and
# prints min / median / max per cell.
#   bench/refresh.sh [RUNS]      (default 1: a run takes 6-10 minutes on 2 cores and carries its own ceiling;
#                                 use 3 on a quiet machine to see the spread)
# REFRESH_BENCH_OPTS adds -D options: sizes for a quick look ("-Dbench.refresh.connections=2000
# -Dbench.refresh.warm-up=200 -Dbench.refresh.id-token-calls=100"), the latency (-Dbench.refresh.latency-ms),
# Google's per-replica rate (-Dbench.refresh.rate, default 2000), or -Dbench.refresh.jfr=<file> for a Flight
# Recording of the test JVM during the one-instance run.
# Nothing is installed into ~/.m2: common, testing and the sandbox come from this tree's reactor, and
# token-service is packaged first (the second replica runs its jar). Each run's own table:
# token-service/target/bench/refresh.md.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${1:-1}
TMP=$(mktemp -d /tmp/bench-refresh.XXXXXX)
trap 'rm -rf "$TMP"' EXIT
# The relay as deployed (common's defaults; token-service's test configuration changes them): every refresh
# writes a token.refreshed event, published while the run goes on.
RELAY="-Dintegrations.outbox.relay.tenants-per-round=100 -Dintegrations.outbox.relay.poll-interval=1s
  -Dintegrations.outbox.relay.metrics-interval=5s"

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cd "$ROOT"
# The sandbox's jar (the test infrastructure starts it) and token-service's (the second replica), built
# with this tree's common and testing.
./mvnw -q package -DskipTests -pl testing,common,sandbox,token-service
for run in $(seq 1 "$RUNS"); do
  echo "run $run/$RUNS ..." >&2
  # The other processes' load, for the reader: these machines are shared.
  cut -d' ' -f1 /proc/loadavg >> "$TMP/load"
  # shellcheck disable=SC2086 # word splitting of the option lists is intended
  ./mvnw -q test -pl testing,common,token-service -Dtest=RefreshBench -Dsurefire.failIfNoSpecifiedTests=false \
    -Dintegrations.test.postgres.durable=true $RELAY ${REFRESH_BENCH_OPTS:-} > "$TMP/run-$run.log" 2>&1 \
    || { tail -60 "$TMP/run-$run.log"; echo "run $run failed (log above)" >&2; exit 1; }
  cp token-service/target/bench/refresh.tsv "$TMP/run-$run.tsv"
  cp token-service/target/bench/refresh.md "$TMP/run-$run.md"
  cut -d' ' -f1 /proc/loadavg >> "$TMP/load-after"
done

echo
echo "Refresh-run benchmark, $RUNS run(s), $(nproc) cores, $(date +%F) (min / median / max)"
echo "- 1-minute load average before each run: $(paste -sd' ' "$TMP/load"); after: $(paste -sd' ' "$TMP/load-after")"
sed -n 's/^# /- /p' "$TMP/run-1.tsv"
echo
echo "| measure | seconds | refreshes/s | vs lower bound | notes (run $RUNS) |"
echo "|---|---|---|---|---|"
for key in $(awk -F'\t' '!/^#/ && $1 !~ /^x-/ { print $1 }' "$TMP/run-1.tsv"); do
  label=$(awk -F'\t' -v key="$key" '$1 == key { print $2 }' "$TMP/run-1.tsv")
  notes=$(awk -F'\t' -v key="$key" '$1 == key { print $6 }' "$TMP/run-$RUNS.tsv")
  ratio=$(cell "$key" 5)
  if [ "$ratio" != "–" ]; then ratio="$ratio×"; fi
  printf '| %s | %s | %s | %s | %s |\n' "$label" "$(cell "$key" 3)" "$(cell "$key" 4)" "$ratio" "$notes"
done
echo
one=$(median $(column one 3))
two=$(median $(column two 3))
bound=$(column lower-bound 3 | head -1)
speedup=$(median $(column x-speedup 2))
twice=$(cat <(column x-twice-one 2) <(column x-twice-two 2) | awk '{ s += $1 } END { print s + 0 }')
verdict() { if awk "BEGIN { exit !($1) }"; then echo met; else echo missed; fi; }
echo "Per run: provider calls/s one instance $(paste -sd' ' <(column x-calls-one 2)) (peak in one second" \
  "$(paste -sd' ' <(column x-peak-one 2))), two $(paste -sd' ' <(column x-calls-two 2)) (peak $(paste -sd' ' <(column x-peak-two 2)));" \
  "test app's share of the two-instance run $(paste -sd' ' <(column x-share-app 2)) %; our processes' CPU per refresh" \
  "one $(paste -sd' ' <(column x-cpu-ms-one 2)) ms, two $(paste -sd' ' <(column x-cpu-ms-two 2)) ms; cores taken by other" \
  "sessions during the runs: one $(paste -sd' ' <(column x-others-one 2)), two $(paste -sd' ' <(column x-others-two 2))."
echo "Goals (medians): one instance ≤ 30 s: $one s, $(verdict "$one <= 30"); ≤ 1.3 × the lower bound ($bound s):" \
  "$(awk -v a="$one" -v b="$bound" 'BEGIN { printf "%.2f×", a / b }'), $(verdict "$one <= 1.3 * $bound");" \
  "two instances ≥ 1.5× faster: $speedup× ($two s), $(verdict "$speedup >= 1.5");" \
  "refresh tokens used twice, all runs: $twice, $(verdict "$twice == 0")."
