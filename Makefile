# PARTH — see README.md.
GO       ?= go
BIN      := bin
FUZZTIME ?= 15s

.PHONY: all build run deps generate test test-full test-unit fuzz bench stats lint clean

all: build

build:
	$(GO) build -o $(BIN)/parth ./cmd/parth

## run: the seed's USDT scenario, natively, on an on-disk pebble store (data/demo)
run: build
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
# other packages so it has the machine's memory.
HEAVY := ./aggregator
test-unit:
	$(GO) test -count=1 -timeout 80m $$($(GO) list ./... | grep -v '/aggregator$$')
	$(GO) test -count=1 -timeout 80m -v $(HEAVY)

## test-full: make test, plus the seed's four-user USDT scenario proven over NATS (two blocks, seven end caps)
test-full: test
	PARTH_FULL=1 $(GO) test -count=1 -timeout 240m -v -run '^TestUSDTScenario$$' ./aggregator

fuzz:
	$(GO) test -run '^$$' -fuzz '^FuzzDeltaProof$$' -fuzztime $(FUZZTIME) ./state/smt
	$(GO) test -run '^$$' -fuzz '^FuzzProofDecode$$' -fuzztime $(FUZZTIME) ./prover

## bench: Go benchmarks (5 runs each, for benchstat) and the block-application program (JSON)
bench:
	mkdir -p bench/results
	$(GO) test -run '^$$' -bench . -benchmem -count 5 ./state/... ./sequencer/... ./consensus/... | tee bench/results/go-bench.txt
	$(GO) run ./bench/sequencer -runs 7 -out bench/results/sequencer.json
	$(GO) run ./bench/blockapply -users 1000,100000 -out bench/results/blockapply.json
	$(GO) run ./bench/recursion -out bench/results/recursion.json
	$(GO) run ./bench/session -runs 5 -wrap -endcap 3 -out bench/results/session.json
	$(GO) run ./bench/aggregate -runs 3 -out bench/results/aggregate.json

## stats: regenerate the constraint-count table bench/constraints.csv
stats:
	$(GO) test -count=1 -run '^TestConstraintCounts$$' ./circuits -update

lint:
	@out=$$(gofmt -l $$(git ls-files '*.go' 2>/dev/null || find . -name '*.go')); \
	if [ -n "$$out" ]; then echo "gofmt needed on:"; echo "$$out"; exit 1; fi
	$(GO) vet ./...

clean:
	rm -rf $(BIN) data
