package main

import "testing"

// The block-time model on trees small enough to schedule by hand.
func TestSimulate(t *testing.T) {
	const c, n, b = 100.0, 50.0, 25.0
	for _, tc := range []struct {
		users, workers   int
		nodes            int
		seconds, treeSec float64
	}{
		{1, 1, 1, c + n + b, n + b},     // end cap, its Single node (a one-proof cap does not fold), block
		{1, 2, 1, c + n + b, n + b},     // a second worker has nothing to do
		{2, 1, 1, 2*c + n + b, n + b},   // both end caps, the merge, the block
		{2, 2, 1, c + n + b, n + b},     // end caps in parallel
		{4, 4, 3, c + 3*n + b, 3*n + b}, // users 1..4: merge(2,3), then with 1, then with 4 (GUSR's shape)
	} {
		r, err := simulate(tc.users, tc.workers, c, n, b)
		if err != nil {
			t.Fatal(err)
		}
		if r.NodeProofs != tc.nodes || r.Seconds != tc.seconds || r.TreeSeconds != tc.treeSec {
			t.Errorf("%d users, %d workers: %+v, want %d nodes, %.0f s", tc.users, tc.workers, r, tc.nodes, tc.seconds)
		}
	}
	// More workers never make a block slower.
	for _, users := range []int{3, 8, 16} {
		one, _ := simulate(users, 1, c, n, b)
		two, _ := simulate(users, 2, c, n, b)
		if two.Seconds > one.Seconds || one.NodeProofs != users-1 {
			t.Errorf("%d users: 1 worker %+v, 2 workers %+v", users, one, two)
		}
	}
}
