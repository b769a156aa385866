// Package boundarysource rebuilds Ukraine's oblast and hromada boundary files
// (oblasts.geojson, hromadas.geojson) from their two public sources, for
// machines that do not have the team's prepared copies.
//
// Fetch downloads the sources, pinned by Git commit and checked by sha256:
// the 2020 hromada polygons of Sławomir Matuszak's ukrainian_geodata
// (CC BY 4.0) and the KATOTTH codifier of 16 May 2025 (open data of the
// Ministry for Development of Communities and Territories). Build matches
// every polygon to its codifier unit by the rules of the shared data README
// (type words dropped, apostrophes unified, (oblast, raion, name) then
// (oblast, name), plus twelve hand-checked corrections) and writes both
// files with the same properties as the shared ones and Feature.id = code.
// English names of hromadas, raions and short oblast names are romanised by
// Cabinet resolution No. 55 of 2010 (Romanize); oblasts also get their
// conventional English names.
//
// # How the geometry differs from the shared build
//
// The shared files were cleaned with mapshaper ("snap -clean
// gap-fill-area=5km2"), a Node tool the project should not need at run time.
// Build does the nearest equivalent in PostGIS, in one transaction on
// temporary tables:
//
//   - every ring is noded together with the others on a 1e-6° grid and
//     polygonized into faces, and each face is given to one hromada, so
//     neighbours share their edges exactly and nothing overlaps;
//   - an overlap goes to the earlier polygon of the source file (the single
//     AR Crimea polygon yields to all others); mapshaper chooses by its own
//     rule, so some overlaps, 0.02 % of the area in all, fall on the other
//     side of a border;
//   - enclosed holes of the union smaller than 100 km² are filled, each by
//     the neighbour with the longest common border, which leaves the same
//     three water holes as the shared files (see gapFillArea for why not
//     5 km²);
//   - there is no vertex snapping (the source is already on a 1e-4° grid),
//     so gaps that open onto the state border or the coast would stay; in
//     these sources the union of all hromadas nonetheless has the same 186
//     parts, the same 3 holes and the same area (within 0.1 km²) as the
//     shared file. Single hromadas differ in area by up to about 3 % where
//     an overlap went the other way;
//   - oblasts are the union of their hromadas (AR Crimea: its single source
//     polygon, less what it overlaps of Sevastopol and Kherson oblast; Kyiv
//     and Sevastopol: their own unit); coordinates are written with at most
//     6 decimals, exterior rings counter-clockwise (RFC 7946).
//
// Codes, names and per-oblast counts equal those of the shared files;
// oblast areas agree to within 0.1 %.
package boundarysource
