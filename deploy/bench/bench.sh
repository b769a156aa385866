#!/usr/bin/env bash
# bench.sh — make bench: load-tests the server on a million synthetic sites.
#
# Starts the local PostGIS, brings the database vidbudova_bench up to date,
# loads the boundaries and (once) the synthetic sites of ../shared/bench,
# starts bin/vidbudova serve on a loopback port, runs the standard scenarios
# of ../shared/bench/scenarios.env with cmd/benchload, times the Explore
# screen in Chromium with explore.mjs, and prints the tables, also written
# to .data/bench/results.md. Run from anywhere; build first (make build).
#
# Settings (environment):
#   BENCH_SITES      synthetic sites to generate (1000000)
#   BENCH_CONNS      concurrent connections (32)
#   BENCH_SECONDS    measured seconds per scenario (10), after a 2 s warm-up
#   BENCH_ONLY       run only scenarios whose name matches this regex
#   BENCH_SQL        1 (default) also runs the site lists straight in
#                    PostgreSQL with pgbench for reference; 0 skips it
#   BENCH_GZIP       1 asks the server for gzip (0)
#   BENCH_RELOAD     1 reloads the synthetic sites even if present (0)
#   BENCH_FRESH      1 drops the bench database first (0): needed when a
#                    migration it already ran was changed in place
#   BENCH_DB, BENCH_ADDR   database name (vidbudova_bench), server address (127.0.0.1:18080)
#   BENCH_SERVER     the server binary (bin/vidbudova), e.g. to compare two builds
#   BENCH_BROWSER    1 (default) also times the Explore screen (/) in Debian's
#                    Chromium headless shell with explore.mjs (which says
#                    why that one), installing it and the front-end's
#                    node_modules if missing; 0 skips it. CHROMIUM_PATH
#                    names another browser, e.g. /usr/bin/chromium.
#                    BENCH_ONLY=Explore runs only that
#   BENCH_BROWSER_RUNS   page loads per screen size and cache state (5)
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
root=$(cd "$here/../.." && pwd)
shared=$(cd "$root/../shared" 2>/dev/null && pwd) || { echo "bench.sh: ../shared (reference data) not found beside the checkout" >&2; exit 1; }
cd "$root"

sites=${BENCH_SITES:-1000000}
conns=${BENCH_CONNS:-32}
seconds=${BENCH_SECONDS:-10}
db=${BENCH_DB:-vidbudova_bench}
addr=${BENCH_ADDR:-127.0.0.1:18080}
out="$root/.data/bench"
server=${BENCH_SERVER:-$root/bin/vidbudova}

say() { printf 'bench.sh: %s\n' "$*" >&2; }
die() { say "$*"; exit 1; }

[[ $sites =~ ^[1-9][0-9]*$ ]] || die "BENCH_SITES=$sites: want a positive whole number"
[[ $seconds =~ ^[1-9][0-9]*$ ]] || die "BENCH_SECONDS=$seconds: want a positive whole number"
[[ $conns =~ ^[1-9][0-9]*$ ]] || die "BENCH_CONNS=$conns: want a positive whole number"
[[ $db =~ ^[a-z_][a-z0-9_]*$ ]] || die "BENCH_DB=$db: want a plain lower-case name"
case "$addr" in 127.*:* | localhost:* | "[::1]:"*) ;; *) die "BENCH_ADDR=$addr: only a loopback address may be loaded" ;; esac
[ -x "$server" ] || die "$server is missing: run make build first"

# shellcheck source=/dev/null
. "$shared/bench/scenarios.env"

# psql and pgbench of the same installation as the server pg.sh runs.
pgbin() {
  local d
  if command -v "$1" >/dev/null; then command -v "$1"; return; fi
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/$1" ] && { echo "$d/$1"; return; }
  done
  return 1
}
psql=$(pgbin psql) || die "psql not found"

mkdir -p "$out"

# --- database --------------------------------------------------------------
deploy/local/pg.sh start
admin_url=$(deploy/local/pg.sh url postgres)
DATABASE_URL=$(deploy/local/pg.sh url "$db")
export DATABASE_URL
q() { "$psql" "$DATABASE_URL" -X -qAt -v ON_ERROR_STOP=1 "$@"; }

if [ "${BENCH_FRESH:-0}" = 1 ]; then
  say "dropping database $db (BENCH_FRESH=1)"
  "$psql" "$admin_url" -X -q -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS \"$db\""
fi
if [ -z "$("$psql" "$admin_url" -X -qAt -c "SELECT 1 FROM pg_database WHERE datname = '$db'")" ]; then
  say "creating database $db"
  "$psql" "$admin_url" -X -q -v ON_ERROR_STOP=1 -c "CREATE DATABASE \"$db\""
fi
say "migrating $db"
"$server" migrate up
say "importing boundaries (skipped when unchanged)"
"$server" import boundaries --oblasts "$shared/data/ua-admin/oblasts.geojson" \
  --hromadas "$shared/data/ua-admin/hromadas.geojson"

# The data set is loaded when bench_dataset says so for this size and the
# sites table still holds exactly what was loaded.
loaded() {
  [ "$(q -c "SELECT to_regclass('bench_dataset') IS NOT NULL")" = t ] || return 1
  [ "$(q -c "SELECT count(*) FROM bench_dataset b
             WHERE b.requested = $sites AND b.sites = (SELECT count(*) FROM sites)")" = 1 ]
}

if [ "${BENCH_RELOAD:-0}" = 1 ] || ! loaded; then
  say "loading $sites synthetic sites (a few minutes for a million)"
  t0=$(date +%s.%N)
  q -v n="$sites" -v tbl=bench_synth -f "$shared/bench/synth.sql" >/dev/null
  t1=$(date +%s.%N)
  q -v n="$sites" -v synth=bench_synth -f "$here/load_sites.sql"
  q -c "DROP TABLE bench_synth"
  q -c "VACUUM ANALYZE sites"
  t2=$(date +%s.%N)
  secs=$(awk -v a="$t0" -v b="$t2" 'BEGIN { printf "%.1f", b - a }')
  q -c "UPDATE bench_dataset SET load_seconds = $secs"
  say "$(awk -v a="$t0" -v b="$t1" -v c="$t2" \
    'BEGIN { printf "loaded in %.1f s: synth.sql %.1f s, copy into sites (placement trigger, indexes, counts, vacuum) %.1f s", c - a, b - a, c - b }')"
else
  # A migration may have rewritten the table; index-only scans need it vacuumed.
  q -c "VACUUM ANALYZE sites"
  say "synthetic sites already loaded: $(q -c "SELECT sites || ' sites, loaded ' || to_char(loaded_at, 'YYYY-MM-DD HH24:MI') || coalesce(' in ' || load_seconds || ' s', '') FROM bench_dataset")"
fi
dataset=$(q -c "SELECT sites || ' sites (' || requested || ' generated by synth.sql, ' || dropped
                       || ' outside Ukraine dropped), loaded ' || coalesce('in ' || load_seconds || ' s', '')
                FROM bench_dataset")

# --- server ----------------------------------------------------------------
# Other work on the machine skews every figure; the report says how busy it was.
load_before=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
log="$out/server.log"
base="http://$addr"
# Another server already on the port would answer /readyz and be measured.
if curl -s -o /dev/null --max-time 2 "$base/" 2>/dev/null; then
  die "something already listens on $addr; set BENCH_ADDR to a free loopback address"
fi
LISTEN_ADDR=$addr "$server" serve >"$log" 2>&1 &
pid=$!
# alive says whether the server runs; an exited child stays a zombie until
# waited for, and kill -0 would still find it.
alive() { local st; st=$(ps -o stat= -p "$pid" 2>/dev/null) && [[ $st != Z* ]]; }
stop_server() {
  if alive; then
    kill -TERM "$pid" 2>/dev/null || true
    for _ in $(seq 50); do alive || break; sleep 0.2; done
    alive && { say "server did not stop in 10 s; killing it"; kill -KILL "$pid" 2>/dev/null || true; }
  fi
  wait "$pid" 2>/dev/null || true
}
trap stop_server EXIT
trap 'exit 130' INT TERM

say "starting the server on $base (log: ${log#"$root"/})"
for i in $(seq 120); do
  curl -fsS -o /dev/null --max-time 2 "$base/readyz" 2>/dev/null && break
  alive || { tail -20 "$log" >&2; die "the server exited"; }
  [ "$i" = 120 ] && { tail -20 "$log" >&2; die "the server was not ready in 60 s"; }
  sleep 0.5
done
alive || { tail -20 "$log" >&2; die "the server exited"; }

benchload="$out/benchload"
go build -o "$benchload" ./cmd/benchload

# --- scenarios ---------------------------------------------------------------
table="$out/table.md"
"$benchload" -header >"$table"
gzip_flag=()
[ "${BENCH_GZIP:-0}" = 1 ] && gzip_flag=(-gzip)

# scenario NAME TARGET [FLAGS] URL... runs one scenario and appends its row.
# Flags after the target override the defaults (-c 1); more URLs (a list of
# tiles) go on the same line, or one a line in a file given as -urls FILE.
scenario() {
  local name=$1 goal=$2
  shift 2
  [[ $name =~ ${BENCH_ONLY:-.} ]] || return 0
  "$benchload" -name "$name" -target "$goal" -c "$conns" -d "${seconds}s" -pid "$pid" "${gzip_flag[@]}" "$@" >>"$table" ||
    say "scenario \"$name\" failed"
  if ! alive; then
    tail -20 "$log" >&2
    die "the server stopped during scenario \"$name\"; its figures are not valid"
  fi
}

api="$base/api/v1"
scenario "city window (bbox, limit $LIMIT_CITY)" "rps>=250" "$api/sites?bbox=$BBOX_CITY&limit=$LIMIT_CITY"
scenario "country (bbox, limit $LIMIT_COUNTRY)" "rps>=30" "$api/sites?bbox=$BBOX_COUNTRY&limit=$LIMIT_COUNTRY"
scenario "oblast summary (zoom 5)" "p50<10ms" "$api/oblasts?zoom=5"
scenario "hromada summary, Kharkiv oblast (zoom 8)" "p50<10ms" "$api/oblasts/UA63000000000041885/hromadas?zoom=8"
# The latency of one user alone, beside the latency under a crowd.
scenario "oblast summary (zoom 5), 1 connection" "p50<10ms" -c 1 "$api/oblasts?zoom=5"
scenario "hromada summary (zoom 8), 1 connection" "p50<10ms" -c 1 "$api/oblasts/UA63000000000041885/hromadas?zoom=8"

# tiles Z "MINLON MINLAT MAXLON MAXLAT" LAYER: the URL of every tile of
# zoom Z that touches the area, one a line (Web Mercator XYZ).
tiles() {
  awk -v z="$1" -v area="$2" -v base="$base/tiles/$3" 'function tx(lon) { return int((lon + 180) / 360 * 2^z) }
    function ty(lat,  r) { r = lat * 3.141592653589793 / 180
      return int((1 - log(sin(r) / cos(r) + 1 / cos(r)) / 3.141592653589793) / 2 * 2^z) }
    BEGIN { split(area, a, " ")
      for (x = tx(a[1]); x <= tx(a[3]); x++) for (y = ty(a[4]); y <= ty(a[2]); y++) printf "%s/%d/%d/%d.mvt\n", base, z, x, y }'
}
tiles 6 "$Z6_AREA" sites >"$out/z6.urls"
tiles 10 "$Z10_AREA" sites >"$out/z10.urls"
tiles 14 "$Z14_AREA" sites >"$out/z14.urls"
scenario "MVT sites z6, Ukraine ($(wc -l <"$out/z6.urls") tiles)" "rps>=64,maxbytes<500KB" -urls "$out/z6.urls"
scenario "MVT sites z10, Kharkiv ($(wc -l <"$out/z10.urls") tiles)" "rps>=190,maxbytes<500KB" -urls "$out/z10.urls"
scenario "MVT sites z14, Kharkiv centre ($(wc -l <"$out/z14.urls") tiles)" "rps>=400" -urls "$out/z14.urls"

# The whole data set as one file, by one user. An export of a million sites
# takes seconds: no warm-up, and -d 1s measures the one request started at
# once, which benchload lets run to its end (within -timeout). The server's
# memory must not grow with the rows: compare start and peak.
scenario "export sites CSV (all)" "rss<100MB" -c 1 -warmup 0s -d 1s -timeout 2m "$api/export/sites.csv"
scenario "export sites GeoJSON (all)" "rss<100MB" -c 1 -warmup 0s -d 1s -timeout 2m "$api/export/sites.geojson"

# --- the Explore screen in a browser ----------------------------------------
# The promise: the Explore screen is usable within 2 s on the local server.
# Timed in Debian's Chromium while nothing else loads the server; anything
# missing that cannot be installed skips this part, never the bench.
browsertable=""
browser_skipped=""
browser_errors=0
log_errors() { grep -ciE 'level=error|"level":"error"' "$log" || true; }
skip_browser() { browser_skipped=$1; say "skipping the Explore timing: $1"; }
browser_name="Explore screen (browser)"
if [ "${BENCH_BROWSER:-1}" = 1 ] && [[ $browser_name =~ ${BENCH_ONLY:-.} ]]; then
  browser_runs=${BENCH_BROWSER_RUNS:-5}
  [[ $browser_runs =~ ^[1-9][0-9]*$ ]] || die "BENCH_BROWSER_RUNS=$browser_runs: want a positive whole number"
  chromium_path=${CHROMIUM_PATH:-}
  if ! command -v node >/dev/null; then
    skip_browser "Node.js is missing (apt-get install nodejs npm)"
  elif [ -z "$chromium_path" ] && ! deploy/local/need.sh chromium-headless-shell chromium-headless-shell "the Explore timing"; then
    skip_browser "no Chromium headless shell (apt-get install chromium-headless-shell)"
  elif [ ! -d frontend/node_modules/playwright-core ] && ! (cd frontend && npm ci --no-audit --no-fund >&2); then
    skip_browser "npm ci in frontend failed"
  else
    say "timing the Explore screen in Chromium ($browser_runs loads per size and cache)"
    browser_load=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
    errors_before=$(log_errors)
    if CHROMIUM_PATH=${chromium_path:-$(command -v chromium-headless-shell)} \
      node "$here/explore.mjs" -runs "$browser_runs" "$base" >"$out/explore.md.new"; then
      mv "$out/explore.md.new" "$out/explore.md"
      browsertable="$out/explore.md"
      # MapLibre cancels the tile requests a move no longer needs; the server logs each.
      browser_errors=$(($(log_errors) - errors_before))
    else
      rm -f "$out/explore.md.new"
      skip_browser "explore.mjs failed (its message is above)"
    fi
  fi
  if ! alive; then
    tail -20 "$log" >&2
    die "the server stopped during the Explore timing"
  fi
fi

# --- the same queries straight in PostgreSQL ---------------------------------
sqltable=""
if [ "${BENCH_SQL:-1}" = 1 ] && pgbench=$(pgbin pgbench); then
  sqltable="$out/sql.md"
  # At least 20 s: a country query takes seconds under this load, and
  # pgbench counts no query still running when time is up.
  pg_seconds=$((seconds < 20 ? 20 : seconds))
  printf '| query straight in PostgreSQL (pgbench, %s connections, %s) | req/s | mean latency ms |\n|---|--:|--:|\n' \
    "$conns" "${pg_seconds} s" >"$sqltable"
  pg_scenario() { # NAME BBOX LIMIT
    local name=$1 x0 y0 x1 y1 res
    [[ $name =~ ${BENCH_ONLY:-.} ]] || return 0
    IFS=, read -r x0 y0 x1 y1 <<<"$2"
    # A short run first, like benchload's warm-up: cold caches and fresh
    # backends would otherwise count against the measured one.
    "$pgbench" -n -c "$conns" -j "$(nproc)" -T 2 -f "$here/pg_sites.sql" \
      -D x0="$x0" -D y0="$y0" -D x1="$x1" -D y1="$y1" -D lim="$3" "$DATABASE_URL" >/dev/null 2>&1 || true
    res=$("$pgbench" -n -c "$conns" -j "$(nproc)" -T "$pg_seconds" -f "$here/pg_sites.sql" \
      -D x0="$x0" -D y0="$y0" -D x1="$x1" -D y1="$y1" -D lim="$3" "$DATABASE_URL" 2>&1) ||
      { say "pgbench \"$name\" failed: $(tail -3 <<<"$res")"; return 0; }
    printf '| %s | %.1f | %.1f |\n' "$name" \
      "$(sed -nE 's/^tps = ([0-9.]+).*/\1/p' <<<"$res")" \
      "$(sed -nE 's/^latency average = ([0-9.]+).*/\1/p' <<<"$res")" >>"$sqltable"
  }
  say "running the site lists straight in PostgreSQL for reference"
  pg_scenario "city window (bbox, limit $LIMIT_CITY)" "$BBOX_CITY" "$LIMIT_CITY"
  pg_scenario "country (bbox, limit $LIMIT_COUNTRY)" "$BBOX_COUNTRY" "$LIMIT_COUNTRY"
fi

load_after=$(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo "?")
stop_server
trap - EXIT

# --- report ----------------------------------------------------------------
server_errors=$(log_errors)
browser_note=""
[ "$browser_errors" = 0 ] || browser_note=" ($browser_errors during the Explore timing: tile requests the browser cancelled)"
mem=$(awk '/^MemTotal:/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo 2>/dev/null || echo "?")
cpu=$(sed -nE 's/^model name[[:space:]]*: (.*)/\1/p' /proc/cpuinfo 2>/dev/null | head -1)
{
  echo "# make bench — $(date -u '+%Y-%m-%d %H:%M UTC')"
  echo
  echo "- machine: $(nproc) CPUs${cpu:+ ($cpu)}, $mem memory, $(uname -sr); load average $load_before before, $load_after after"
  echo "- Go $(go env GOVERSION | sed 's/^go//')"
  echo "- $(q -c "SELECT split_part(version(), ' on ', 1) || ', PostGIS ' || postgis_lib_version()")"
  echo "- server: ${server#"$root"/} at $(git rev-parse --short HEAD 2>/dev/null || echo 'no commit')$(git diff --quiet HEAD -- 2>/dev/null || echo ' (with local changes)'), log ${log#"$root"/}: $server_errors error lines$browser_note"
  echo "- data set: $dataset"
  echo "- load: $conns connections, ${seconds} s per scenario after a 2 s warm-up$([ "${BENCH_GZIP:-0}" = 1 ] && echo ', gzip')"
  echo
  cat "$table"
  if [ -n "$sqltable" ]; then echo; cat "$sqltable"; fi
  echo
  echo "'after ms' is one request made right after the load stopped; 'met' also needs no errors."
  if [ -n "$browsertable" ]; then
    echo
    cat "$browsertable"
    echo
    echo "Headless Chromium, software WebGL, load average $browser_load at its start. Each cell is median / worst;" \
      "'listed' is the page's mark vidbudova:explore-listed (the panel lists the oblasts and takes choices)," \
      "'ready' its mark vidbudova:explore-ready (the map has drawn the oblasts and gone idle), both from navigation start;" \
      "'click → hromadas' runs from a click on Kharkiv oblast to the idle map with its hromadas drawn (the 0.8 s flight included);" \
      "bytes and requests count what reached the server before 'ready' (a warm cache serves the immutable assets itself)."
  elif [ -n "$browser_skipped" ]; then
    echo
    echo "The Explore screen was not timed in a browser: $browser_skipped."
  fi
} >"$out/results.md"

echo
cat "$out/results.md"
say "written to ${out#"$root"/}/results.md"
