// Package boundarysource rebuilds Ukraine's oblast and hromada boundary files
// (oblasts.geojson, hromadas.geojson) from their two public sources, for
// machines that do not have the team's prepared copies.
//
// Fetch downloads the sources, pinned by Git commit and checked by sha256:
// the 2020 hromada polygons of Sławomir Matuszak's ukrainian_geodata
// (CC BY 4.0) and the KATOTTH codifier of 16 May 2025. Build matches every
// polygon to its codifier unit by the rules of the shared data README (type
// words dropped, apostrophes unified, (oblast, raion, name) then
// (oblast, name), plus twelve hand-checked corrections) and writes both files
// with the same properties and Feature.id = code.
//
// How the geometry differs from the shared build. The shared files were made
// with mapshaper ("snap -clean gap-fill-area=5km2"), which is not a Go
// library and not something the project should need at run time. Build does
// the nearest equivalent in PostGIS instead:
//
//   - each polygon is made valid (ST_MakeValid) and overlaps between
//     neighbours are removed, the earlier source feature keeping the shared
//     area (mapshaper decides differently, so a few hectares along some
//     borders fall on the other side);
//   - holes in the union of all polygons smaller than 5 km² are given to the
//     neighbour with the longest common border; there is no vertex snapping,
//     so gaps that open onto the outer border (not enclosed) are left as they
//     are, and slivers narrower than the source's 0.0001° rounding may remain;
//   - coordinates are reduced to a 1e-6° grid (ST_ReducePrecision keeps them
//     valid), exterior rings are counter-clockwise, as RFC 7946 asks;
//   - oblasts are the union of their hromadas (AR Crimea: its single source
//     polygon minus Sevastopol; Kyiv and Sevastopol: their own unit).
//
// Codes, names and per-oblast counts are the same as in the shared files;
// areas agree to well within one percent.
package boundarysource
