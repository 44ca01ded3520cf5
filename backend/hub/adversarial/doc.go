// Package adversarial holds the hub's adversarial suite: it meets a real
// `fieldbook-hub serve` process, on SQLite and on PostgreSQL, as a hostile
// or broken client would, over raw HTTP written from docs/sync-protocol.md
// alone — none of the project's client code or wire types. Each refused
// change must name the rule that refused it; no request may hold memory or
// a connection beyond its page or its deadline. The suite is its tests.
package adversarial
