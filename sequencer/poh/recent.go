package poh

// Recent is the set of entry hashes events may reference: each with the
// tick height (ticks before it) at which it was published, pruned to the
// last MaxRefAge ticks. Both the recorder and the verifier keep one.
type Recent struct {
	maxAge uint64
	at     map[Hash]uint64
	order  []Hash
}

// NewRecent is an empty set for references at most maxAge ticks old.
func NewRecent(maxAge uint64) *Recent {
	return &Recent{maxAge: maxAge, at: map[Hash]uint64{}}
}

// Add publishes h at tick height t.
func (r *Recent) Add(h Hash, t uint64) {
	if _, ok := r.at[h]; ok {
		return
	}
	r.at[h] = t
	r.order = append(r.order, h)
}

// Check tells whether ref may be referenced at tick height t.
func (r *Recent) Check(ref Hash, t uint64) error {
	at, ok := r.at[ref]
	if !ok {
		return ErrUnknownRef
	}
	if t-at > r.maxAge {
		return ErrStaleRef
	}
	return nil
}

// Prune forgets hashes too old to reference at tick height t. A pruned
// hash is unknown afterwards (an event referencing it is refused as
// unknown: older than the window).
func (r *Recent) Prune(t uint64) {
	i := 0
	for i < len(r.order) && t-r.at[r.order[i]] > r.maxAge {
		delete(r.at, r.order[i])
		i++
	}
	r.order = r.order[i:]
}

// Clone copies the set.
func (r *Recent) Clone() *Recent {
	c := &Recent{maxAge: r.maxAge, at: make(map[Hash]uint64, len(r.at)), order: append([]Hash(nil), r.order...)}
	for h, t := range r.at {
		c.at[h] = t
	}
	return c
}
