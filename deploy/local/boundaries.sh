#!/usr/bin/env bash
# boundaries.sh — prints the paths of the oblast and hromada GeoJSON files
# to load: the team's shared copies when they are beside the checkout, else
# files built under .data/ua-admin from the public sources (downloaded once,
# pinned by commit and checked by sha256).
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
shared="$root/../shared/data/ua-admin"
built="$root/.data/ua-admin"

if [ -f "$shared/oblasts.geojson" ] && [ -f "$shared/hromadas.geojson" ]; then
  echo "$shared/oblasts.geojson $shared/hromadas.geojson"; exit 0
fi
if [ ! -f "$built/hromadas.geojson" ]; then
  echo "boundaries: building them from the public sources into .data/ua-admin" >&2
  if ! "$root/bin/vidbudova" boundaries fetch --dir "$built" >&2; then
    cat >&2 <<TXT
boundaries: could not get the boundaries of Ukraine. Download
  hromady.geojson (github.com/slawomirmatuszak/ukrainian_geodata, commit 811239e4)
  kodifikator-16-05-2025.csv (github.com/igskak/KATOTTG, commit fb57623a)
into $built/source/ and run make run again.
TXT
    exit 1
  fi
fi
echo "$built/oblasts.geojson $built/hromadas.geojson"
