// Package upgradetest opens what an earlier release wrote with the code of
// this one. Each folder testdata/release-<commit>/ holds a laptop's local
// store and the SQLite hub it synced with, written once by that release
// (its generate.go is the record of how), and the release's own manifest of
// them. The tests migrate both, verify every signature, and sync the
// laptop's pending work to the upgraded hub over real HTTP.
package upgradetest
