package aggregator

import "testing"

// TestJobKinds: every kind's queue token parses back to it, tokens are
// distinct, and a token of no kind is an error.
func TestJobKinds(t *testing.T) {
	seen := map[string]bool{}
	for k := KindEndCap; k <= KindBlock; k++ {
		tok := k.Token()
		if seen[tok] {
			t.Fatalf("token %q used twice", tok)
		}
		seen[tok] = true
		if got, err := ParseJobKind(tok); err != nil || got != k {
			t.Fatalf("ParseJobKind(%q) = %v, %v; want %v", tok, got, err, k)
		}
	}
	for _, tok := range []string{"", "cap", "Block", "kind4"} {
		if _, err := ParseJobKind(tok); err == nil {
			t.Fatalf("ParseJobKind(%q) accepted", tok)
		}
	}
	if s := CapKey(2).String() + "," + NodeKey(0).String() + "," + BlockKey.String(); s != "cap 2,node 0,block" {
		t.Fatalf("key names %q", s)
	}
}
