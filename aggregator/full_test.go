package aggregator

import (
	"os"
	"testing"
	"time"

	"github.com/parthnet/parth/state/apps"
)

// TestUSDTScenario runs the seed's whole token scenario over the network:
// block 1 with all four users' transfers (three merge nodes), block 2 with
// Bob's two-claim session and Carol's and Mike's claims; the balances after
// each block are the seed's, and CHKP(1), CHKP(2) the native chain's. It
// proves seven end caps, five merges and two blocks (30 minutes on 2 cores
// with cached keys), so it runs in make test-full (PARTH_FULL=1).
func TestUSDTScenario(t *testing.T) {
	if os.Getenv("PARTH_FULL") == "" {
		t.Skip("set PARTH_FULL=1 (make test-full): the seed's four-user scenario, ~30 minutes of proving on 2 cores")
	}
	n := newNetwork(t)
	// One worker: two in one process would prove two 4 M-constraint nodes
	// at once beside every key (> 20 GB); several workers are separate
	// processes (parth prover), as the jobs tests run them.
	n.honest("worker-1", nil)
	agg := n.aggregator("aggregator")
	agg.Progress = func(p Progress) { t.Logf("block %d: %d/%d jobs (%s)", p.Block, p.Done, p.Total, p.What) }
	for i, steps := range apps.USDTBlocks {
		in, caps := n.sessions(steps)
		start := time.Now()
		r := wait(t, prove(n.ctx, agg, in), 3*time.Hour)
		t.Logf("block %d: %d users, %d jobs, proven over NATS in %v", i+1, len(steps), r.Jobs, time.Since(start).Round(time.Second))
		n.check(in, caps, r)
		n.checkBalances(apps.USDTExpected[i])
	}
}
