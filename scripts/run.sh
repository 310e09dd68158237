#!/usr/bin/env bash
# make run: a devnet with real proofs, and the seed's USDT scenario played
# through `parth wallet` over the HTTP API; then the devnet serves until
# Ctrl-C. Block #1: Alice→Bob 30, Bob→Carol 50, Carol→Mike 40, Mike→Bob 20;
# block #2: Bob claims from Alice and Mike, Carol from Bob, Mike from Carol.
set -euo pipefail

BIN=${BIN:-bin/parth}
DATA=${DATA:-data/devnet}
HTTP=${HTTP:-127.0.0.1:8640}
NATS=${NATS:-127.0.0.1:4222}
WALLET=$DATA.wallet
LOG=$DATA.log

mkdir -p "$(dirname "$DATA")"
rm -rf "$WALLET"
echo "== parth devnet (log: $LOG); the first run sets up the circuits' keys (~40 min on 2 cores), later runs load them (~2 min)"
"$BIN" --log.format text devnet --reset --datadir "$DATA" --http.addr "$HTTP" --nats.addr "$NATS" >"$LOG" 2>&1 &
devnet=$!
stop() { kill -INT "$devnet" 2>/dev/null || true; wait "$devnet" 2>/dev/null || true; }
trap stop EXIT
trap 'exit 130' INT TERM

# Wait for /readyz, echoing the key setup's progress lines.
seen=0
until curl -fsS "http://$HTTP/readyz" >/dev/null 2>&1; do
	if ! kill -0 "$devnet" 2>/dev/null; then
		echo "the devnet exited; its log:" >&2
		tail -40 "$LOG" >&2
		exit 1
	fi
	n=$(wc -l <"$LOG")
	if [ "$n" -gt "$seen" ]; then
		sed -n "$((seen + 1)),${n}p" "$LOG" | grep -E 'setup still running|still loading keys|keys ready|node running' | sed 's/^/   /' || true
		seen=$n
	fi
	sleep 2
done
sleep 1
sed -n '/PARTH devnet ready/,/^Try:/p' "$LOG" || true

w() { "$BIN" --log.level warn wallet --dir "$WALLET" --node "http://$HTTP" --genesis "$DATA/genesis.json" "$@"; }
id_of() { sed -n 's#.*/v1/submissions/\([0-9a-f]\{64\}\).*#\1#p' | head -1; }

w dev
echo
echo "== block #1: four transfers (each proven by the wallet, submitted, sequenced)"
ids=()
for t in "alice transfer bob 30" "bob transfer carol 50" "carol transfer mike 40" "mike transfer bob 20"; do
	set -- $t
	out=$(w call "$1" usdt "$2" "$3" "$4" --wait sequenced)
	echo "$out"
	ids+=("$(echo "$out" | id_of)")
done
for id in "${ids[@]}"; do
	echo "-- following ${id:0:12}… to finalized"
	w follow "$id" --wait finalized
done

echo
echo "== block #2: the claims"
ids=()
for t in "bob claim alice + usdt claim mike" "carol claim bob" "mike claim carol"; do
	set -- $t
	out=$(w call "$1" usdt "${@:2}" --wait sequenced)
	echo "$out"
	ids+=("$(echo "$out" | id_of)")
done
for id in "${ids[@]}"; do
	echo "-- following ${id:0:12}… to anchored"
	w follow "$id" --wait anchored
done

echo
echo "== balances, verified against the certified checkpoint"
for u in alice bob carol mike; do
	w balance "$u" | grep -E 'CHKP|USDT'
done
echo
echo "The devnet serves at http://$HTTP/v1 until Ctrl-C (parth wallet --dir $WALLET --genesis $DATA/genesis.json …)."
wait "$devnet"
