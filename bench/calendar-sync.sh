#!/usr/bin/env bash
# Calendar sync benchmark: with the sandbox's calendar stand-ins answering every API call in 100 ms (a latency
# rule on their API paths only), per provider (Google, Graph): a new link's first sync, a full listing of 1,000
# events, and a requested incremental sync of 100 changed events. Time (the run's started_at → succeeded seen in
# sync_run), the HTTP calls the stand-in received for the account, the lower bound (calls × 100 ms ÷ 1: a
# listing's pages are fetched one after the other), the ratio, and the goals (full ≤ 3 s; every figure ≤ 1.3 ×
# its lower bound); diagnostics: the incremental run from the worker's claim, a ceiling (the same listing
# straight from the stand-in, no database), where each run's time went (page by page, PostgreSQL's own time by
# kind of statement, CPU per process). Runs CalendarSyncBench (calendar-service's tests; surefire's default
# includes skip it) once per page-size configuration, RUNS measured rounds each after a warm-up round, and
# prints min / median / max per cell; then the CRM's writes (CalendarWritesBench, same table): per provider, 100 create
# commands for one user in one burst on calendar.commands (first sent → last succeeded), and 100 events both ways (100
# update commands of those events while a requested sync brings the user's 100 changes: first update sent → updates
# and sync succeeded, no echo of our writes), each next to its calls and lower bound (every call holds one of the
# mailbox's 4 slots: ceil(calls ÷ 4) × 100 ms, at least the sync's pages one after the other), goals ≤ 3 s (both ways)
# and ≤ 1.3 × the bound; diagnostics: the updates and the sync apart, a ceiling (100 inserts straight at the stand-in,
# 4 in flight); then the largest page a first sync applies with the deployed thread stack (-Xss512k).
#   bench/calendar-sync.sh [RUNS]     (default 3 rounds per configuration; ~2-3 min per configuration on 2 cores, ~5 min
#                                      for the writes)
# CALENDAR_BENCH_PAGE_SIZES: configurations "google:microsoft[:stack]" (default "50:50 250:100 1000:1000:4m": the
#   test configuration, the service's defaults, and the largest pages, which need a larger thread stack than the
#   JVM's default 1 MB: see bench/README.md); the stack goes to the test JVM as JAVA_TOOL_OPTIONS=-Xss<stack>.
# CALENDAR_BENCH_WRITES_PAGE_SIZES: the writes' page sizes "google:microsoft" (default "250:100", the service's
#   defaults: they decide how many pages the both-ways sync lists).
# CALENDAR_BENCH_SYNC=0 skips the sync configurations, CALENDAR_BENCH_WRITES=0 the writes, CALENDAR_BENCH_PROBE=0 the
#   stack probe; CALENDAR_BENCH_OPTS adds -D options (e.g. -Dbench.calendar.jfr=<file>,
#   -Dbench.calendar.statement-log=false, -Dbench.calendar.providers=google).
# Nothing is installed into ~/.m2: the sandbox and token-service are packaged in this tree (the tests start them
# from their jars), and calendar-service's tests run with -am. Each configuration's own table and notes:
# calendar-service/target/bench/calendar-sync.md (the last one's), calendar-writes.md for the writes. MAVEN_ARGS=-o
# (Maven's own variable) keeps Maven offline.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
RUNS=${1:-3}
CONFIGS=${CALENDAR_BENCH_PAGE_SIZES:-"50:50 250:100 1000:1000:4m"}
SYNC=${CALENDAR_BENCH_SYNC:-1}
WRITES=${CALENDAR_BENCH_WRITES:-1}
WRITES_PAGES=${CALENDAR_BENCH_WRITES_PAGE_SIZES:-250:100}
PROBE=${CALENDAR_BENCH_PROBE:-1}
[ "$SYNC" = 1 ] || CONFIGS=""
TMP=$(mktemp -d /tmp/bench-calendar.XXXXXX)
trap 'rm -rf "$TMP"' EXIT

bench() { # log file, extra Maven arguments... (JAVA_TOOL_OPTIONS from the caller)
  local log=$1; shift
  # shellcheck disable=SC2086 # word splitting of the option list is intended
  ./mvnw -q test -pl calendar-service -am -Dsurefire.failIfNoSpecifiedTests=false \
    -Dintegrations.test.postgres.durable=true "$@" ${CALENDAR_BENCH_OPTS:-} > "$log" 2>&1 \
    || { tail -80 "$log"; echo "calendar-sync: the run failed (log above)" >&2; exit 1; }
}

cd "$ROOT"
# The sandbox's and token-service's jars (the test infrastructure starts both), built with this tree's modules.
./mvnw -q package -DskipTests -pl sandbox,token-service -am
n=0
for config in $CONFIGS; do
  IFS=: read -r google microsoft stack <<< "$config"
  n=$((n + 1))
  echo "page sizes google $google, microsoft $microsoft${stack:+, test JVM -Xss$stack}: $RUNS round(s) ..." >&2
  # The other processes' load, for the reader: these machines are shared.
  echo "$(cut -d' ' -f1 /proc/loadavg)" >> "$TMP/load"
  JAVA_TOOL_OPTIONS=${stack:+-Xss$stack} bench "$TMP/config-$n.log" -Dtest=CalendarSyncBench#fullAndIncrementalSyncs \
    -Dbench.calendar.rounds="$RUNS" -Dintegrations.calendar.google.page-size="$google" \
    -Dintegrations.calendar.microsoft.page-size="$microsoft"
  cp calendar-service/target/bench/calendar-sync.tsv "$TMP/config-$n.tsv"
  echo "$(cut -d' ' -f1 /proc/loadavg)" >> "$TMP/load-after"
done
if [ "$WRITES" = 1 ]; then
  IFS=: read -r google microsoft <<< "$WRITES_PAGES"
  echo "the CRM's writes, page sizes google $google, microsoft $microsoft: $RUNS round(s) ..." >&2
  echo "$(cut -d' ' -f1 /proc/loadavg)" >> "$TMP/load"
  JAVA_TOOL_OPTIONS= bench "$TMP/writes.log" -Dtest=CalendarWritesBench -Dbench.calendar.rounds="$RUNS" \
    -Dintegrations.calendar.google.page-size="$google" -Dintegrations.calendar.microsoft.page-size="$microsoft"
  cp calendar-service/target/bench/calendar-writes.tsv "$TMP/writes.tsv"
  echo "$(cut -d' ' -f1 /proc/loadavg)" >> "$TMP/load-after"
fi
if [ "$PROBE" = 1 ]; then
  echo "stack probe: the largest page a first sync applies at -Xss512k ..." >&2
  JAVA_TOOL_OPTIONS=-Xss512k bench "$TMP/probe.log" -Dtest=CalendarSyncBench#largestPageApplied \
    -Dbench.calendar.probe-sizes=50,100,150,200,250,300,400,500,750,1000 \
    -Dintegrations.calendar.google.page-size=1000 -Dintegrations.calendar.microsoft.page-size=1000
  cp calendar-service/target/bench/calendar-sync-probe.md "$TMP/probe.md"
fi

echo
echo "Calendar sync benchmark, $RUNS round(s) per configuration after a warm-up round, $(nproc) cores, $(date +%F)," \
  "code $(git rev-parse --short HEAD) (min / median / max over the rounds)"
last=""
[ "$WRITES" = 1 ] && last=" (the writes' run last)"
echo "- 1-minute load average before each configuration$last: $(paste -sd' ' "$TMP/load");" \
  "after: $(paste -sd' ' "$TMP/load-after")"
if [ "$n" -gt 0 ]; then
  sed -n 's/^# /- /p' "$TMP/config-1.tsv" | grep -v '^- Page sizes'
fi
if [ "$WRITES" = 1 ]; then
  echo "- The writes' run:"
  sed -n 's/^# /  - /p' "$TMP/writes.tsv"
fi
echo
echo "| provider | case | page size | time (s, min / median / max) | HTTP calls | lower bound (s) | ratio to the lower bound (min / median / max) | goal |"
echo "|---|---|---|---|---|---|---|---|"
tables=()
for i in $(seq 1 "$n"); do tables+=("$TMP/config-$i.tsv"); done
if [ "$WRITES" = 1 ]; then
  tables+=("$TMP/writes.tsv")
fi
for table in "${tables[@]}"; do
  awk -F'\t' '!/^#/ { printf "| %s | %s | %s | %s | %s | %s | %s | %s |\n", $2, $3, $4, $5, $6, $7, $8, $9 }' "$table"
done
echo
echo "Where the time went (each configuration's median round; one more round with PostgreSQL logging every statement; the writes:"
echo "their median round, times in ms from the burst's first record):"
for table in "${tables[@]}"; do
  awk -F'\t' '!/^#/ && $10 != "" && $1 !~ /-incremental-claimed$/ { printf "- %s, page size %s, %s: %s\n", $2, $4, $3, $10 }' "$table"
done
if [ "$PROBE" = 1 ]; then
  echo
  echo "The largest page a new link's first sync applies, test JVM -Xss512k (the deployed stack), pages of one listing"
  echo "(each size a fresh account; the probe stops at the first run that does not end within 15 s):"
  echo
  cat "$TMP/probe.md"
fi
