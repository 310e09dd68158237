// Code generated via abigen V2 - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package contracts

import (
	"bytes"
	"errors"
	"math/big"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
)

// Reference imports to suppress errors if they are not otherwise used.
var (
	_ = bytes.Equal
	_ = errors.New
	_ = big.NewInt
	_ = common.Big1
	_ = types.BloomLookup
	_ = abi.ConvertType
)

// IBlockVerifierMetaData contains all meta data concerning the IBlockVerifier contract.
var IBlockVerifierMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"proof\",\"type\":\"bytes\"},{\"internalType\":\"uint256[2]\",\"name\":\"input\",\"type\":\"uint256[2]\"}],\"name\":\"verifyProof\",\"outputs\":[],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "IBlockVerifier",
}

// IBlockVerifier is an auto generated Go binding around an Ethereum contract.
type IBlockVerifier struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *IBlockVerifier) GetABI() abi.ABI {
	return c.abi
}

// NewIBlockVerifier creates a new instance of IBlockVerifier.
func NewIBlockVerifier() *IBlockVerifier {
	parsed, err := IBlockVerifierMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &IBlockVerifier{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *IBlockVerifier) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackVerifyProof is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe1ff5082.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function verifyProof(bytes proof, uint256[2] input) view returns()
func (iBlockVerifier *IBlockVerifier) PackVerifyProof(proof []byte, input [2]*big.Int) []byte {
	enc, err := iBlockVerifier.abi.Pack("verifyProof", proof, input)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackVerifyProof is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xe1ff5082.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function verifyProof(bytes proof, uint256[2] input) view returns()
func (iBlockVerifier *IBlockVerifier) TryPackVerifyProof(proof []byte, input [2]*big.Int) ([]byte, error) {
	return iBlockVerifier.abi.Pack("verifyProof", proof, input)
}

// RollupMetaData contains all meta data concerning the Rollup contract.
var RollupMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIBlockVerifier\",\"name\":\"verifier_\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"anchor_\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"genesisCheckpoint\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"expected\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"got\",\"type\":\"uint256\"}],\"name\":\"BlockOutOfOrder\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"checkpoint\",\"type\":\"uint256\"}],\"name\":\"CheckpointNotInField\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"NotAnchor\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"number\",\"type\":\"uint256\"}],\"name\":\"ProofRejected\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"number\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"checkpoint\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"parent\",\"type\":\"uint256\"}],\"name\":\"BlockAnchored\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"anchor\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"blockNumber\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"checkpoint\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"name\":\"checkpoints\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"number\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"next\",\"type\":\"uint256\"},{\"internalType\":\"bytes\",\"name\":\"proof\",\"type\":\"bytes\"}],\"name\":\"submitBlock\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"verifier\",\"outputs\":[{\"internalType\":\"contractIBlockVerifier\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "Rollup",
	Bin: "0x60c060405234801561000f575f5ffd5b5060405161055e38038061055e83398101604081905261002e916100d3565b7f30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f000000181106100755760405163792d609760e11b81526004810182905260240160405180910390fd5b6001600160a01b03928316608052911660a05260018190555f805260026020527fac33ff75c19e70fe83507db0d683fd3465c996598dc972688b7ace676c89077b55610113565b6001600160a01b03811681146100d0575f5ffd5b50565b5f5f5f606084860312156100e5575f5ffd5b83516100f0816100bc565b6020850151909350610101816100bc565b80925050604084015190509250925092565b60805160a05161041d6101415f395f8181610100015261012d01525f818160690152610223015261041d5ff3fe608060405234801561000f575f5ffd5b5060043610610060575f3560e01c80632b7ac3f31461006457806357e871e7146100a85780635d04fd08146100be578063b8a24252146100d3578063c2c4c5c1146100f2578063d3fb73b4146100fb575b5f5ffd5b61008b7f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b0390911681526020015b60405180910390f35b6100b05f5481565b60405190815260200161009f565b6100d16100cc3660046102fe565b610122565b005b6100b06100e136600461037a565b60026020525f908152604090205481565b6100b060015481565b61008b7f000000000000000000000000000000000000000000000000000000000000000081565b336001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000161461017257604051635154299560e11b81523360048201526024015b60405180910390fd5b5f5461017f816001610391565b85146101b457610190816001610391565b60405163fcc5301b60e01b8152600481019190915260248101869052604401610169565b7f30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f000000184106101f75760405163792d609760e11b815260048101859052602401610169565b6001546040805180820182528281526020810187905290516370ffa84160e11b81526001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000169163e1ff50829161025b9188918891906004016103b6565b5f6040518083038186803b158015610271575f5ffd5b505afa925050508015610282575060015b6102a257604051636255f36360e11b815260048101879052602401610169565b5f868155600186905586815260026020908152604091829020879055815187815290810183905287917ff7a874b62d5f19318899b88fdd46ec8a47647a510835871be32b4b46d7276a2d910160405180910390a2505050505050565b5f5f5f5f60608587031215610311575f5ffd5b8435935060208501359250604085013567ffffffffffffffff811115610335575f5ffd5b8501601f81018713610345575f5ffd5b803567ffffffffffffffff81111561035b575f5ffd5b87602082840101111561036c575f5ffd5b949793965060200194505050565b5f6020828403121561038a575f5ffd5b5035919050565b808201808211156103b057634e487b7160e01b5f52601160045260245ffd5b92915050565b60608152826060820152828460808301375f608084830101525f6080601f19601f860116830101905060208201835f5b60028110156104055781518352602092830192909101906001016103e6565b50505094935050505056fea164736f6c634300081c000a",
}

// Rollup is an auto generated Go binding around an Ethereum contract.
type Rollup struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *Rollup) GetABI() abi.ABI {
	return c.abi
}

// NewRollup creates a new instance of Rollup.
func NewRollup() *Rollup {
	parsed, err := RollupMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &Rollup{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *Rollup) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(address verifier_, address anchor_, uint256 genesisCheckpoint) returns()
func (rollup *Rollup) PackConstructor(verifier_ common.Address, anchor_ common.Address, genesisCheckpoint *big.Int) []byte {
	enc, err := rollup.abi.Pack("", verifier_, anchor_, genesisCheckpoint)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackAnchor is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd3fb73b4.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function anchor() view returns(address)
func (rollup *Rollup) PackAnchor() []byte {
	enc, err := rollup.abi.Pack("anchor")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAnchor is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xd3fb73b4.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function anchor() view returns(address)
func (rollup *Rollup) TryPackAnchor() ([]byte, error) {
	return rollup.abi.Pack("anchor")
}

// UnpackAnchor is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xd3fb73b4.
//
// Solidity: function anchor() view returns(address)
func (rollup *Rollup) UnpackAnchor(data []byte) (common.Address, error) {
	out, err := rollup.abi.Unpack("anchor", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// PackBlockNumber is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x57e871e7.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function blockNumber() view returns(uint256)
func (rollup *Rollup) PackBlockNumber() []byte {
	enc, err := rollup.abi.Pack("blockNumber")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackBlockNumber is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x57e871e7.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function blockNumber() view returns(uint256)
func (rollup *Rollup) TryPackBlockNumber() ([]byte, error) {
	return rollup.abi.Pack("blockNumber")
}

// UnpackBlockNumber is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x57e871e7.
//
// Solidity: function blockNumber() view returns(uint256)
func (rollup *Rollup) UnpackBlockNumber(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("blockNumber", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackCheckpoint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc2c4c5c1.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function checkpoint() view returns(uint256)
func (rollup *Rollup) PackCheckpoint() []byte {
	enc, err := rollup.abi.Pack("checkpoint")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCheckpoint is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xc2c4c5c1.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function checkpoint() view returns(uint256)
func (rollup *Rollup) TryPackCheckpoint() ([]byte, error) {
	return rollup.abi.Pack("checkpoint")
}

// UnpackCheckpoint is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xc2c4c5c1.
//
// Solidity: function checkpoint() view returns(uint256)
func (rollup *Rollup) UnpackCheckpoint(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("checkpoint", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackCheckpoints is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb8a24252.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function checkpoints(uint256 ) view returns(uint256)
func (rollup *Rollup) PackCheckpoints(arg0 *big.Int) []byte {
	enc, err := rollup.abi.Pack("checkpoints", arg0)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCheckpoints is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xb8a24252.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function checkpoints(uint256 ) view returns(uint256)
func (rollup *Rollup) TryPackCheckpoints(arg0 *big.Int) ([]byte, error) {
	return rollup.abi.Pack("checkpoints", arg0)
}

// UnpackCheckpoints is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xb8a24252.
//
// Solidity: function checkpoints(uint256 ) view returns(uint256)
func (rollup *Rollup) UnpackCheckpoints(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("checkpoints", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackSubmitBlock is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5d04fd08.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function submitBlock(uint256 number, uint256 next, bytes proof) returns()
func (rollup *Rollup) PackSubmitBlock(number *big.Int, next *big.Int, proof []byte) []byte {
	enc, err := rollup.abi.Pack("submitBlock", number, next, proof)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSubmitBlock is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x5d04fd08.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function submitBlock(uint256 number, uint256 next, bytes proof) returns()
func (rollup *Rollup) TryPackSubmitBlock(number *big.Int, next *big.Int, proof []byte) ([]byte, error) {
	return rollup.abi.Pack("submitBlock", number, next, proof)
}

// PackVerifier is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2b7ac3f3.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function verifier() view returns(address)
func (rollup *Rollup) PackVerifier() []byte {
	enc, err := rollup.abi.Pack("verifier")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackVerifier is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x2b7ac3f3.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function verifier() view returns(address)
func (rollup *Rollup) TryPackVerifier() ([]byte, error) {
	return rollup.abi.Pack("verifier")
}

// UnpackVerifier is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x2b7ac3f3.
//
// Solidity: function verifier() view returns(address)
func (rollup *Rollup) UnpackVerifier(data []byte) (common.Address, error) {
	out, err := rollup.abi.Unpack("verifier", data)
	if err != nil {
		return *new(common.Address), err
	}
	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)
	return out0, nil
}

// RollupBlockAnchored represents a BlockAnchored event raised by the Rollup contract.
type RollupBlockAnchored struct {
	Number     *big.Int
	Checkpoint *big.Int
	Parent     *big.Int
	Raw        *types.Log // Blockchain specific contextual infos
}

const RollupBlockAnchoredEventName = "BlockAnchored"

// ContractEventName returns the user-defined event name.
func (RollupBlockAnchored) ContractEventName() string {
	return RollupBlockAnchoredEventName
}

// UnpackBlockAnchoredEvent is the Go binding that unpacks the event data emitted
// by contract.
//
// Solidity: event BlockAnchored(uint256 indexed number, uint256 checkpoint, uint256 parent)
func (rollup *Rollup) UnpackBlockAnchoredEvent(log *types.Log) (*RollupBlockAnchored, error) {
	event := "BlockAnchored"
	if len(log.Topics) == 0 {
		return nil, bind.ErrNoEventSignature
	}
	if log.Topics[0] != rollup.abi.Events[event].ID {
		return nil, bind.ErrEventSignatureMismatch
	}
	out := new(RollupBlockAnchored)
	if len(log.Data) > 0 {
		if err := rollup.abi.UnpackIntoInterface(out, event, log.Data); err != nil {
			return nil, err
		}
	}
	var indexed abi.Arguments
	for _, arg := range rollup.abi.Events[event].Inputs {
		if arg.Indexed {
			indexed = append(indexed, arg)
		}
	}
	if err := abi.ParseTopics(out, indexed, log.Topics[1:]); err != nil {
		return nil, err
	}
	out.Raw = log
	return out, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (rollup *Rollup) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], rollup.abi.Errors["BlockOutOfOrder"].ID.Bytes()[:4]) {
		return rollup.UnpackBlockOutOfOrderError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["CheckpointNotInField"].ID.Bytes()[:4]) {
		return rollup.UnpackCheckpointNotInFieldError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["NotAnchor"].ID.Bytes()[:4]) {
		return rollup.UnpackNotAnchorError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["ProofRejected"].ID.Bytes()[:4]) {
		return rollup.UnpackProofRejectedError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// RollupBlockOutOfOrder represents a BlockOutOfOrder error raised by the Rollup contract.
type RollupBlockOutOfOrder struct {
	Expected *big.Int
	Got      *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BlockOutOfOrder(uint256 expected, uint256 got)
func RollupBlockOutOfOrderErrorID() common.Hash {
	return common.HexToHash("0xfcc5301b38cb07c38b1be16cd9c3f10043360fb67d2bf4e721d9d1795f4e6382")
}

// UnpackBlockOutOfOrderError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BlockOutOfOrder(uint256 expected, uint256 got)
func (rollup *Rollup) UnpackBlockOutOfOrderError(raw []byte) (*RollupBlockOutOfOrder, error) {
	out := new(RollupBlockOutOfOrder)
	if err := rollup.abi.UnpackIntoInterface(out, "BlockOutOfOrder", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupCheckpointNotInField represents a CheckpointNotInField error raised by the Rollup contract.
type RollupCheckpointNotInField struct {
	Checkpoint *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error CheckpointNotInField(uint256 checkpoint)
func RollupCheckpointNotInFieldErrorID() common.Hash {
	return common.HexToHash("0xf25ac12ea7d4bdeb698b58e46933d4c7cc641a67ac6ce7fa24d6c344c3d828b4")
}

// UnpackCheckpointNotInFieldError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error CheckpointNotInField(uint256 checkpoint)
func (rollup *Rollup) UnpackCheckpointNotInFieldError(raw []byte) (*RollupCheckpointNotInField, error) {
	out := new(RollupCheckpointNotInField)
	if err := rollup.abi.UnpackIntoInterface(out, "CheckpointNotInField", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupNotAnchor represents a NotAnchor error raised by the Rollup contract.
type RollupNotAnchor struct {
	Sender common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NotAnchor(address sender)
func RollupNotAnchorErrorID() common.Hash {
	return common.HexToHash("0xa2a8532a4c5c3dcde9e2f1c3b54b2ef93cc8fc2d34d73e607e5eb248888c5b7f")
}

// UnpackNotAnchorError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NotAnchor(address sender)
func (rollup *Rollup) UnpackNotAnchorError(raw []byte) (*RollupNotAnchor, error) {
	out := new(RollupNotAnchor)
	if err := rollup.abi.UnpackIntoInterface(out, "NotAnchor", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupProofRejected represents a ProofRejected error raised by the Rollup contract.
type RollupProofRejected struct {
	Number *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ProofRejected(uint256 number)
func RollupProofRejectedErrorID() common.Hash {
	return common.HexToHash("0xc4abe6c685219dade23ca08ea316ea9c38314a8dee5bf0b11af51d4a7b88dd44")
}

// UnpackProofRejectedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ProofRejected(uint256 number)
func (rollup *Rollup) UnpackProofRejectedError(raw []byte) (*RollupProofRejected, error) {
	out := new(RollupProofRejected)
	if err := rollup.abi.UnpackIntoInterface(out, "ProofRejected", raw); err != nil {
		return nil, err
	}
	return out, nil
}
