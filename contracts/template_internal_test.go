package contracts

import (
	"strings"
	"testing"
)

// A template whose recorded offsets are not PUSH32 immediates (a stale or
// edited BlockVerifier.json) is refused at load, before any key is
// written in.
func TestTemplateOffsetsChecked(t *testing.T) {
	good, err := BlockVerifier()
	if err != nil {
		t.Fatal(err)
	}
	for name, edit := range map[string]func(*Template){
		"shifted by one":      func(t *Template) { t.Slots[0].Offsets[0]++ },
		"past the end":        func(t *Template) { t.Slots[0].Offsets[0] = len(t.bin) - 16 },
		"inside an immediate": func(t *Template) { t.Slots[0].Offsets[0] += 16 },
		"two slots at one":    func(t *Template) { t.Slots[1].Offsets[0] = t.Slots[0].Offsets[0] },
	} {
		bad := *good
		bad.Slots = make([]Slot, len(good.Slots))
		for i, s := range good.Slots {
			bad.Slots[i] = Slot{Name: s.Name, Offsets: append([]int(nil), s.Offsets...)}
		}
		edit(&bad)
		if err := bad.checkOffsets(); err == nil || !strings.Contains(err.Error(), "template's slot") {
			t.Errorf("%s: err = %v", name, err)
		}
	}
	if err := good.checkOffsets(); err != nil {
		t.Fatal(err)
	}
}
