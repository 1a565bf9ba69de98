#!/usr/bin/env bash
# Mailchimp commands benchmark: the CRM's writes through mailchimp-service against their lower bounds, with the
# sandbox's Mailchimp API answering every PUT and POST in 100 ms (latency rules on /mailchimp-api/<dc>/3.0/*), one
# tenant on a sandbox account of its own, the account's 5 connections (connections-per-account). 10,000 member upserts
# published on mailchimp.commands as fast as the producer takes them (1st send → the 10,000th command-completed.v1;
# lower bound calls × 100 ms ÷ 5 = 200 s), and the same members' worth through bulk subscribe: one subscribe command of
# 10,000 members (20 chunks of 500: 0.4 s), then 5 such commands at once (100 chunks: 2 s); goal ≤ 1.3 × the lower
# bound each. Beside them in the same run: ceilings (the records published to a topic nobody reads; 10,000 PUTs straight
# at the sandbox with 5 in flight), the account's peak connections and 429s at the sandbox, commands failed, members
# projected and subscriber.changed.v2 published, where the time went (each bulk command's steps, commits, tuple writes
# and CPU per process per command, PostgreSQL's backends sampled from pg_stat_activity), a diagnostic round with every
# statement logged (statements per command by kind), and a 50,000-member command through REST (the body limit).
# Runs MailchimpCommandsBench (mailchimp-service's tests; surefire's default includes skip it) RUNS times against a
# durable PostgreSQL and prints min / median / max per cell.
#   bench/mailchimp-commands.sh [RUNS]     (default 3; ~10 min a run on 2 cores)
# MAILCHIMP_COMMANDS_BENCH_OPTS adds -D options: sizes (-Dbench.mailchimp.upserts=…, .members, .bulk-commands,
# .ceiling-calls, .latency-ms, .warm-up, .logged-upserts), -Dbench.mailchimp.statement-log=false, or a setting to try
# (-Dintegrations.mailchimp.commands.concurrency=…).
# Nothing is installed into ~/.m2: the sandbox and token-service are packaged in this tree (the tests start them from
# their jars), and mailchimp-service's tests run with -am. MAVEN_ARGS=-o (Maven's own variable) keeps Maven offline.
# Each run's own table: mailchimp-service/target/bench/mailchimp-commands.md.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${1:-3}
TMP=$(mktemp -d /tmp/bench-mailchimp-commands.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

# The command worker and the Mailchimp client as deployed (their defaults), where mailchimp-service's test configuration
# shortens them: poll 1 s (test 200 ms), retries after 2 s up to 5 min (200 ms, 2 s), chunks of 500 (3), the
# asynchronous batch above 10,000 members (50: the chunks path is what is measured), its poll 5 s (300 ms), a 429's
# first wait 1 s (200 ms), 2 HTTP retries after 200 ms–2 s (1 after 50–100 ms), the breaker open 30 s (2 s); and the
# audience's activity event at most once a minute, looked for every 10 s (1 s and 1 s: its round locks the audience's
# row, as the commands' projection does).
COMMANDS="-Dintegrations.mailchimp.commands.poll-interval=1s -Dintegrations.mailchimp.commands.min-retry-delay=2s
  -Dintegrations.mailchimp.commands.max-retry-delay=5m -Dintegrations.mailchimp.commands.chunk-size=500
  -Dintegrations.mailchimp.commands.batch-above=10000 -Dintegrations.mailchimp.commands.batch-poll-interval=5s
  -Dintegrations.mailchimp.api.throttle-wait=1s -Dintegrations.mailchimp.api.http.max-retries=2
  -Dintegrations.mailchimp.api.http.min-backoff=200ms -Dintegrations.mailchimp.api.http.max-backoff=2s
  -Dintegrations.mailchimp.api.http.breaker-delay=30s -Dintegrations.mailchimp.activity.interval=60s
  -Dintegrations.mailchimp.activity.check-every=10s"

# shellcheck source=bench/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

cd "$ROOT"
# The sandbox's and token-service's jars (the test infrastructure starts both), built with this tree's modules.
./mvnw -q package -DskipTests -pl sandbox,token-service -am
for run in $(seq 1 "$RUNS"); do
  echo "run $run/$RUNS ..." >&2
  # The other processes' load, for the reader: these machines are shared.
  cut -d' ' -f1 /proc/loadavg >> "$TMP/load"
  # shellcheck disable=SC2086 # word splitting of the option lists is intended
  ./mvnw -q test -pl mailchimp-service -am -Dtest=MailchimpCommandsBench -Dsurefire.failIfNoSpecifiedTests=false \
    -Dintegrations.test.postgres.durable=true $COMMANDS ${MAILCHIMP_COMMANDS_BENCH_OPTS:-} > "$TMP/run-$run.log" 2>&1 \
    || { tail -80 "$TMP/run-$run.log"; echo "run $run failed (log above)" >&2; exit 1; }
  cp mailchimp-service/target/bench/mailchimp-commands.tsv "$TMP/run-$run.tsv"
  cut -d' ' -f1 /proc/loadavg >> "$TMP/load-after"
done

first="$TMP/run-1.tsv"
keys() { awk -F'\t' -v prefix="$1" 'index($1, prefix) == 1 { print $1 }' "$first"; }
label() { awk -F'\t' -v key="$1" '$1 == key { print $2 }' "$first"; }
sum() { column "$1" "$2" | awk '{ s += $1 } END { print s + 0 }'; }
row() { # key first-column last-column -> "| label | cell | … |"
  local line; line="| $(label "$1")"
  for col in $(seq "$2" "$3"); do line="$line | $(cell "$1" "$col")"; done
  echo "$line |"
}

echo
echo "Mailchimp commands benchmark, $RUNS runs, $(nproc) cores, $(date +%F), code $(git rev-parse --short HEAD) (min / median / max)"
echo "- 1-minute load average before each run: $(paste -sd' ' "$TMP/load"); after: $(paste -sd' ' "$TMP/load-after")"
sed -n 's/^# /- /p' "$first"
echo
echo "| measure | time (s) | lower bound (s) | ratio | calls | calls/s | peak connections | 429s | failed | projected | subscriber.changed.v2 |"
echo "|---|---|---|---|---|---|---|---|---|---|---|"
for key in $(keys r:); do row "$key" 3 12; done
echo
echo "| where | transactions (a statement outside one counts one) | call_slot writes | mailchimp_command writes | outbox rows | CPU in cores: test JVM | token-service |" \
  "PostgreSQL | sandbox | Kafka | Maven | other sessions | CPU ms per unit (ours) |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
for key in $(keys w:); do row "$key" 3 14; done
echo
echo "| step | value |"
echo "|---|---|"
for key in $(keys t:); do row "$key" 3 3; done
if [ -n "$(keys a:)" ]; then
  echo
  echo "| PostgreSQL backends (mean over samples every 50 ms) | upserts | bulk: 1 command | bulk: several commands |"
  echo "|---|---|---|---|"
  for key in $(keys a:); do row "$key" 3 5; done
fi
if [ -n "$(keys s:)" ]; then
  echo
  echo "| statement kind (every statement logged) | per upsert: executions | server ms | per subscribe command: executions | server ms |"
  echo "|---|---|---|---|---|"
  for key in $(keys s:); do row "$key" 3 6; done
fi
echo
echo "Answers read twice for one command, all runs: $(awk '/^#repeated/ { s += $2 } END { print s + 0 }' "$TMP"/run-*.tsv)"

verdict() { if awk -v a="$1" -v b="$2" 'BEGIN { exit !(a <= b) }'; then echo met; else echo missed; fi; }
for key in $(awk -F'\t' '$1 ~ /^r:/ && $13 == "goal" { print $1 }' "$first"); do
  ratio=$(median $(column "$key" 5))
  echo "Goal (median): $(label "$key" | tr -d '*'): $(median $(column "$key" 3)) s against $(median $(column "$key" 4)) s," \
    "ratio $ratio ≤ 1.3: $(verdict "$ratio" 1.3); peak connections ≤ 5 in every run: $(verdict "$(column "$key" 8 | sort -g | tail -1)" 5);" \
    "429s over all runs: $(sum "$key" 9); failed over all runs: $(sum "$key" 10)"
done
