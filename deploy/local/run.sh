#!/usr/bin/env bash
# run.sh — what `make run` does after building: the database, its schema,
# the boundaries of Ukraine, the demo data, then the server in the
# foreground. Every step is skipped when already done, so a second run is
# up in seconds.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
bin=bin/vidbudova

if [ -z "${DATABASE_URL:-}" ]; then
  deploy/local/pg.sh start
  export DATABASE_URL; DATABASE_URL=$(deploy/local/pg.sh url)
fi

$bin migrate up
paths=$(deploy/local/boundaries.sh)
read -r oblasts hromadas <<<"$paths"
$bin import boundaries --oblasts "$oblasts" --hromadas "$hromadas"
$bin seed demo
export LISTEN_ADDR=${LISTEN_ADDR:-:8080}; LISTEN_PORT=${LISTEN_ADDR##*:}
cat <<TXT

  Vidbudova is starting at http://localhost:${LISTEN_PORT}
  (the sites shown are DEMO data, marked "демо"; Ctrl-C stops the server, the data stays; make db-stop stops PostGIS)

TXT
exec $bin serve
