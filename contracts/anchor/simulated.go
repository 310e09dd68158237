package anchor

import (
	"context"
	"crypto/ecdsa"
	"crypto/sha256"
	"math/big"
	"reflect"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/params"
)

// MainnetRules is the chain configuration of Ethereum mainnet with every
// fork it has activated live from genesis (and none it has not), on the
// simulated backend's chain id: gas and precompiles are mainnet's.
func MainnetRules() *params.ChainConfig {
	c := *params.MainnetChainConfig
	c.ChainID = big.NewInt(1337)
	zero := big.NewInt(0)
	v := reflect.ValueOf(&c).Elem()
	for i := 0; i < v.NumField(); i++ {
		f := v.Field(i)
		switch f.Type() {
		case reflect.TypeOf((*big.Int)(nil)): // fork blocks
			if !f.IsNil() && v.Type().Field(i).Name != "ChainID" {
				f.Set(reflect.ValueOf(new(big.Int).Set(zero)))
			}
		case reflect.TypeOf((*uint64)(nil)): // fork times
			if !f.IsNil() {
				t := uint64(0)
				f.Set(reflect.ValueOf(&t))
			}
		}
	}
	c.DAOForkBlock, c.DAOForkSupport = nil, false
	c.Ethash = nil
	return &c
}

// Simulated is go-ethereum's in-process L1 with mainnet rules, whose
// client mines each transaction as it is sent.
type Simulated struct {
	Backend *simulated.Backend
}

// NewSimulated starts a simulated L1 funding accounts with 1,000 ETH each.
func NewSimulated(accounts ...common.Address) *Simulated {
	alloc := types.GenesisAlloc{}
	eth := new(big.Int).Exp(big.NewInt(10), big.NewInt(21), nil)
	for _, a := range accounts {
		alloc[a] = types.Account{Balance: eth}
	}
	b := simulated.NewBackend(alloc, func(_ *node.Config, e *ethconfig.Config) {
		e.Genesis.Config = MainnetRules()
	})
	return &Simulated{Backend: b}
}

// Client is the chain as the anchor sees it: every sent transaction is
// mined at once.
func (s *Simulated) Client() Chain { return autoCommit{s.Backend.Client(), s.Backend} }

// Close stops the chain.
func (s *Simulated) Close() error { return s.Backend.Close() }

type autoCommit struct {
	simulated.Client
	b *simulated.Backend
}

func (c autoCommit) SendTransaction(ctx context.Context, tx *types.Transaction) error {
	if err := c.Client.SendTransaction(ctx, tx); err != nil {
		return err
	}
	c.b.Commit()
	return nil
}

// DevKey is the account that deploys the Rollup on a development L1 and
// anchors blocks there. It derives from a public seed ("parth dev L1
// account"), so the contracts' addresses are the same on every start.
func DevKey() *ecdsa.PrivateKey {
	seed := sha256.Sum256([]byte("parth dev L1 account"))
	k, err := crypto.ToECDSA(seed[:])
	if err != nil {
		panic(err) // a fixed seed below the curve order
	}
	return k
}

// NewDevSimulated starts a simulated L1 funding DevKey's account.
func NewDevSimulated() (*Simulated, *ecdsa.PrivateKey) {
	k := DevKey()
	return NewSimulated(crypto.PubkeyToAddress(k.PublicKey)), k
}
