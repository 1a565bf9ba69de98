#!/usr/bin/env bash
# Webhook ingress benchmark: mailchimp-service's /webhooks/mailchimp/{hook} against a durable PostgreSQL (fsync and
# synchronous_commit on), every post answered 200 only once stored. Mailchimp §6.2 forms of ~1 KB (subscribe /
# profile, 50 audiences, each post distinct) from a Vert.x HTTP client (1 event loop, up to 256 connections) in the
# test JVM: deliveries/s at saturation (128 in flight; goal ≥ 5,000/s and ≥ 50 % of the same run's durable
# single-row INSERT ceiling), latency p50/p99 at 1,000 posts/s offered (goal p99 ≤ 50 ms); ceilings in the same
# run: durable single-row INSERTs of a delivery's row (same pool, same concurrency) and the hook's GET (an empty
# answer over the same client); where the ingress's time goes (statements/s, posts per statement, commits/s, CPU per
# process); the way to Kafka (20,000 posts: first post → last subscriber.changed.v2 consumed); a Kafka outage
# during posts at 1,000/s (every post answered 200, every delivery's event arrives: lost and duplicates counted).
# Runs WebhookIngressBench (mailchimp-service's tests; surefire's default includes skip it) RUNS times and prints
# min / median / max per cell.
#   bench/webhooks.sh [RUNS]      (default 3; ~6 min a run on 2 cores)
# WEBHOOKS_BENCH_OPTS adds -D options: sizes (-Dbench.webhooks.in-flight=…, .rate, .seconds, .warm-up, .processing,
# .outage-seconds, .outage-down-seconds), -Dbench.webhooks.phases=ceilings,saturation,rate,processing,outage (a
# subset for a quick look), or a setting to try (-Dintegrations.mailchimp.webhooks.max-statements=…).
# Nothing is installed into ~/.m2: each run builds mailchimp-service with the modules it needs from this tree (-am).
# MAVEN_ARGS=-o (Maven's own variable) keeps Maven offline. Each run's own table: mailchimp-service/target/bench/webhooks.md.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${1:-3}
TMP=$(mktemp -d /tmp/bench-webhooks.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

# The inbox processor as deployed (its defaults; mailchimp-service's test configuration shortens these three for its
# tests: poll 200 ms, a profile's wait for its member 3 s, retries after 200 ms).
INBOX="-Dintegrations.mailchimp.inbox.poll-interval=1s -Dintegrations.mailchimp.inbox.unknown-member-wait=2m
  -Dintegrations.mailchimp.inbox.retry-delay=10s"

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cd "$ROOT"
for run in $(seq 1 "$RUNS"); do
  echo "run $run/$RUNS ..." >&2
  # The other processes' load, for the reader: these machines are shared.
  cut -d' ' -f1 /proc/loadavg >> "$TMP/load"
  # shellcheck disable=SC2086 # word splitting of the option lists is intended
  ./mvnw -q test -pl mailchimp-service -am -Dtest=WebhookIngressBench -Dsurefire.failIfNoSpecifiedTests=false \
    -Dintegrations.test.postgres.durable=true $INBOX ${WEBHOOKS_BENCH_OPTS:-} > "$TMP/run-$run.log" 2>&1 \
    || { tail -80 "$TMP/run-$run.log"; echo "run $run failed (log above)" >&2; exit 1; }
  cp mailchimp-service/target/bench/webhooks.tsv "$TMP/run-$run.tsv"
  cut -d' ' -f1 /proc/loadavg >> "$TMP/load-after"
done

first="$TMP/run-1.tsv"
keys() { awk -F'\t' -v prefix="$1" 'index($1, prefix) == 1 { print $1 }' "$first"; }
label() { awk -F'\t' -v key="$1" '$1 == key { print $2 }' "$first"; }
field() { awk -F'\t' -v key="$1" -v col="$2" '$1 == key { print $col }' "$first"; }
sum() { column "$1" "$2" | awk '{ s += $1 } END { print s + 0 }'; }

echo
echo "Webhook ingress benchmark, $RUNS runs, $(nproc) cores, $(date +%F), code $(git rev-parse --short HEAD) (min / median / max)"
echo "- 1-minute load average before each run: $(paste -sd' ' "$TMP/load"); after: $(paste -sd' ' "$TMP/load-after")"
sed -n 's/^# /- /p' "$first"
echo
echo "| measure | offered | achieved (/s) | p50 (ms) | p99 (ms) | max (ms) | errors |"
echo "|---|---|---|---|---|---|---|"
for key in $(keys r:); do
  printf '| %s | %s | %s | %s | %s | %s | %s |\n' "$(label "$key")" "$(field "$key" 3)" "$(cell "$key" 4)" "$(cell "$key" 5)" \
    "$(cell "$key" 6)" "$(cell "$key" 7)" "$(cell "$key" 8)"
done
if [ -n "$(keys g:)" ]; then
  echo
  echo "| phase | ingress statements/s | posts per statement, mean | largest | statements of 1 post (%) | the median post's group |" \
    "processed/s meanwhile | PostgreSQL commits/s (all) | CPU in cores: test JVM | PostgreSQL | Kafka | Maven | other sessions |" \
    "CPU ms per delivery or operation (ours) | test JVM's cores: service's event loops | bench's generator and reader |" \
    "Kafka clients | JIT compilers | GC | other threads |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  for key in $(keys g:); do
    row="| $(label "$key")"
    for col in $(seq 3 21); do row="$row | $(cell "$key" "$col")"; done
    echo "$row |"
  done
fi
if [ -n "$(keys p:)" ]; then
  echo
  echo "| measure | posts | answered 200 | other answers | ingress (/s) | to Kafka (/s, first post → last event) |" \
    "first post → last event (s) | 200 → event p50 (ms) | p99 (ms) | lost | duplicates | broker down (s) | broker up → last event (s) |"
  echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
  for key in $(keys p:); do
    row="| $(label "$key")"
    for col in 3 4 5 6 7 8 9 10 11 12 13 14; do row="$row | $(cell "$key" "$col")"; done
    echo "$row |"
  done
fi
echo
echo "Events read per run (without a post's number): $(awk '/^#events/ { printf "%s (%s) ", $2, $3 }' "$TMP"/run-*.tsv)"

verdict() { if awk -v a="$1" -v b="$2" -v op="$3" 'BEGIN { exit !((op == "ge") ? a >= b : a <= b) }'; then echo met; else echo missed; fi; }
share() { # ingress key -> median over runs of its achieved / the same run's INSERT ceiling, in %
  for f in "$TMP"/run-*.tsv; do
    awk -F'\t' -v key="$1" '$1 == key { a = $4 } $1 == "r:insert-sat" { c = $4 } END { if (a != "" && c > 0) printf "%.0f\n", 100 * a / c }' "$f"
  done
}
if [ -n "$(column r:ingress-sat 4)" ]; then
  sustained=$(median $(column r:ingress-sat 4))
  echo "Goal 1 (medians): ≥ 5,000 deliveries/s at saturation: $sustained/s, $(verdict "$sustained" 5000 ge);" \
    "≥ 50 % of the same run's INSERT ceiling: $(median $(share r:ingress-sat)) %, $(verdict "$(median $(share r:ingress-sat))" 50 ge)" \
    "(processor held: $(median $(column r:ingress-sat-held 4))/s, $(median $(share r:ingress-sat-held)) % of the ceiling)."
fi
if [ -n "$(column r:ingress-rate 6)" ]; then
  p99=$(median $(column r:ingress-rate 6))
  echo "Goal 2 (medians): p99 ≤ 50 ms at 1,000 posts/s: p99 $p99 ms, p50 $(median $(column r:ingress-rate 5)) ms," \
    "$(sum r:ingress-rate 8) errors over all runs: $(verdict "$p99" 50 le)."
fi
if [ -n "$(column p:outage 3)" ]; then
  echo "Goal 5 (all runs): Kafka outage: $(sum p:outage 5) posts not answered 200, $(sum p:outage 11) lost," \
    "$(sum p:outage 12) duplicates; processing: $(sum p:processing 11) lost, $(sum p:processing 12) duplicates."
fi
