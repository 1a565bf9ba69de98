# Helpers shared by the benchmark scripts (sourced, not run). A script sets TMP to its scratch
# directory; each run leaves a tab-separated table in $TMP/run-<n>.tsv (first column: the row's key).

stats() { # values... -> "min / median / max"
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { m = (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2;
    printf "%s / %s / %s", v[1], m, v[NR] }'
}

median() { # values... -> median
  printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

column() { # key column -> that cell of every run (tab-separated files; "-" = not measured)
  awk -F'\t' -v key="$1" -v col="$2" '$1 == key { print $col }' "$TMP"/run-*.tsv
}

cell() { # key column -> "min / median / max", or "–"
  local values; values=$(column "$1" "$2")
  if [ -z "$values" ] || [ "$(printf '%s\n' "$values" | head -1)" = "-" ]; then printf '–'; else stats $values; fi
}
