package state

import (
	"fmt"
	"math/bits"

	"github.com/consensys/gnark-crypto/ecc/bn254/fr"

	"github.com/parthnet/parth/state/hashing"
	"github.com/parthnet/parth/state/smt"
)

// Var is a declared state variable; its slot is its position in Contract.Vars
// (declaration order, as the Dapen ABI lists them).
type Var struct {
	Name string
	Map  bool // keyed by a user id
}

// Function is a contract function's native implementation.
type Function struct {
	Name   string
	Params []string
	Run    func(ctx *Context, args []fr.Element) error
	// Ref is the identity put in the contract's whitelist: the verifying-key
	// hash of the function's circuit. Zero means "not compiled yet": a
	// native identity H(contract name, function name) stands in.
	Ref fr.Element
}

// Contract is a contract's native code: the reference its circuits match.
type Contract struct {
	Name      string
	Vars      []Var
	Functions []Function
}

// Slot returns the slot of a declared variable. Unknown names are a bug in
// the contract's Go code, so it panics.
func (c *Contract) Slot(name string) Slot {
	for i, v := range c.Vars {
		if v.Name == name {
			return Slot(i)
		}
	}
	panic(fmt.Sprintf("state: contract %s has no variable %q", c.Name, name))
}

// FunctionID returns the id of a function by name.
func (c *Contract) FunctionID(name string) (FunctionID, error) {
	for i, f := range c.Functions {
		if f.Name == name {
			return FunctionID(i), nil
		}
	}
	return 0, fmt.Errorf("%w: %s.%s", ErrUnknownFunction, c.Name, name)
}

// FunctionRef returns the whitelist leaf of function f.
func (c *Contract) FunctionRef(f FunctionID) fr.Element {
	fn := &c.Functions[f]
	if !fn.Ref.IsZero() {
		return fn.Ref
	}
	return hashing.Hash(hashing.TagFunctionRef, hashing.BytesHash([]byte(c.Name)), hashing.BytesHash([]byte(fn.Name)))
}

// Whitelist builds the contract's function whitelist tree.
func (c *Contract) Whitelist() (*smt.Tree, error) {
	if len(c.Functions) > 1<<DepthWhitelist {
		return nil, fmt.Errorf("%w: contract %s has %d functions, at most %d", ErrBadGenesis, c.Name, len(c.Functions), 1<<DepthWhitelist)
	}
	t := smt.New(WhitelistSpec, nil)
	leaves := make([]smt.Leaf, len(c.Functions))
	for i := range c.Functions {
		leaves[i] = smt.Leaf{Index: uint64(i), Value: c.FunctionRef(FunctionID(i))}
	}
	if err := t.Apply(leaves); err != nil {
		return nil, err
	}
	return t, nil
}

// Info returns the contract's GCON record.
func (c *Contract) Info() (ContractInfo, error) {
	wl, err := c.Whitelist()
	if err != nil {
		return ContractInfo{}, err
	}
	root, _ := wl.Root() // in-memory tree: no read error
	return ContractInfo{WhitelistRoot: root, Metadata: hashing.Hash(hashing.TagMetadata, hashing.BytesHash([]byte(c.Name)))}, nil
}

// Registry maps deployed contract ids to their native code.
type Registry map[ContractID]*Contract

// Context is what contract code sees during one call: its own CSTATE (read
// and write), the caller, and read-only access to other users' state at the
// checkpoint.
type Context struct {
	contract *Contract
	function *Function
	user     UserID
	id       ContractID
	own      *smt.Tree
	view     *View
	writes   []smt.DeltaProof
	reads    []ReadProof
}

// UserID is `this.userId`: the user whose session runs.
func (c *Context) UserID() UserID { return c.user }

// Get reads `this.state.<slot>[key]` as a biguint.
func (c *Context) Get(slot Slot, key uint32) (uint64, error) {
	v, err := c.own.Get(SlotIndex(slot, key))
	if err != nil {
		return 0, err
	}
	return ToUint(v)
}

// Set writes `this.state.<slot>[key] = v`.
func (c *Context) Set(slot Slot, key uint32, v uint64) error {
	d, err := c.own.Set(SlotIndex(slot, key), hashing.Uint(v))
	if err != nil {
		return err
	}
	c.writes = append(c.writes, *d)
	return nil
}

// Assert is `assert(cond, message)`.
func (c *Context) Assert(cond bool, message string) error {
	if cond {
		return nil
	}
	return &AssertError{Contract: c.contract.Name, Function: c.function.Name, Message: message}
}

// ReadOnly is `this.contractFor(user)`: another user's state in the same
// contract as of the checkpoint. It has no way to write.
type ReadOnly struct {
	ctx  *Context
	user UserID
}

// ContractFor returns user u's state in this contract at the checkpoint.
func (c *Context) ContractFor(u UserID) ReadOnly { return ReadOnly{ctx: c, user: u} }

// Get reads `this.contractFor(u).state.<slot>[key]` at the checkpoint and
// records the read's proof.
func (r ReadOnly) Get(slot Slot, key uint32) (uint64, error) {
	p, err := r.ctx.view.Read(r.user, r.ctx.id, SlotIndex(slot, key))
	if err != nil {
		return 0, err
	}
	r.ctx.reads = append(r.ctx.reads, *p)
	return ToUint(p.Value)
}

var maxUint = hashing.Uint(^uint64(0))

// ToUint reads a stored value as a biguint (ErrNotUint above 2^64-1).
func ToUint(v fr.Element) (uint64, error) {
	if v.Cmp(&maxUint) > 0 {
		return 0, ErrNotUint
	}
	return v.Uint64(), nil
}

// Add, Sub and Mul are biguint arithmetic: they fail instead of wrapping.
func Add(a, b uint64) (uint64, error) {
	s, carry := bits.Add64(a, b, 0)
	if carry != 0 {
		return 0, fmt.Errorf("%w: %d + %d", ErrOverflow, a, b)
	}
	return s, nil
}

func Sub(a, b uint64) (uint64, error) {
	d, borrow := bits.Sub64(a, b, 0)
	if borrow != 0 {
		return 0, fmt.Errorf("%w: %d - %d", ErrUnderflow, a, b)
	}
	return d, nil
}

func Mul(a, b uint64) (uint64, error) {
	hi, lo := bits.Mul64(a, b)
	if hi != 0 {
		return 0, fmt.Errorf("%w: %d * %d", ErrOverflow, a, b)
	}
	return lo, nil
}

// ArgUint decodes argument i as a biguint.
func ArgUint(args []fr.Element, i int) (uint64, error) {
	v, err := ToUint(args[i])
	if err != nil {
		return 0, fmt.Errorf("argument %d: %w", i, err)
	}
	return v, nil
}

// ArgUser decodes argument i as a user id.
func ArgUser(args []fr.Element, i int) (UserID, error) {
	v, err := ArgUint(args, i)
	if err != nil {
		return 0, err
	}
	if v > uint64(^uint32(0)) {
		return 0, fmt.Errorf("argument %d: %w: %d is not a user id", i, smt.ErrIndexOutOfRange, v)
	}
	return UserID(v), nil
}
