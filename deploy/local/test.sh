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

# The outside tools the tests drive: GDAL reads the OGC API as QGIS does,
# xmllint holds the IATI export to its schema, Chromium runs the map.
deploy/local/need.sh ogrinfo gdal-bin "the OGC API test"
deploy/local/need.sh xmllint libxml2-utils "the IATI schema test"
deploy/local/need.sh chromium chromium "the browser tests"

export VIDBUDOVA_TEST_ADMIN_URL=$admin VIDBUDOVA_TEST_TEMPLATE=$template
export VIDBUDOVA_BOUNDARIES="$oblasts $hromadas"
echo "== Go tests (race detector on)"
go test -race -count=1 ./...

echo "== front-end unit tests"
(cd frontend && npm run test:unit)

echo "== browser tests"
e2e=vidbudova_e2e
psql -q "$admin" -v ON_ERROR_STOP=1 -c "DROP DATABASE IF EXISTS $e2e" -c "CREATE DATABASE $e2e TEMPLATE $template"
export DATABASE_URL; DATABASE_URL=$(deploy/local/pg.sh url $e2e)
$bin seed demo >/dev/null
# Accounts for the browser tests, with passwords made for this run: a
# moderator of every oblast, an editor of the hromada with the most demo
# sites, and a donor of the first demo organisation.
e2e_password() { head -c 18 /dev/urandom | base64 | tr -d '/+='; }
e2e_user() { # ROLE EMAIL ENV_PREFIX user-add-flags...
  local role=$1 email=$2 prefix=$3 password
  shift 3
  password=$(e2e_password)
  echo "$password" | $bin user add --role "$role" --email "$email" --name "Тест: $role" "$@" >/dev/null
  export "${prefix}_EMAIL=$email" "${prefix}_PASSWORD=$password"
}
sql() { psql -qAt "$DATABASE_URL" -c "$1"; }
e2e_user moderator moderator@e2e.test VIDBUDOVA_E2E_MODERATOR --oblast "$(sql "SELECT string_agg(code, ',' ORDER BY code) FROM oblasts")"
e2e_user editor editor@e2e.test VIDBUDOVA_E2E_EDITOR \
  --hromada "$(sql "SELECT hromada_code FROM sites WHERE demo AND hromada_code IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1")"
e2e_user donor donor@e2e.test VIDBUDOVA_E2E_DONOR --organisation "$(sql "SELECT min(id) FROM organisations WHERE demo")"
log=$(mktemp)
LISTEN_ADDR=127.0.0.1:0 $bin serve >"$log" 2>"$log.err" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -f "$log" "$log.err"' EXIT
for _ in $(seq 100); do grep -q '^listening on' "$log" && break; sleep 0.1; done
url=$(sed -n 's/^listening on http:\/\/\[::\]/http:\/\/127.0.0.1/; s/^listening on //p' "$log")
[ -n "$url" ] || { echo "the server did not start:"; cat "$log.err"; exit 1; }
(cd frontend && VIDBUDOVA_URL=$url node --test e2e/)
