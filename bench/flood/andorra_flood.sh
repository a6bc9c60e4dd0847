#!/bin/sh
# SPDX-License-Identifier: MIT
# Times `dsim run` on the Andorra OSM extract and its SRTM tile (bench/RESULTS.md, "Flood on a real place").
#   DSIM_SHARED_DATA=... bench/flood/andorra_flood.sh DSIM_BINARY [RUNS] [EXTRA_FLOOD_KEYS]
# EXTRA_FLOOD_KEYS is YAML appended to the flood section, e.g.
#   "  waterways: {source: osm}"      (burn the rivers in)
#   "  extent: dem"                  (solve the whole tile, as versions before the crop did)
set -eu
dsim=$1
runs=${2:-3}
extra=${3:-}
: "${DSIM_SHARED_DATA:?set DSIM_SHARED_DATA to the shared data folder}"
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cat > "$dir/andorra.yaml" <<YAML
name: andorra-flood-bench
region:
  network: $DSIM_SHARED_DATA/roads/osm/andorra.osm.pbf
stations:
  - {id: andorra_la_vella, location: {lon: 1.5218, lat: 42.5063}}
teams:
  - {id: bombers, station: andorra_la_vella, level: fire_brigade, size: 20, capabilities: [water_rescue]}
plan:
  responses:
    water_rescue:
      minor: {needs: {water_rescue: 4}}
horizon: 1 h
replications: 1
flood:
  dem: $DSIM_SHARED_DATA/dem/andorra_srtm/N42E001.hgt.zip
  cell_size: 100 m
  manning_n: 0.05
  rainfall: [[0, 30], [1 h, 30]]
  boundaries:
    - {edge: west, kind: free}
    - {edge: east, kind: free}
    - {edge: south, kind: free}
    - {edge: north, kind: free}
  duration: 1 h
  coupling_interval: 10 min
  frame_interval: 0
$extra
YAML
for i in $(seq "$runs"); do
  start=$(date +%s.%N)
  "$dsim" run "$dir/andorra.yaml" -j 2 > "$dir/out.txt"
  end=$(date +%s.%N)
  echo "run $i: $(echo "$end - $start" | bc) s"
  grep "flood" "$dir/out.txt" || true
done
