// Package apps holds the seed's example contracts written natively against
// state.Context — Diamonds & Rubies (buyRubies, price 3) and USDT (transfer and
// claim with sentTo/claimedFrom) — and the seed's scenarios built from them.
//
// Each contract mirrors its Dapen source in the seed line by line, including
// the assert messages. Slots follow declaration order in the ABI: for
// Diamonds & Rubies rubyBalance is slot 0 and diamondBalance slot 1; for USDT
// sentTo is slot 0 and claimedFrom slot 1 (claimedFrom[own id] is the
// balance, sentTo[own id] is unused). The Dapen compiler (a later issue) must
// produce the same layout from the same ABI; differential tests will hold it
// to these implementations.
package apps
