// Package synctest holds the sync system's whole-system tests and
// benchmarks: a property test of desktops and hubs (SQLite and PostgreSQL)
// under injected network and process faults, an end-to-end test with the
// real fieldbook-hub binary, and the sync benchmarks (`make bench`).
// FIELDBOOK_SYNC_COMPRESSION=on or off makes every engine of the tests
// compress or not; unset, one engine in two does (both kinds on one hub).
// Everything is in the _test.go files; this file only names the package.
package synctest
