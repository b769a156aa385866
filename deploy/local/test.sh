#!/usr/bin/env bash
# test.sh — what `make test` does after building: start the local PostGIS,
# make a template database (migrated, boundaries loaded) from which every
# Go test package copies a fresh database of its own, run the Go tests with
# the race detector, then the browser tests against a real server.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
bin=bin/vidbudova

deploy/local/pg.sh start
admin=$(deploy/local/pg.sh url postgres)
template=vidbudova_test_template
psql -q "$admin" -v ON_ERROR_STOP=1 <<SQL
DROP DATABASE IF EXISTS $template;
CREATE DATABASE $template;
SQL
paths=$(DATABASE_URL=$(deploy/local/pg.sh url $template) deploy/local/boundaries.sh)
read -r oblasts hromadas <<<"$paths"
DATABASE_URL=$(deploy/local/pg.sh url $template) $bin migrate up
DATABASE_URL=$(deploy/local/pg.sh url $template) $bin import boundaries --oblasts "$oblasts" --hromadas "$hromadas"

export VIDBUDOVA_TEST_ADMIN_URL=$admin VIDBUDOVA_TEST_TEMPLATE=$template
export VIDBUDOVA_BOUNDARIES="$oblasts $hromadas"
echo "== Go tests (race detector on)"
go test -race -count=1 ./...

echo "== browser tests"
deploy/local/chromium.sh
e2e=vidbudova_e2e
psql -q "$admin" -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $e2e" -c "CREATE DATABASE $e2e TEMPLATE $template"
export DATABASE_URL; DATABASE_URL=$(deploy/local/pg.sh url $e2e)
$bin seed demo >/dev/null
# A moderator of every oblast for the browser tests of signing in and
# verifying, with a password made for this run.
export VIDBUDOVA_E2E_MODERATOR_EMAIL=moderator@e2e.test
VIDBUDOVA_E2E_MODERATOR_PASSWORD=$(head -c 18 /dev/urandom | base64)
export VIDBUDOVA_E2E_MODERATOR_PASSWORD
oblasts=$(psql -qAt "$DATABASE_URL" -c "SELECT string_agg(code, ',' ORDER BY code) FROM oblasts")
echo "$VIDBUDOVA_E2E_MODERATOR_PASSWORD" | $bin user add --role moderator --email "$VIDBUDOVA_E2E_MODERATOR_EMAIL" \
  --name "Модератор (тест)" --oblast "$oblasts" >/dev/null
log=$(mktemp)
LISTEN_ADDR=127.0.0.1:0 $bin serve >"$log" 2>"$log.err" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -f "$log" "$log.err"' EXIT
for _ in $(seq 100); do grep -q '^listening on' "$log" && break; sleep 0.1; done
url=$(sed -n 's/^listening on http:\/\/\[::\]/http:\/\/127.0.0.1/; s/^listening on //p' "$log")
[ -n "$url" ] || { echo "the server did not start:"; cat "$log.err"; exit 1; }
(cd frontend && VIDBUDOVA_URL=$url node --test e2e/)
