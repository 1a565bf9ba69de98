#!/usr/bin/env bash
# Calendar batch benchmark: with the sandbox's calendar stand-ins answering every outer HTTP call (a whole batch, or a
# single request) in 100 ms, per provider (Google, Graph): a 1,000-event import as one job (POST /calendar/batches),
# timed from the job's createdAt to its finishedAt; the batches the stand-in received, the lower bound (calls × 100 ms
# ÷ 1: one batch in flight per mailbox), the share of it reached (goal ≥ 80 %: ≥ 400 events/s on Google, ≥ 160 on
# Graph); then the same import with 20 % of the batched requests throttled (429, Retry-After 1 s) or failing (503):
# time, items sent again, extra calls, lost and doubled events. Runs CalendarBatchBench (calendar-service's tests;
# surefire's default includes skip it): a warm-up import, then RUNS measured rounds per provider and case; prints
# min / median / max.
#   bench/calendar-batch.sh [RUNS]     (default 3 rounds; ~3-4 min on 2 cores)
# CALENDAR_BENCH_OPTS adds -D options (-Dbench.calendar.providers=google, -Dbench.calendar.batch-items=…,
#   -Dbench.calendar.faults-percent=…, -Dbench.calendar.latency-ms=…).
# Nothing is installed into ~/.m2: the sandbox and token-service are packaged in this tree (the tests start them from
# their jars), and calendar-service's tests run with -am. The table: calendar-service/target/bench/calendar-batch.md.
# MAVEN_ARGS=-o (Maven's own variable) keeps Maven offline.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${1:-3}
LOG=$(mktemp /tmp/bench-calendar-batch.XXXXXX.log)
trap 'rm -f "$LOG"' EXIT

cd "$ROOT"
./mvnw -q package -DskipTests -pl sandbox,token-service -am
load_before=$(cut -d' ' -f1 /proc/loadavg)
# shellcheck disable=SC2086 # word splitting of the option list is intended
./mvnw -q test -pl calendar-service -am -Dsurefire.failIfNoSpecifiedTests=false -Dtest=CalendarBatchBench \
  -Dintegrations.test.postgres.durable=true -Dbench.calendar.rounds="$RUNS" ${CALENDAR_BENCH_OPTS:-} > "$LOG" 2>&1 \
  || { tail -80 "$LOG"; echo "calendar-batch: the run failed (log above)" >&2; exit 1; }
echo
echo "code $(git rev-parse --short HEAD), $(nproc) cores, 1-minute load average before: $load_before, after: $(cut -d' ' -f1 /proc/loadavg)"
cat calendar-service/target/bench/calendar-batch.md
