#!/usr/bin/env bash
# pg.sh — the project's own local PostGIS: finds or installs PostgreSQL and
# PostGIS, and runs one cluster for this checkout under .data/ on a port of
# its own. Every command is idempotent, so make run, make test and CI can all
# call it without knowing what state the machine is in.
#
#   deploy/local/pg.sh install   install PostgreSQL + PostGIS if missing
#   deploy/local/pg.sh start     install, init and start the cluster; create the database
#   deploy/local/pg.sh stop      stop the cluster (data stays)
#   deploy/local/pg.sh status    say whether it runs, and where
#   deploy/local/pg.sh url [DB]  print the connection URL of database DB
#
# Settings (environment): VIDBUDOVA_PG_PORT (54329), VIDBUDOVA_PG_DB (vidbudova).
set -euo pipefail

root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
port=${VIDBUDOVA_PG_PORT:-54329}
db=${VIDBUDOVA_PG_DB:-vidbudova}
data="$root/.data"
pgdata="$data/pg"

say() { printf 'pg.sh: %s\n' "$*" >&2; }

# bindir picks the newest PostgreSQL server installed from packages.
bindir() {
  local d
  for d in $(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V -r); do
    [ -x "$d/postgres" ] && { echo "$d"; return; }
  done
  command -v pg_config >/dev/null && [ -x "$(pg_config --bindir)/postgres" ] && { pg_config --bindir; return; }
  return 1
}

major() { "$1/postgres" --version | sed -E 's/[^0-9]*([0-9]+).*/\1/'; }

has_postgis() { # $1 = bindir
  local v; v=$(major "$1")
  ls "/usr/share/postgresql/$v/extension/"postgis.control >/dev/null 2>&1 ||
    ls "$("$1/pg_config" --sharedir 2>/dev/null)/extension/postgis.control" >/dev/null 2>&1
}

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then sudo "$@"
  else return 1; fi
}

install() {
  local b v pkgs
  if b=$(bindir) && has_postgis "$b"; then return 0; fi
  if ! command -v apt-get >/dev/null; then
    say "PostgreSQL 15+ with PostGIS 3 is needed and this is not a Debian/Ubuntu system."
    say "Install them with your package manager (e.g. 'brew install postgis'), then run this again."
    exit 1
  fi
  if b=$(bindir); then v=$(major "$b"); pkgs="postgresql-$v-postgis-3"; else pkgs="postgresql postgresql-contrib postgis"; fi
  say "installing $pkgs from the distribution's packages"
  if ! as_root env DEBIAN_FRONTEND=noninteractive apt-get update -qq ||
     ! as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $pkgs >/dev/null; then
    say "could not install PostGIS. Run, as root:"
    say "  apt-get update && apt-get install -y $pkgs"
    exit 1
  fi
  b=$(bindir) || { say "PostgreSQL server not found after installing"; exit 1; }
  has_postgis "$b" || { say "PostGIS not found for PostgreSQL $(major "$b") after installing"; exit 1; }
}

# As root the server must run as an ordinary user; Debian's packages make
# "postgres". Its data folder must be reachable by that user, which a checkout
# under /root is not, so then the cluster lives under /var/lib and .data/pg
# points at it.
owner() { if [ "$(id -u)" = 0 ]; then echo postgres; else id -un; fi; }
run_as_owner() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

prepare_dir() {
  mkdir -p "$data"
  [ -e "$pgdata" ] && return 0
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    if runuser -u postgres -- test -w "$data" 2>/dev/null; then
      mkdir -p "$pgdata"
    else
      local alt; alt="/var/lib/vidbudova/$(printf '%s' "$root" | sha256sum | cut -c1-12)"
      mkdir -p "$alt"
      ln -sfn "$alt" "$pgdata"
    fi
    chown postgres: "$(readlink -f "$pgdata")"
    chmod 700 "$(readlink -f "$pgdata")"
  else
    mkdir -p "$pgdata"
  fi
}

init() {
  local b; b=$(bindir)
  prepare_dir
  [ -f "$pgdata/PG_VERSION" ] && return 0
  say "creating the database cluster in $pgdata"
  run_as_owner "$b/initdb" -D "$(readlink -f "$pgdata")" -U postgres -A trust -E UTF8 --locale=C.UTF-8 >/dev/null
  # Settings for a 2-core development machine, from the load tests in
  # ../shared/bench: JIT and parallel workers slow concurrent map queries.
  cat >>"$(readlink -f "$pgdata")/postgresql.conf" <<CONF
listen_addresses = '127.0.0.1'
port = $port
unix_socket_directories = '/tmp'
max_connections = 200
shared_buffers = 512MB
work_mem = 16MB
maintenance_work_mem = 256MB
synchronous_commit = off
jit = off
max_parallel_workers_per_gather = 0
log_min_messages = warning
CONF
}

running() { local b; b=$(bindir) && [ -f "$pgdata/PG_VERSION" ] && run_as_owner "$b/pg_ctl" -D "$(readlink -f "$pgdata")" status >/dev/null 2>&1; }

start() {
  install
  init
  local b; b=$(bindir)
  if ! running; then
    say "starting PostgreSQL on 127.0.0.1:$port"
    local log; log="$(readlink -f "$pgdata")/server.log"
    # The port is given again: a cluster made under another VIDBUDOVA_PG_PORT keeps that one in its settings.
    run_as_owner "$b/pg_ctl" -D "$(readlink -f "$pgdata")" -l "$log" -o "-p $port" -w -t 60 start >/dev/null ||
      { say "PostgreSQL did not start; its log:"; tail -20 "$log" >&2; exit 1; }
  fi
  createdb_if_missing "$db"
}

createdb_if_missing() {
  local b; b=$(bindir)
  if [ -z "$("$b/psql" -h 127.0.0.1 -p "$port" -U postgres -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = '$1'")" ]; then
    "$b/psql" -q -h 127.0.0.1 -p "$port" -U postgres -d postgres -c "CREATE DATABASE \"$1\"" >/dev/null
  fi
}

stop() {
  local b
  if running; then b=$(bindir); run_as_owner "$b/pg_ctl" -D "$(readlink -f "$pgdata")" -m fast -w stop >/dev/null; say "stopped"; else say "not running"; fi
}

status() {
  if running; then say "running on 127.0.0.1:$port, data in $pgdata"; else say "not running"; return 3; fi
}

# Through the Unix socket: on one machine it is cheaper than TCP for both
# ends (measured: a few per cent more site lists a second).
url() { echo "postgres://postgres@/${1:-$db}?host=/tmp&port=$port&sslmode=disable"; }

case "${1:-}" in
  install) install ;;
  start) start ;;
  stop) stop ;;
  status) status ;;
  url) url "${2:-}" ;;
  *) sed -n '2,13p' "$0" | sed 's/^# \{0,1\}//'; exit 2 ;;
esac
