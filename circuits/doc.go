// Package circuits holds PARTH's circuits and the gadgets they are built
// from. Every circuit mirrors a native twin in state/ exactly (same hash,
// same tags, same tree layout, same checks) and is tested against it on
// valid witnesses and on invalid witnesses of every constraint family.
//
// circuits/ never imports storage, networking or go-ethereum (deps_test.go).
package circuits
