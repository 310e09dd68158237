# PARTH — see README.md.
GO       ?= go
BIN      := bin
FUZZTIME ?= 15s

.PHONY: all build run demo deps generate test test-full test-unit fuzz bench bench-go stats lint clean

all: build

build:
	$(GO) build -o $(BIN)/parth ./cmd/parth

## run: a devnet with real proofs (data/devnet) and the seed's USDT scenario through parth wallet over HTTP; then it serves until Ctrl-C
run: build
	BIN=./$(BIN)/parth scripts/run.sh

## demo: the seed's USDT scenario, natively, on an on-disk pebble store (data/demo), in a second
demo: build
	./$(BIN)/parth demo -reset -data data/demo usdt

## deps: the pinned solc (npm ci in contracts/; offline afterwards)
deps: contracts/node_modules/solc/package.json

contracts/node_modules/solc/package.json: contracts/package.json contracts/package-lock.json
	cd contracts && npm ci --no-audit --no-fund
	touch $@

## generate: compile the L1 contracts and write their ABI, bytecode and bind v2 bindings
generate: deps
	$(GO) run ./contracts/cmd/generate

## test: lint, every test (uncached), and short fuzzing of the delta-proof and proof decoders
test: deps lint test-unit fuzz

# The aggregator's end-to-end test sets up the wrapper, node and block
# circuits and proves two blocks over NATS (~16 GB peak); it runs after the
# other packages so it has the machine's memory, then the node's tests
# (real end caps through admission; keys from the cache it filled), then
# the real binaries (parth node and parth prover, killed and restarted),
# one package at a time.
HEAVY := ./aggregator ./node ./e2e
test-unit:
	$(GO) test -count=1 -timeout 80m $$($(GO) list ./... | grep -v -e '/aggregator$$' -e '/node$$' -e '/e2e$$')
	$(GO) test -count=1 -timeout 80m -p 1 -v $(HEAVY)

## test-full: make test, plus the seed's four-user USDT scenario proven over NATS (two blocks, seven end caps) and the node's in-process USDT story
test-full: test
	PARTH_FULL=1 $(GO) test -count=1 -timeout 240m -v -run '^TestUSDTScenario$$' ./aggregator
	PARTH_FULL=1 $(GO) test -count=1 -timeout 60m -v -run '^TestNodeUSDT$$' ./node

fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzDeltaProof$$' -fuzztime $(FUZZTIME) ./state/smt
	$(GO) test -run '^$$' -fuzz '^FuzzProofDecode$$' -fuzztime $(FUZZTIME) ./prover
	$(GO) test -run '^$$' -fuzz '^FuzzBlockDecode$$' -fuzztime $(FUZZTIME) ./sequencer

## bench: every bench program, one JSON (bench/results/<date>-<machine>.json), PNG plots and a markdown summary
##        (bench/results/latest.md); QUICK=1: the user side, PoH, k_net and L1 gas in under 5 minutes
bench: deps
	$(GO) run ./bench/all $(if $(QUICK),-quick)

## bench-go: the Go benchmarks (5 runs each, for benchstat)
bench-go:
	mkdir -p bench/results
	$(GO) test -run '^$$' -bench . -benchmem -count 5 ./state/... ./sequencer/... ./consensus/... | tee bench/results/go-bench.txt

## stats: regenerate the constraint-count table bench/constraints.csv
stats:
	$(GO) test -count=1 -run '^TestConstraintCounts$$' ./circuits -update

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

# clean removes the binaries and the native demo's stores (recomputed in a
# second); never a node's data directory or the key cache (proven results).
clean:
	rm -rf $(BIN) data/demo
