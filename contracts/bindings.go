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

// ValidatorQuorumCertificate is an auto generated low-level Go binding around an user-defined struct.
type ValidatorQuorumCertificate struct {
	Number     uint64
	Checkpoint *big.Int
	Poh        [32]byte
	Signers    []byte
	Sig        []byte
}

// BLS12381HarnessMetaData contains all meta data concerning the BLS12381Harness contract.
var BLS12381HarnessMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"address\",\"name\":\"precompile\",\"type\":\"address\"}],\"name\":\"PrecompileFailed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"a\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"b\",\"type\":\"bytes\"}],\"name\":\"addG1\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"message\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"dst\",\"type\":\"bytes\"}],\"name\":\"hashToG2\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"pk\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"message\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"sig\",\"type\":\"bytes\"}],\"name\":\"verify\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "BLS12381Harness",
	Bin: "0x6080604052348015600e575f5ffd5b50610cf98061001c5f395ff3fe608060405234801561000f575f5ffd5b506004361061003f575f3560e01c80638976fc3b14610043578063de8f50a11461006c578063edbec0cb1461008f575b5f5ffd5b6100566100513660046108d9565b6100a2565b6040516100639190610945565b60405180910390f35b61007f61007a36600461097a565b61011e565b6040519015158152602001610063565b61005661009d3660046108d9565b6101ce565b606061011585858080601f0160208091040260200160405190810160405280939291908181526020018383808284375f9201919091525050604080516020601f890181900481028201810190925287815292508791508690819084018382808284375f9201919091525061024192505050565b95945050505050565b5f6101c387878080601f0160208091040260200160405190810160405280939291908181526020018383808284375f9201919091525050604080516020601f8b0181900481028201810190925289815292508991508890819084018382808284375f9201919091525050604080516020601f8a0181900481028201810190925288815292508891508790819084018382808284375f9201919091525061027a92505050565b979650505050505050565b606061011585858080601f0160208091040260200160405190810160405280939291908181526020018383808284375f9201919091525050604080516020601f890181900481028201810190925287815292508791508690819084018382808284375f9201919091525061036492505050565b6060610271600b848460405160200161025b929190610a30565b6040516020818303038152906040526080610419565b90505b92915050565b5f5f61029e846040518060600160405280602b8152602001610c12602b9139610364565b90505f5f600f6001600160a01b031687846040518060a0016040528060808152602001610c3d60809139886040516020016102dc9493929190610a4c565b60408051601f19818403018152908290526102f691610a6c565b5f60405180830381855afa9150503d805f811461032e576040519150601f19603f3d011682016040523d82523d5f602084013e610333565b606091505b5091509150818015610346575080516020145b80156101c3575061035681610a77565b600114979650505050505050565b60605f61037184846104b3565b90505f6103bc610389610384845f6106fa565b610780565b6103976103848560406106fa565b6040516020016103a8929190610a30565b604051602081830303815290604052610884565b90505f6103de6103d06103848560806106fa565b6103976103848660c06106fa565b905061040f600d83836040516020016103f8929190610a30565b604051602081830303815290604052610100610419565b9695505050505050565b60605f5f856001600160a01b0316856040516104359190610a6c565b5f60405180830381855afa9150503d805f811461046d576040519150601f19603f3d011682016040523d82523d5f602084013e610472565b606091505b5091509150811580610485575083815114155b15610115576040516375c6821d60e11b81526001600160a01b03871660048201526024015b60405180910390fd5b606060ff825111156105005760405162461bcd60e51b8152602060048201526016602482015275424c5331323338313a2044535420746f6f206c6f6e6760501b60448201526064016104aa565b5f828351604051602001610515929190610a9d565b60408051808303601f1901815281835260608301825292505f9160029160208201818036833750506040516105589291508890610100905f908890602001610ac4565b60408051601f198184030181529082905261057291610a6c565b602060405180830381855afa15801561058d573d5f5f3e3d5ffd5b5050506040513d601f19601f820116820180604052508101906105b09190610b16565b6040805161010080825261012082019092529192506020820181803683370190505092505f6002826001856040516020016105ed93929190610b2d565b60408051601f198184030181529082905261060791610a6c565b602060405180830381855afa158015610622573d5f5f3e3d5ffd5b5050506040513d601f19601f820116820180604052508101906106459190610b16565b905060015b816020600183030260208701015280600803156106f0576002838318610671836001610b66565b8660405160200161068493929190610b2d565b60408051601f198184030181529082905261069e91610a6c565b602060405180830381855afa1580156106b9573d5f5f3e3d5ffd5b5050506040513d601f19601f820116820180604052508101906106dc9190610b16565b9150806106e881610b79565b91505061064a565b5050505092915050565b6040805181815260608181018352916020820181803683370190505090505f5b6040811015610779578361072e8285610b66565b8151811061073e5761073e610b91565b602001015160f81c60f81b82828151811061075b5761075b610b91565b60200101906001600160f81b03191690815f1a90535060010161071a565b5092915050565b60605f604060016030856001604051806060016040528060308152602001610cbd603091396040516020016107ba96959493929190610ba5565b60405160208183030381529060405290505f5f60056001600160a01b0316836040516107e69190610a6c565b5f60405180830381855afa9150503d805f811461081e576040519150601f19603f3d011682016040523d82523d5f602084013e610823565b606091505b509150915081158061083757508051603014155b15610858576040516375c6821d60e11b8152600560048201526024016104aa565b60405161086b905f908390602001610bed565b6040516020818303038152906040529350505050919050565b6060610274601183610100610419565b5f5f83601f8401126108a4575f5ffd5b50813567ffffffffffffffff8111156108bb575f5ffd5b6020830191508360208285010111156108d2575f5ffd5b9250929050565b5f5f5f5f604085870312156108ec575f5ffd5b843567ffffffffffffffff811115610902575f5ffd5b61090e87828801610894565b909550935050602085013567ffffffffffffffff81111561092d575f5ffd5b61093987828801610894565b95989497509550505050565b602081525f82518060208401528060208501604085015e5f604082850101526040601f19601f83011684010191505092915050565b5f5f5f5f5f5f6060878903121561098f575f5ffd5b863567ffffffffffffffff8111156109a5575f5ffd5b6109b189828a01610894565b909750955050602087013567ffffffffffffffff8111156109d0575f5ffd5b6109dc89828a01610894565b909550935050604087013567ffffffffffffffff8111156109fb575f5ffd5b610a0789828a01610894565b979a9699509497509295939492505050565b5f81518060208401855e5f93019283525090919050565b5f610a44610a3e8386610a19565b84610a19565b949350505050565b5f61040f610a3e610a66610a60858a610a19565b88610a19565b86610a19565b5f6102718284610a19565b80516020808301519190811015610a97575f198160200360031b1b821691505b50919050565b5f610aa88285610a19565b60f89390931b6001600160f81b03191683525050600101919050565b5f610ad8610ad28389610a19565b87610a19565b60f086901b6001600160f01b031916815260f885901b6001600160f81b0319166002820152610b0a6003820185610a19565b98975050505050505050565b5f60208284031215610b26575f5ffd5b5051919050565b83815260f883901b6001600160f81b03191660208201525f6101156021830184610a19565b634e487b7160e01b5f52601160045260245ffd5b8082018082111561027457610274610b52565b5f60018201610b8a57610b8a610b52565b5060010190565b634e487b7160e01b5f52603260045260245ffd5b8681528560208201528460408201525f610bc26060830186610a19565b60f885901b6001600160f81b0319168152610be06001820185610a19565b9998505050505050505050565b6fffffffffffffffffffffffffffffffff19831681525f610a446010830184610a1956fe424c535f5349475f424c53313233383147325f584d443a5348412d3235365f535357555f524f5f504f505f0000000000000000000000000000000017f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb00000000000000000000000000000000114d1d6855d545a8aa7d76c8cf2e21f267816aef1db507c96655b9d5caac42364e6f38ba0ecb751bad54dcd6b939c2ca1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaaba164736f6c634300081c000a",
}

// BLS12381Harness is an auto generated Go binding around an Ethereum contract.
type BLS12381Harness struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *BLS12381Harness) GetABI() abi.ABI {
	return c.abi
}

// NewBLS12381Harness creates a new instance of BLS12381Harness.
func NewBLS12381Harness() *BLS12381Harness {
	parsed, err := BLS12381HarnessMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &BLS12381Harness{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *BLS12381Harness) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackAddG1 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8976fc3b.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function addG1(bytes a, bytes b) view returns(bytes)
func (bLS12381Harness *BLS12381Harness) PackAddG1(a []byte, b []byte) []byte {
	enc, err := bLS12381Harness.abi.Pack("addG1", a, b)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackAddG1 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8976fc3b.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function addG1(bytes a, bytes b) view returns(bytes)
func (bLS12381Harness *BLS12381Harness) TryPackAddG1(a []byte, b []byte) ([]byte, error) {
	return bLS12381Harness.abi.Pack("addG1", a, b)
}

// UnpackAddG1 is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8976fc3b.
//
// Solidity: function addG1(bytes a, bytes b) view returns(bytes)
func (bLS12381Harness *BLS12381Harness) UnpackAddG1(data []byte) ([]byte, error) {
	out, err := bLS12381Harness.abi.Unpack("addG1", data)
	if err != nil {
		return *new([]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([]byte)).(*[]byte)
	return out0, nil
}

// PackHashToG2 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xedbec0cb.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function hashToG2(bytes message, bytes dst) view returns(bytes)
func (bLS12381Harness *BLS12381Harness) PackHashToG2(message []byte, dst []byte) []byte {
	enc, err := bLS12381Harness.abi.Pack("hashToG2", message, dst)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackHashToG2 is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xedbec0cb.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function hashToG2(bytes message, bytes dst) view returns(bytes)
func (bLS12381Harness *BLS12381Harness) TryPackHashToG2(message []byte, dst []byte) ([]byte, error) {
	return bLS12381Harness.abi.Pack("hashToG2", message, dst)
}

// UnpackHashToG2 is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xedbec0cb.
//
// Solidity: function hashToG2(bytes message, bytes dst) view returns(bytes)
func (bLS12381Harness *BLS12381Harness) UnpackHashToG2(data []byte) ([]byte, error) {
	out, err := bLS12381Harness.abi.Unpack("hashToG2", data)
	if err != nil {
		return *new([]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([]byte)).(*[]byte)
	return out0, nil
}

// PackVerify is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xde8f50a1.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function verify(bytes pk, bytes message, bytes sig) view returns(bool)
func (bLS12381Harness *BLS12381Harness) PackVerify(pk []byte, message []byte, sig []byte) []byte {
	enc, err := bLS12381Harness.abi.Pack("verify", pk, message, sig)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackVerify is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xde8f50a1.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function verify(bytes pk, bytes message, bytes sig) view returns(bool)
func (bLS12381Harness *BLS12381Harness) TryPackVerify(pk []byte, message []byte, sig []byte) ([]byte, error) {
	return bLS12381Harness.abi.Pack("verify", pk, message, sig)
}

// UnpackVerify is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xde8f50a1.
//
// Solidity: function verify(bytes pk, bytes message, bytes sig) view returns(bool)
func (bLS12381Harness *BLS12381Harness) UnpackVerify(data []byte) (bool, error) {
	out, err := bLS12381Harness.abi.Unpack("verify", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (bLS12381Harness *BLS12381Harness) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], bLS12381Harness.abi.Errors["PrecompileFailed"].ID.Bytes()[:4]) {
		return bLS12381Harness.UnpackPrecompileFailedError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// BLS12381HarnessPrecompileFailed represents a PrecompileFailed error raised by the BLS12381Harness contract.
type BLS12381HarnessPrecompileFailed struct {
	Precompile common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error PrecompileFailed(address precompile)
func BLS12381HarnessPrecompileFailedErrorID() common.Hash {
	return common.HexToHash("0xeb8d043ad9930b483be478f76fc57acdc905a2680c78dd9d6c7c2b2029709f6b")
}

// UnpackPrecompileFailedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error PrecompileFailed(address precompile)
func (bLS12381Harness *BLS12381Harness) UnpackPrecompileFailedError(raw []byte) (*BLS12381HarnessPrecompileFailed, error) {
	out := new(BLS12381HarnessPrecompileFailed)
	if err := bLS12381Harness.abi.UnpackIntoInterface(out, "PrecompileFailed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

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

// QuorumHarnessMetaData contains all meta data concerning the QuorumHarness contract.
var QuorumHarnessMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"chainId_\",\"type\":\"uint64\"},{\"internalType\":\"bytes[]\",\"name\":\"keys\",\"type\":\"bytes[]\"},{\"internalType\":\"uint64[]\",\"name\":\"stakes\",\"type\":\"uint64[]\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"BadAggregateSignature\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"BadSignerBitmap\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"BadValidatorKey\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"EmptyValidatorSet\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"signed\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"total\",\"type\":\"uint256\"}],\"name\":\"NoQuorum\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"precompile\",\"type\":\"address\"}],\"name\":\"PrecompileFailed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"keys\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"stakes\",\"type\":\"uint256\"}],\"name\":\"ValidatorSetShape\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"WrongValidatorSet\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"ZeroStake\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"chainId\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes[]\",\"name\":\"keys\",\"type\":\"bytes[]\"},{\"internalType\":\"uint64[]\",\"name\":\"stakes\",\"type\":\"uint64[]\"},{\"components\":[{\"internalType\":\"uint64\",\"name\":\"number\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"checkpoint\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"poh\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"signers\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"sig\",\"type\":\"bytes\"}],\"internalType\":\"structValidatorQuorum.Certificate\",\"name\":\"qc\",\"type\":\"tuple\"}],\"name\":\"check\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"totalStake\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"validatorCount\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"validatorSetHash\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"number\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"checkpoint\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"poh\",\"type\":\"bytes32\"}],\"name\":\"voteMessage\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "QuorumHarness",
	Bin: "0x610100604052348015610010575f5ffd5b506040516118f03803806118f083398101604081905261002f916103bf565b82828281515f036100535760405163339e1ffb60e01b815260040160405180910390fd5b805182511461008757815181516040516361c9c80760e11b8152600481019290925260248201526044015b60405180910390fd5b5f805b8351811015610180578381815181106100a5576100a5610508565b60200260200101515160801415806100e257506100e08482815181106100cd576100cd610508565b60200260200101516101ce60201b60201c565b155b156101035760405163be21d4a560e01b81526004810182905260240161007e565b82818151811061011557610115610508565b60200260200101516001600160401b03165f0361014857604051630afc096d60e01b81526004810182905260240161007e565b82818151811061015a5761015a610508565b60200260200101516001600160401b031682610176919061051c565b915060010161008a565b506001600160401b0384166080526040516101a19084908490602001610584565b60408051601f19818403018152919052805160209091012060a05260c052505160e0525061065392505050565b5f6001815b835181101561022a578381815181106101ee576101ee610508565b01602001517fff000000000000000000000000000000000000000000000000000000000000001615610222575f915061022a565b6001016101d3565b50801561023957505f92915050565b5f5f600c6001600160a01b031685600160405160200161025a929190610629565b60408051601f198184030181529082905261027491610641565b5f60405180830381855afa9150503d805f81146102ac576040519150601f19603f3d011682016040523d82523d5f602084013e6102b1565b606091505b50915091508180156102c4575080516080145b95945050505050565b80516001600160401b03811681146102e3575f5ffd5b919050565b634e487b7160e01b5f52604160045260245ffd5b604051601f8201601f191681016001600160401b0381118282101715610324576103246102e8565b604052919050565b5f6001600160401b03821115610344576103446102e8565b5060051b60200190565b5f82601f83011261035d575f5ffd5b815161037061036b8261032c565b6102fc565b8082825260208201915060208360051b860101925085831115610391575f5ffd5b602085015b838110156103b5576103a7816102cd565b835260209283019201610396565b5095945050505050565b5f5f5f606084860312156103d1575f5ffd5b6103da846102cd565b60208501519093506001600160401b038111156103f5575f5ffd5b8401601f81018613610405575f5ffd5b805161041361036b8261032c565b8082825260208201915060208360051b850101925088831115610434575f5ffd5b602084015b838110156104d25780516001600160401b03811115610456575f5ffd5b8501603f81018b13610466575f5ffd5b60208101516001600160401b03811115610482576104826102e8565b610495601f8201601f19166020016102fc565b8181526040838301018d10156104a9575f5ffd5b8160408401602083015e5f60208383010152808652505050602083019250602081019050610439565b506040880151909550925050506001600160401b038111156104f2575f5ffd5b6104fe8682870161034e565b9150509250925092565b634e487b7160e01b5f52603260045260245ffd5b8082018082111561053b57634e487b7160e01b5f52601160045260245ffd5b92915050565b5f8151808452602084019350602083015f5b8281101561057a5781516001600160401b0316865260209586019590910190600101610553565b5093949350505050565b5f604082016040835280855180835260608501915060608160051b8601019250602087015f5b828110156105fc57605f19878603018452815180518087528060208301602089015e5f602082890101526020601f19601f830116880101965050506020820191506020840193506001810190506105aa565b5050505082810360208401526102c48185610541565b5f81518060208401855e5f93019283525090919050565b5f6106348285610612565b9283525050602001919050565b5f61064c8284610612565b9392505050565b60805160a05160c05160e05161125161069f5f395f606901525f818160c30152818161029e01526102eb01525f818161014d015261020f01525f818160ea015261019301526112515ff3fe608060405234801561000f575f5ffd5b5060043610610060575f3560e01c80630f43a677146100645780636373f5601461009e5780638b0e9f3f146100be5780639a8a0592146100e5578063cd056d4e14610125578063cdea291214610148575b5f5ffd5b61008b7f000000000000000000000000000000000000000000000000000000000000000081565b6040519081526020015b60405180910390f35b6100b16100ac366004610c4d565b61016f565b6040516100959190610c7d565b61008b7f000000000000000000000000000000000000000000000000000000000000000081565b61010c7f000000000000000000000000000000000000000000000000000000000000000081565b60405167ffffffffffffffff9091168152602001610095565b610138610133366004610cfa565b6101f3565b6040519015158152602001610095565b61008b7f000000000000000000000000000000000000000000000000000000000000000081565b6040516c50415254482f766f74652f763160981b60208201526001600160c01b03197f000000000000000000000000000000000000000000000000000000000000000060c090811b8216602d84015285901b166035820152603d8101839052605d8101829052606090607d0160405160208183030381529060405290509392505050565b5f610201868686868661020d565b50600195945050505050565b7f0000000000000000000000000000000000000000000000000000000000000000858585856040516020016102459493929190610e08565b604051602081830303815290604052805190602001201461027957604051633736757160e21b815260040160405180910390fd5b5f806102948787878761028f6060890189610eb1565b6103c8565b90925090506102c47f00000000000000000000000000000000000000000000000000000000000000006002610f08565b6102cf836003610f08565b101561031c5760405163a07c49af60e01b8152600481018390527f000000000000000000000000000000000000000000000000000000000000000060248201526044015b60405180910390fd5b6103296080840184610eb1565b90506101001415806103a1575061039f8161035961034a6020870187610f1f565b8660200135876040013561016f565b6103666080870187610eb1565b8080601f0160208091040260200160405190810160405280939291908181526020018383808284375f920191909152506105d992505050565b155b156103bf576040516334056a6760e11b815260040160405180910390fd5b50505050505050565b5f60608660086103d9826007610f38565b6103e39190610f5f565b841461040257604051630731ea3560e41b815260040160405180910390fd5b61040d600882610f72565b1580159061044e5750610421600882610f72565b858561042e600182610f85565b81811061043d5761043d610f98565b60ff92013560f81c90921c16151590505b1561046c57604051630731ea3560e41b815260040160405180910390fd5b5f5b818110156105cc57610481600882610f72565b600160ff919091161b8686610497600885610f5f565b8181106104a6576104a6610f98565b9050013560f81c60f81b60f81c1660ff165f03156105c4578787828181106104d0576104d0610f98565b90506020020160208101906104e59190610f1f565b6104f99067ffffffffffffffff1685610f38565b935082515f1461056957610564838b8b8481811061051957610519610f98565b905060200281019061052b9190610eb1565b8080601f0160208091040260200160405190810160405280939291908181526020018383808284375f920191909152506106c492505050565b6105c1565b89898281811061057b5761057b610f98565b905060200281019061058d9190610eb1565b8080601f0160208091040260200160405190810160405280939291908181526020018383808284375f920191909152505050505b92505b60010161046e565b5050965096945050505050565b5f5f6105fd846040518060600160405280602b815260200161116a602b91396106fd565b90505f5f600f6001600160a01b031687846040518060a0016040528060808152602001611195608091398860405160200161063b9493929190610fc3565b60408051601f198184030181529082905261065591610fe9565b5f60405180830381855afa9150503d805f811461068d576040519150601f19603f3d011682016040523d82523d5f602084013e610692565b606091505b50915091508180156106a5575080516020145b80156106b957506106b581610ff4565b6001145b979650505050505050565b60606106f4600b84846040516020016106de92919061101a565b60405160208183030381529060405260806107b2565b90505b92915050565b60605f61070a8484610850565b90505f61075561072261071d845f610a97565b610b1d565b61073061071d856040610a97565b60405160200161074192919061101a565b604051602081830303815290604052610c21565b90505f61077761076961071d856080610a97565b61073061071d8660c0610a97565b90506107a8600d838360405160200161079192919061101a565b6040516020818303038152906040526101006107b2565b9695505050505050565b60605f5f856001600160a01b0316856040516107ce9190610fe9565b5f60405180830381855afa9150503d805f8114610806576040519150601f19603f3d011682016040523d82523d5f602084013e61080b565b606091505b509150915081158061081e575083815114155b15610847576040516375c6821d60e11b81526001600160a01b0387166004820152602401610313565b95945050505050565b606060ff8251111561089d5760405162461bcd60e51b8152602060048201526016602482015275424c5331323338313a2044535420746f6f206c6f6e6760501b6044820152606401610313565b5f8283516040516020016108b2929190611030565b60408051808303601f1901815281835260608301825292505f9160029160208201818036833750506040516108f59291508890610100905f908890602001611057565b60408051601f198184030181529082905261090f91610fe9565b602060405180830381855afa15801561092a573d5f5f3e3d5ffd5b5050506040513d601f19601f8201168201806040525081019061094d91906110a9565b6040805161010080825261012082019092529192506020820181803683370190505092505f60028260018560405160200161098a939291906110c0565b60408051601f19818403018152908290526109a491610fe9565b602060405180830381855afa1580156109bf573d5f5f3e3d5ffd5b5050506040513d601f19601f820116820180604052508101906109e291906110a9565b905060015b81602060018303026020870101528060080315610a8d576002838318610a0e836001610f38565b86604051602001610a21939291906110c0565b60408051601f1981840301815290829052610a3b91610fe9565b602060405180830381855afa158015610a56573d5f5f3e3d5ffd5b5050506040513d601f19601f82011682018060405250810190610a7991906110a9565b915080610a85816110e5565b9150506109e7565b5050505092915050565b6040805181815260608181018352916020820181803683370190505090505f5b6040811015610b165783610acb8285610f38565b81518110610adb57610adb610f98565b602001015160f81c60f81b828281518110610af857610af8610f98565b60200101906001600160f81b03191690815f1a905350600101610ab7565b5092915050565b60605f60406001603085600160405180606001604052806030815260200161121560309139604051602001610b57969594939291906110fd565b60405160208183030381529060405290505f5f60056001600160a01b031683604051610b839190610fe9565b5f60405180830381855afa9150503d805f8114610bbb576040519150601f19603f3d011682016040523d82523d5f602084013e610bc0565b606091505b5091509150811580610bd457508051603014155b15610bf5576040516375c6821d60e11b815260056004820152602401610313565b604051610c08905f908390602001611145565b6040516020818303038152906040529350505050919050565b60606106f76011836101006107b2565b803567ffffffffffffffff81168114610c48575f5ffd5b919050565b5f5f5f60608486031215610c5f575f5ffd5b610c6884610c31565b95602085013595506040909401359392505050565b602081525f82518060208401528060208501604085015e5f604082850101526040601f19601f83011684010191505092915050565b5f5f83601f840112610cc2575f5ffd5b50813567ffffffffffffffff811115610cd9575f5ffd5b6020830191508360208260051b8501011115610cf3575f5ffd5b9250929050565b5f5f5f5f5f60608688031215610d0e575f5ffd5b853567ffffffffffffffff811115610d24575f5ffd5b610d3088828901610cb2565b909650945050602086013567ffffffffffffffff811115610d4f575f5ffd5b610d5b88828901610cb2565b909450925050604086013567ffffffffffffffff811115610d7a575f5ffd5b860160a08189031215610d8b575f5ffd5b809150509295509295909350565b81835281816020850137505f828201602090810191909152601f909101601f19169091010190565b8183526020830192505f815f5b84811015610dfe5767ffffffffffffffff610de883610c31565b1686526020958601959190910190600101610dce565b5093949350505050565b604080825281018490525f6060600586901b830181019083018783601e1936839003015b89821015610e9a57868503605f190184528235818112610e4a575f5ffd5b8b0160208101903567ffffffffffffffff811115610e66575f5ffd5b803603821315610e74575f5ffd5b610e7f878284610d99565b96505050602083019250602084019350600182019150610e2c565b5050505082810360208401526106b9818587610dc1565b5f5f8335601e19843603018112610ec6575f5ffd5b83018035915067ffffffffffffffff821115610ee0575f5ffd5b602001915036819003821315610cf3575f5ffd5b634e487b7160e01b5f52601160045260245ffd5b80820281158282048414176106f7576106f7610ef4565b5f60208284031215610f2f575f5ffd5b6106f482610c31565b808201808211156106f7576106f7610ef4565b634e487b7160e01b5f52601260045260245ffd5b5f82610f6d57610f6d610f4b565b500490565b5f82610f8057610f80610f4b565b500690565b818103818111156106f7576106f7610ef4565b634e487b7160e01b5f52603260045260245ffd5b5f81518060208401855e5f93019283525090919050565b5f6107a8610fe3610fdd610fd7858a610fac565b88610fac565b86610fac565b84610fac565b5f6106f48284610fac565b80516020808301519190811015611014575f198160200360031b1b821691505b50919050565b5f611028610fe38386610fac565b949350505050565b5f61103b8285610fac565b60f89390931b6001600160f81b03191683525050600101919050565b5f61106b6110658389610fac565b87610fac565b60f086901b6001600160f01b031916815260f885901b6001600160f81b031916600282015261109d6003820185610fac565b98975050505050505050565b5f602082840312156110b9575f5ffd5b5051919050565b83815260f883901b6001600160f81b03191660208201525f6108476021830184610fac565b5f600182016110f6576110f6610ef4565b5060010190565b8681528560208201528460408201525f61111a6060830186610fac565b60f885901b6001600160f81b03191681526111386001820185610fac565b9998505050505050505050565b6fffffffffffffffffffffffffffffffff19831681525f6110286010830184610fac56fe424c535f5349475f424c53313233383147325f584d443a5348412d3235365f535357555f524f5f504f505f0000000000000000000000000000000017f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb00000000000000000000000000000000114d1d6855d545a8aa7d76c8cf2e21f267816aef1db507c96655b9d5caac42364e6f38ba0ecb751bad54dcd6b939c2ca1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaaba164736f6c634300081c000a",
}

// QuorumHarness is an auto generated Go binding around an Ethereum contract.
type QuorumHarness struct {
	abi abi.ABI
}

// GetABI returns the ABI associated with this contract binding.
func (c *QuorumHarness) GetABI() abi.ABI {
	return c.abi
}

// NewQuorumHarness creates a new instance of QuorumHarness.
func NewQuorumHarness() *QuorumHarness {
	parsed, err := QuorumHarnessMetaData.ParseABI()
	if err != nil {
		panic(errors.New("invalid ABI: " + err.Error()))
	}
	return &QuorumHarness{abi: *parsed}
}

// Instance creates a wrapper for a deployed contract instance at the given address.
// Use this to create the instance object passed to abigen v2 library functions Call, Transact, etc.
func (c *QuorumHarness) Instance(backend bind.ContractBackend, addr common.Address) *bind.BoundContract {
	return bind.NewBoundContract(addr, c.abi, backend, backend, backend)
}

// PackConstructor is the Go binding used to pack the parameters required for
// contract deployment.
//
// Solidity: constructor(uint64 chainId_, bytes[] keys, uint64[] stakes) returns()
func (quorumHarness *QuorumHarness) PackConstructor(chainId_ uint64, keys [][]byte, stakes []uint64) []byte {
	enc, err := quorumHarness.abi.Pack("", chainId_, keys, stakes)
	if err != nil {
		panic(err)
	}
	return enc
}

// PackChainId is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9a8a0592.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function chainId() view returns(uint64)
func (quorumHarness *QuorumHarness) PackChainId() []byte {
	enc, err := quorumHarness.abi.Pack("chainId")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackChainId is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9a8a0592.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function chainId() view returns(uint64)
func (quorumHarness *QuorumHarness) TryPackChainId() ([]byte, error) {
	return quorumHarness.abi.Pack("chainId")
}

// UnpackChainId is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x9a8a0592.
//
// Solidity: function chainId() view returns(uint64)
func (quorumHarness *QuorumHarness) UnpackChainId(data []byte) (uint64, error) {
	out, err := quorumHarness.abi.Unpack("chainId", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
	return out0, nil
}

// PackCheck is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xcd056d4e.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function check(bytes[] keys, uint64[] stakes, (uint64,uint256,bytes32,bytes,bytes) qc) view returns(bool)
func (quorumHarness *QuorumHarness) PackCheck(keys [][]byte, stakes []uint64, qc ValidatorQuorumCertificate) []byte {
	enc, err := quorumHarness.abi.Pack("check", keys, stakes, qc)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackCheck is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xcd056d4e.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function check(bytes[] keys, uint64[] stakes, (uint64,uint256,bytes32,bytes,bytes) qc) view returns(bool)
func (quorumHarness *QuorumHarness) TryPackCheck(keys [][]byte, stakes []uint64, qc ValidatorQuorumCertificate) ([]byte, error) {
	return quorumHarness.abi.Pack("check", keys, stakes, qc)
}

// UnpackCheck is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xcd056d4e.
//
// Solidity: function check(bytes[] keys, uint64[] stakes, (uint64,uint256,bytes32,bytes,bytes) qc) view returns(bool)
func (quorumHarness *QuorumHarness) UnpackCheck(data []byte) (bool, error) {
	out, err := quorumHarness.abi.Unpack("check", data)
	if err != nil {
		return *new(bool), err
	}
	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)
	return out0, nil
}

// PackTotalStake is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8b0e9f3f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function totalStake() view returns(uint256)
func (quorumHarness *QuorumHarness) PackTotalStake() []byte {
	enc, err := quorumHarness.abi.Pack("totalStake")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTotalStake is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8b0e9f3f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function totalStake() view returns(uint256)
func (quorumHarness *QuorumHarness) TryPackTotalStake() ([]byte, error) {
	return quorumHarness.abi.Pack("totalStake")
}

// UnpackTotalStake is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8b0e9f3f.
//
// Solidity: function totalStake() view returns(uint256)
func (quorumHarness *QuorumHarness) UnpackTotalStake(data []byte) (*big.Int, error) {
	out, err := quorumHarness.abi.Unpack("totalStake", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackValidatorCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0f43a677.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function validatorCount() view returns(uint256)
func (quorumHarness *QuorumHarness) PackValidatorCount() []byte {
	enc, err := quorumHarness.abi.Pack("validatorCount")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackValidatorCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0f43a677.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function validatorCount() view returns(uint256)
func (quorumHarness *QuorumHarness) TryPackValidatorCount() ([]byte, error) {
	return quorumHarness.abi.Pack("validatorCount")
}

// UnpackValidatorCount is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x0f43a677.
//
// Solidity: function validatorCount() view returns(uint256)
func (quorumHarness *QuorumHarness) UnpackValidatorCount(data []byte) (*big.Int, error) {
	out, err := quorumHarness.abi.Unpack("validatorCount", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackValidatorSetHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xcdea2912.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function validatorSetHash() view returns(bytes32)
func (quorumHarness *QuorumHarness) PackValidatorSetHash() []byte {
	enc, err := quorumHarness.abi.Pack("validatorSetHash")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackValidatorSetHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xcdea2912.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function validatorSetHash() view returns(bytes32)
func (quorumHarness *QuorumHarness) TryPackValidatorSetHash() ([]byte, error) {
	return quorumHarness.abi.Pack("validatorSetHash")
}

// UnpackValidatorSetHash is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xcdea2912.
//
// Solidity: function validatorSetHash() view returns(bytes32)
func (quorumHarness *QuorumHarness) UnpackValidatorSetHash(data []byte) ([32]byte, error) {
	out, err := quorumHarness.abi.Unpack("validatorSetHash", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
}

// PackVoteMessage is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6373f560.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function voteMessage(uint64 number, uint256 checkpoint, bytes32 poh) view returns(bytes)
func (quorumHarness *QuorumHarness) PackVoteMessage(number uint64, checkpoint *big.Int, poh [32]byte) []byte {
	enc, err := quorumHarness.abi.Pack("voteMessage", number, checkpoint, poh)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackVoteMessage is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6373f560.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function voteMessage(uint64 number, uint256 checkpoint, bytes32 poh) view returns(bytes)
func (quorumHarness *QuorumHarness) TryPackVoteMessage(number uint64, checkpoint *big.Int, poh [32]byte) ([]byte, error) {
	return quorumHarness.abi.Pack("voteMessage", number, checkpoint, poh)
}

// UnpackVoteMessage is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x6373f560.
//
// Solidity: function voteMessage(uint64 number, uint256 checkpoint, bytes32 poh) view returns(bytes)
func (quorumHarness *QuorumHarness) UnpackVoteMessage(data []byte) ([]byte, error) {
	out, err := quorumHarness.abi.Unpack("voteMessage", data)
	if err != nil {
		return *new([]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([]byte)).(*[]byte)
	return out0, nil
}

// UnpackError attempts to decode the provided error data using user-defined
// error definitions.
func (quorumHarness *QuorumHarness) UnpackError(raw []byte) (any, error) {
	if bytes.Equal(raw[:4], quorumHarness.abi.Errors["BadAggregateSignature"].ID.Bytes()[:4]) {
		return quorumHarness.UnpackBadAggregateSignatureError(raw[4:])
	}
	if bytes.Equal(raw[:4], quorumHarness.abi.Errors["BadSignerBitmap"].ID.Bytes()[:4]) {
		return quorumHarness.UnpackBadSignerBitmapError(raw[4:])
	}
	if bytes.Equal(raw[:4], quorumHarness.abi.Errors["BadValidatorKey"].ID.Bytes()[:4]) {
		return quorumHarness.UnpackBadValidatorKeyError(raw[4:])
	}
	if bytes.Equal(raw[:4], quorumHarness.abi.Errors["EmptyValidatorSet"].ID.Bytes()[:4]) {
		return quorumHarness.UnpackEmptyValidatorSetError(raw[4:])
	}
	if bytes.Equal(raw[:4], quorumHarness.abi.Errors["NoQuorum"].ID.Bytes()[:4]) {
		return quorumHarness.UnpackNoQuorumError(raw[4:])
	}
	if bytes.Equal(raw[:4], quorumHarness.abi.Errors["PrecompileFailed"].ID.Bytes()[:4]) {
		return quorumHarness.UnpackPrecompileFailedError(raw[4:])
	}
	if bytes.Equal(raw[:4], quorumHarness.abi.Errors["ValidatorSetShape"].ID.Bytes()[:4]) {
		return quorumHarness.UnpackValidatorSetShapeError(raw[4:])
	}
	if bytes.Equal(raw[:4], quorumHarness.abi.Errors["WrongValidatorSet"].ID.Bytes()[:4]) {
		return quorumHarness.UnpackWrongValidatorSetError(raw[4:])
	}
	if bytes.Equal(raw[:4], quorumHarness.abi.Errors["ZeroStake"].ID.Bytes()[:4]) {
		return quorumHarness.UnpackZeroStakeError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// QuorumHarnessBadAggregateSignature represents a BadAggregateSignature error raised by the QuorumHarness contract.
type QuorumHarnessBadAggregateSignature struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadAggregateSignature()
func QuorumHarnessBadAggregateSignatureErrorID() common.Hash {
	return common.HexToHash("0x680ad4ce6b0e329fcf95ef3beb3d1cd8c7b4dd99c98702ceb7e2f20444238424")
}

// UnpackBadAggregateSignatureError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadAggregateSignature()
func (quorumHarness *QuorumHarness) UnpackBadAggregateSignatureError(raw []byte) (*QuorumHarnessBadAggregateSignature, error) {
	out := new(QuorumHarnessBadAggregateSignature)
	if err := quorumHarness.abi.UnpackIntoInterface(out, "BadAggregateSignature", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// QuorumHarnessBadSignerBitmap represents a BadSignerBitmap error raised by the QuorumHarness contract.
type QuorumHarnessBadSignerBitmap struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadSignerBitmap()
func QuorumHarnessBadSignerBitmapErrorID() common.Hash {
	return common.HexToHash("0x731ea350784776715d7474a9402cc66bd47615b6a4228e45258c08783329fc8d")
}

// UnpackBadSignerBitmapError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadSignerBitmap()
func (quorumHarness *QuorumHarness) UnpackBadSignerBitmapError(raw []byte) (*QuorumHarnessBadSignerBitmap, error) {
	out := new(QuorumHarnessBadSignerBitmap)
	if err := quorumHarness.abi.UnpackIntoInterface(out, "BadSignerBitmap", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// QuorumHarnessBadValidatorKey represents a BadValidatorKey error raised by the QuorumHarness contract.
type QuorumHarnessBadValidatorKey struct {
	Index *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadValidatorKey(uint256 index)
func QuorumHarnessBadValidatorKeyErrorID() common.Hash {
	return common.HexToHash("0xbe21d4a52840e500809076fd1221d48ff6339a47e0ac5d07c76880db4c9c4294")
}

// UnpackBadValidatorKeyError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadValidatorKey(uint256 index)
func (quorumHarness *QuorumHarness) UnpackBadValidatorKeyError(raw []byte) (*QuorumHarnessBadValidatorKey, error) {
	out := new(QuorumHarnessBadValidatorKey)
	if err := quorumHarness.abi.UnpackIntoInterface(out, "BadValidatorKey", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// QuorumHarnessEmptyValidatorSet represents a EmptyValidatorSet error raised by the QuorumHarness contract.
type QuorumHarnessEmptyValidatorSet struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EmptyValidatorSet()
func QuorumHarnessEmptyValidatorSetErrorID() common.Hash {
	return common.HexToHash("0x339e1ffb1d19111b2d23380664c0d52cafed71303eaf7faa0a11ec5acdb34368")
}

// UnpackEmptyValidatorSetError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EmptyValidatorSet()
func (quorumHarness *QuorumHarness) UnpackEmptyValidatorSetError(raw []byte) (*QuorumHarnessEmptyValidatorSet, error) {
	out := new(QuorumHarnessEmptyValidatorSet)
	if err := quorumHarness.abi.UnpackIntoInterface(out, "EmptyValidatorSet", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// QuorumHarnessNoQuorum represents a NoQuorum error raised by the QuorumHarness contract.
type QuorumHarnessNoQuorum struct {
	Signed *big.Int
	Total  *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NoQuorum(uint256 signed, uint256 total)
func QuorumHarnessNoQuorumErrorID() common.Hash {
	return common.HexToHash("0xa07c49af08b421a301c72d9d0dd4ebec6a52f25fd56250523cef4fe70de605e4")
}

// UnpackNoQuorumError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NoQuorum(uint256 signed, uint256 total)
func (quorumHarness *QuorumHarness) UnpackNoQuorumError(raw []byte) (*QuorumHarnessNoQuorum, error) {
	out := new(QuorumHarnessNoQuorum)
	if err := quorumHarness.abi.UnpackIntoInterface(out, "NoQuorum", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// QuorumHarnessPrecompileFailed represents a PrecompileFailed error raised by the QuorumHarness contract.
type QuorumHarnessPrecompileFailed struct {
	Precompile common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error PrecompileFailed(address precompile)
func QuorumHarnessPrecompileFailedErrorID() common.Hash {
	return common.HexToHash("0xeb8d043ad9930b483be478f76fc57acdc905a2680c78dd9d6c7c2b2029709f6b")
}

// UnpackPrecompileFailedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error PrecompileFailed(address precompile)
func (quorumHarness *QuorumHarness) UnpackPrecompileFailedError(raw []byte) (*QuorumHarnessPrecompileFailed, error) {
	out := new(QuorumHarnessPrecompileFailed)
	if err := quorumHarness.abi.UnpackIntoInterface(out, "PrecompileFailed", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// QuorumHarnessValidatorSetShape represents a ValidatorSetShape error raised by the QuorumHarness contract.
type QuorumHarnessValidatorSetShape struct {
	Keys   *big.Int
	Stakes *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ValidatorSetShape(uint256 keys, uint256 stakes)
func QuorumHarnessValidatorSetShapeErrorID() common.Hash {
	return common.HexToHash("0xc393900e4af734c17612bb4568977f8775d0726e9ac7c566a126783605f77fac")
}

// UnpackValidatorSetShapeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ValidatorSetShape(uint256 keys, uint256 stakes)
func (quorumHarness *QuorumHarness) UnpackValidatorSetShapeError(raw []byte) (*QuorumHarnessValidatorSetShape, error) {
	out := new(QuorumHarnessValidatorSetShape)
	if err := quorumHarness.abi.UnpackIntoInterface(out, "ValidatorSetShape", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// QuorumHarnessWrongValidatorSet represents a WrongValidatorSet error raised by the QuorumHarness contract.
type QuorumHarnessWrongValidatorSet struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error WrongValidatorSet()
func QuorumHarnessWrongValidatorSetErrorID() common.Hash {
	return common.HexToHash("0xdcd9d5c4daa38e704fe6018e7eec9346bdef624b253e522403e3007745ef3832")
}

// UnpackWrongValidatorSetError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error WrongValidatorSet()
func (quorumHarness *QuorumHarness) UnpackWrongValidatorSetError(raw []byte) (*QuorumHarnessWrongValidatorSet, error) {
	out := new(QuorumHarnessWrongValidatorSet)
	if err := quorumHarness.abi.UnpackIntoInterface(out, "WrongValidatorSet", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// QuorumHarnessZeroStake represents a ZeroStake error raised by the QuorumHarness contract.
type QuorumHarnessZeroStake struct {
	Index *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroStake(uint256 index)
func QuorumHarnessZeroStakeErrorID() common.Hash {
	return common.HexToHash("0x0afc096dda3c737f82a7cf6447c41ffd89f177f2e308d7641cc415972e748d25")
}

// UnpackZeroStakeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroStake(uint256 index)
func (quorumHarness *QuorumHarness) UnpackZeroStakeError(raw []byte) (*QuorumHarnessZeroStake, error) {
	out := new(QuorumHarnessZeroStake)
	if err := quorumHarness.abi.UnpackIntoInterface(out, "ZeroStake", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupMetaData contains all meta data concerning the Rollup contract.
var RollupMetaData = bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIBlockVerifier\",\"name\":\"verifier_\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"genesisCheckpoint\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"chainId_\",\"type\":\"uint64\"},{\"internalType\":\"bytes[]\",\"name\":\"keys\",\"type\":\"bytes[]\"},{\"internalType\":\"uint64[]\",\"name\":\"stakes\",\"type\":\"uint64[]\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"BadAggregateSignature\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"BadSignerBitmap\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"BadValidatorKey\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"expected\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"got\",\"type\":\"uint256\"}],\"name\":\"BlockOutOfOrder\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"checkpoint\",\"type\":\"uint256\"}],\"name\":\"CheckpointNotInField\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"EmptyValidatorSet\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"signed\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"total\",\"type\":\"uint256\"}],\"name\":\"NoQuorum\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"precompile\",\"type\":\"address\"}],\"name\":\"PrecompileFailed\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"number\",\"type\":\"uint256\"}],\"name\":\"ProofRejected\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"keys\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"stakes\",\"type\":\"uint256\"}],\"name\":\"ValidatorSetShape\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"WrongValidatorSet\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"index\",\"type\":\"uint256\"}],\"name\":\"ZeroStake\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"uint256\",\"name\":\"number\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"checkpoint\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"parent\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"poh\",\"type\":\"bytes32\"}],\"name\":\"BlockAnchored\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"blockNumber\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"chainId\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"checkpoint\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"name\":\"checkpoints\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes\",\"name\":\"proof\",\"type\":\"bytes\"},{\"internalType\":\"bytes[]\",\"name\":\"keys\",\"type\":\"bytes[]\"},{\"internalType\":\"uint64[]\",\"name\":\"stakes\",\"type\":\"uint64[]\"},{\"components\":[{\"internalType\":\"uint64\",\"name\":\"number\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"checkpoint\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"poh\",\"type\":\"bytes32\"},{\"internalType\":\"bytes\",\"name\":\"signers\",\"type\":\"bytes\"},{\"internalType\":\"bytes\",\"name\":\"sig\",\"type\":\"bytes\"}],\"internalType\":\"structValidatorQuorum.Certificate\",\"name\":\"qc\",\"type\":\"tuple\"}],\"name\":\"submitBlock\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"totalStake\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"validatorCount\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"validatorSetHash\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"verifier\",\"outputs\":[{\"internalType\":\"contractIBlockVerifier\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"number\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"checkpoint\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"poh\",\"type\":\"bytes32\"}],\"name\":\"voteMessage\",\"outputs\":[{\"internalType\":\"bytes\",\"name\":\"\",\"type\":\"bytes\"}],\"stateMutability\":\"view\",\"type\":\"function\"}]",
	ID:  "Rollup",
	Bin: "0x610120604052348015610010575f5ffd5b50604051611d34380380611d3483398101604081905261002f9161043f565b82828281515f036100535760405163339e1ffb60e01b815260040160405180910390fd5b805182511461008757815181516040516361c9c80760e11b8152600481019290925260248201526044015b60405180910390fd5b5f805b8351811015610180578381815181106100a5576100a56105b5565b60200260200101515160801415806100e257506100e08482815181106100cd576100cd6105b5565b602002602001015161024e60201b60201c565b155b156101035760405163be21d4a560e01b81526004810182905260240161007e565b828181518110610115576101156105b5565b60200260200101516001600160401b03165f0361014857604051630afc096d60e01b81526004810182905260240161007e565b82818151811061015a5761015a6105b5565b60200260200101516001600160401b03168261017691906105c9565b915060010161008a565b506001600160401b0384166080526040516101a19084908490602001610631565b60408051601f19818403018152919052805160209091012060a05260c052505160e052507f30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f000000184106102085760405163792d609760e11b81526004810185905260240161007e565b5050506001600160a01b039091166101005260018190555f805260026020527fac33ff75c19e70fe83507db0d683fd3465c996598dc972688b7ace676c89077b55610700565b5f6001815b83518110156102aa5783818151811061026e5761026e6105b5565b01602001517fff0000000000000000000000000000000000000000000000000000000000000016156102a2575f91506102aa565b600101610253565b5080156102b957505f92915050565b5f5f600c6001600160a01b03168560016040516020016102da9291906106d6565b60408051601f19818403018152908290526102f4916106ee565b5f60405180830381855afa9150503d805f811461032c576040519150601f19603f3d011682016040523d82523d5f602084013e610331565b606091505b5091509150818015610344575080516080145b95945050505050565b80516001600160401b0381168114610363575f5ffd5b919050565b634e487b7160e01b5f52604160045260245ffd5b604051601f8201601f191681016001600160401b03811182821017156103a4576103a4610368565b604052919050565b5f6001600160401b038211156103c4576103c4610368565b5060051b60200190565b5f82601f8301126103dd575f5ffd5b81516103f06103eb826103ac565b61037c565b8082825260208201915060208360051b860101925085831115610411575f5ffd5b602085015b83811015610435576104278161034d565b835260209283019201610416565b5095945050505050565b5f5f5f5f5f60a08688031215610453575f5ffd5b85516001600160a01b0381168114610469575f5ffd5b6020870151909550935061047f6040870161034d565b60608701519093506001600160401b0381111561049a575f5ffd5b86015f601f820189136104ab575f5ffd5b81516104b96103eb826103ac565b8082825260208201915060208360051b86010192508b8311156104da575f5ffd5b602085015b8381101561057a5780516001600160401b038111156104fc575f5ffd5b8601603f81018e1361050c575f5ffd5b60208101516001600160401b0381111561052857610528610368565b61053b601f8201601f191660200161037c565b8181528f60208084860101011115610551575f5ffd5b8160408401602083015e5f602083830101528086525050506020830192506020810190506104df565b5060808b0151909650935050506001600160401b03821115905061059c575f5ffd5b6105a8888289016103ce565b9150509295509295909350565b634e487b7160e01b5f52603260045260245ffd5b808201808211156105e857634e487b7160e01b5f52601160045260245ffd5b92915050565b5f8151808452602084019350602083015f5b828110156106275781516001600160401b0316865260209586019590910190600101610600565b5093949350505050565b5f604082016040835280855180835260608501915060608160051b8601019250602087015f5b828110156106a957605f19878603018452815180518087528060208301602089015e5f602082890101526020601f19601f83011688010196505050602082019150602084019350600181019050610657565b50505050828103602084015261034481856105ee565b5f81518060208401855e5f93019283525090919050565b5f6106e182856106bf565b9283525050602001919050565b5f6106f982846106bf565b9392505050565b60805160a05160c05160e051610100516115d661075e5f395f818160de015261030001525f60a401525f818161015a0152818161056e01526105bb01525f81816101e801526104df01525f8181610181015261047d01526115d65ff3fe608060405234801561000f575f5ffd5b506004361061009b575f3560e01c80638b0e9f3f116100635780638b0e9f3f146101555780639a8a05921461017c578063b8a24252146101bb578063c2c4c5c1146101da578063cdea2912146101e3575f5ffd5b80630f43a6771461009f5780632b7ac3f3146100d957806354e54b191461011857806357e871e71461012d5780636373f56014610135575b5f5ffd5b6100c67f000000000000000000000000000000000000000000000000000000000000000081565b6040519081526020015b60405180910390f35b6101007f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160a01b0390911681526020016100d0565b61012b610126366004610f58565b61020a565b005b6100c65f5481565b610148610143366004611062565b610459565b6040516100d09190611092565b6100c67f000000000000000000000000000000000000000000000000000000000000000081565b6101a37f000000000000000000000000000000000000000000000000000000000000000081565b6040516001600160401b0390911681526020016100d0565b6100c66101c93660046110c7565b60026020525f908152604090205481565b6100c660015481565b6100c67f000000000000000000000000000000000000000000000000000000000000000081565b5f546102178160016110f2565b6102246020840184611105565b6001600160401b03161461027a5761023d8160016110f2565b61024a6020840184611105565b60405163fcc5301b60e01b815260048101929092526001600160401b031660248201526044015b60405180910390fd5b7f30644e72e131a029b85045b68181585d2833e84879b9709143e1f593f00000018260200135106102c45760405163792d609760e11b815260208301356004820152602401610271565b6102d186868686866104dd565b6001546040805180820182528281526020858101359082015290516370ffa84160e11b81526001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000169163e1ff508291610338918d918d9190600401611146565b5f6040518083038186803b15801561034e575f5ffd5b505afa92505050801561035f575060015b610395576103706020840184611105565b604051636255f36360e11b81526001600160401b039091166004820152602401610271565b6103a26020840184611105565b6001600160401b03165f9081556020840180356001819055916002916103c89087611105565b6001600160401b031681526020808201929092526040015f20919091556103f190840184611105565b6001600160401b03167f85b6f6ecda7ff0613f8dd0cc1507a39ba69db09e1f7f0cb7854086ac1e6f0b328460200135838660400135604051610446939291909283526020830191909152604082015260600190565b60405180910390a2505050505050505050565b6040516c50415254482f766f74652f763160981b60208201526001600160c01b03197f000000000000000000000000000000000000000000000000000000000000000060c090811b8216602d84015285901b166035820152603d8101839052605d8101829052606090607d0160405160208183030381529060405290509392505050565b7f00000000000000000000000000000000000000000000000000000000000000008585858560405160200161051594939291906111d2565b604051602081830303815290604052805190602001201461054957604051633736757160e21b815260040160405180910390fd5b5f806105648787878761055f606089018961127a565b610693565b90925090506105947f000000000000000000000000000000000000000000000000000000000000000060026112bc565b61059f8360036112bc565b10156105e75760405163a07c49af60e01b8152600481018390527f00000000000000000000000000000000000000000000000000000000000000006024820152604401610271565b6105f4608084018461127a565b905061010014158061066c575061066a816106246106156020870187611105565b86602001358760400135610459565b610631608087018761127a565b8080601f0160208091040260200160405190810160405280939291908181526020018383808284375f920191909152506108a392505050565b155b1561068a576040516334056a6760e11b815260040160405180910390fd5b50505050505050565b5f60608660086106a48260076110f2565b6106ae91906112e7565b84146106cd57604051630731ea3560e41b815260040160405180910390fd5b6106d86008826112fa565b1580159061071957506106ec6008826112fa565b85856106f960018261130d565b81811061070857610708611320565b60ff92013560f81c90921c16151590505b1561073757604051630731ea3560e41b815260040160405180910390fd5b5f5b818110156108965761074c6008826112fa565b600160ff919091161b86866107626008856112e7565b81811061077157610771611320565b9050013560f81c60f81b60f81c1660ff165f031561088e5787878281811061079b5761079b611320565b90506020020160208101906107b09190611105565b6107c3906001600160401b0316856110f2565b935082515f146108335761082e838b8b848181106107e3576107e3611320565b90506020028101906107f5919061127a565b8080601f0160208091040260200160405190810160405280939291908181526020018383808284375f9201919091525061098e92505050565b61088b565b89898281811061084557610845611320565b9050602002810190610857919061127a565b8080601f0160208091040260200160405190810160405280939291908181526020018383808284375f920191909152505050505b92505b600101610739565b5050965096945050505050565b5f5f6108c7846040518060600160405280602b81526020016114ef602b91396109c7565b90505f5f600f6001600160a01b031687846040518060a001604052806080815260200161151a6080913988604051602001610905949392919061134b565b60408051601f198184030181529082905261091f91611371565b5f60405180830381855afa9150503d805f8114610957576040519150601f19603f3d011682016040523d82523d5f602084013e61095c565b606091505b509150915081801561096f575080516020145b8015610983575061097f8161137c565b6001145b979650505050505050565b60606109be600b84846040516020016109a892919061139f565b6040516020818303038152906040526080610a7c565b90505b92915050565b60605f6109d48484610b1a565b90505f610a1f6109ec6109e7845f610d61565b610de7565b6109fa6109e7856040610d61565b604051602001610a0b92919061139f565b604051602081830303815290604052610eeb565b90505f610a41610a336109e7856080610d61565b6109fa6109e78660c0610d61565b9050610a72600d8383604051602001610a5b92919061139f565b604051602081830303815290604052610100610a7c565b9695505050505050565b60605f5f856001600160a01b031685604051610a989190611371565b5f60405180830381855afa9150503d805f8114610ad0576040519150601f19603f3d011682016040523d82523d5f602084013e610ad5565b606091505b5091509150811580610ae8575083815114155b15610b11576040516375c6821d60e11b81526001600160a01b0387166004820152602401610271565b95945050505050565b606060ff82511115610b675760405162461bcd60e51b8152602060048201526016602482015275424c5331323338313a2044535420746f6f206c6f6e6760501b6044820152606401610271565b5f828351604051602001610b7c9291906113b5565b60408051808303601f1901815281835260608301825292505f916002916020820181803683375050604051610bbf9291508890610100905f9088906020016113dc565b60408051601f1981840301815290829052610bd991611371565b602060405180830381855afa158015610bf4573d5f5f3e3d5ffd5b5050506040513d601f19601f82011682018060405250810190610c17919061142e565b6040805161010080825261012082019092529192506020820181803683370190505092505f600282600185604051602001610c5493929190611445565b60408051601f1981840301815290829052610c6e91611371565b602060405180830381855afa158015610c89573d5f5f3e3d5ffd5b5050506040513d601f19601f82011682018060405250810190610cac919061142e565b905060015b81602060018303026020870101528060080315610d57576002838318610cd88360016110f2565b86604051602001610ceb93929190611445565b60408051601f1981840301815290829052610d0591611371565b602060405180830381855afa158015610d20573d5f5f3e3d5ffd5b5050506040513d601f19601f82011682018060405250810190610d43919061142e565b915080610d4f8161146a565b915050610cb1565b5050505092915050565b6040805181815260608181018352916020820181803683370190505090505f5b6040811015610de05783610d9582856110f2565b81518110610da557610da5611320565b602001015160f81c60f81b828281518110610dc257610dc2611320565b60200101906001600160f81b03191690815f1a905350600101610d81565b5092915050565b60605f60406001603085600160405180606001604052806030815260200161159a60309139604051602001610e2196959493929190611482565b60405160208183030381529060405290505f5f60056001600160a01b031683604051610e4d9190611371565b5f60405180830381855afa9150503d805f8114610e85576040519150601f19603f3d011682016040523d82523d5f602084013e610e8a565b606091505b5091509150811580610e9e57508051603014155b15610ebf576040516375c6821d60e11b815260056004820152602401610271565b604051610ed2905f9083906020016114ca565b6040516020818303038152906040529350505050919050565b60606109c1601183610100610a7c565b5f5f83601f840112610f0b575f5ffd5b5081356001600160401b03811115610f21575f5ffd5b6020830191508360208260051b8501011115610f3b575f5ffd5b9250929050565b5f60a08284031215610f52575f5ffd5b50919050565b5f5f5f5f5f5f5f6080888a031215610f6e575f5ffd5b87356001600160401b03811115610f83575f5ffd5b8801601f81018a13610f93575f5ffd5b80356001600160401b03811115610fa8575f5ffd5b8a6020828401011115610fb9575f5ffd5b6020918201985096508801356001600160401b03811115610fd8575f5ffd5b610fe48a828b01610efb565b90965094505060408801356001600160401b03811115611002575f5ffd5b61100e8a828b01610efb565b90945092505060608801356001600160401b0381111561102c575f5ffd5b6110388a828b01610f42565b91505092959891949750929550565b80356001600160401b038116811461105d575f5ffd5b919050565b5f5f5f60608486031215611074575f5ffd5b61107d84611047565b95602085013595506040909401359392505050565b602081525f82518060208401528060208501604085015e5f604082850101526040601f19601f83011684010191505092915050565b5f602082840312156110d7575f5ffd5b5035919050565b634e487b7160e01b5f52601160045260245ffd5b808201808211156109c1576109c16110de565b5f60208284031215611115575f5ffd5b6109be82611047565b81835281816020850137505f828201602090810191909152601f909101601f19169091010190565b606081525f61115960608301858761111e565b905060208201835f5b6002811015611181578151835260209283019290910190600101611162565b505050949350505050565b8183526020830192505f815f5b848110156111c8576001600160401b036111b283611047565b1686526020958601959190910190600101611199565b5093949350505050565b604080825281018490525f6060600586901b830181019083018783601e1936839003015b8982101561126357868503605f190184528235818112611214575f5ffd5b8b016020810190356001600160401b0381111561122f575f5ffd5b80360382131561123d575f5ffd5b61124887828461111e565b965050506020830192506020840193506001820191506111f6565b50505050828103602084015261098381858761118c565b5f5f8335601e1984360301811261128f575f5ffd5b8301803591506001600160401b038211156112a8575f5ffd5b602001915036819003821315610f3b575f5ffd5b80820281158282048414176109c1576109c16110de565b634e487b7160e01b5f52601260045260245ffd5b5f826112f5576112f56112d3565b500490565b5f82611308576113086112d3565b500690565b818103818111156109c1576109c16110de565b634e487b7160e01b5f52603260045260245ffd5b5f81518060208401855e5f93019283525090919050565b5f610a7261136b61136561135f858a611334565b88611334565b86611334565b84611334565b5f6109be8284611334565b80516020808301519190811015610f52575f1960209190910360031b1b16919050565b5f6113ad61136b8386611334565b949350505050565b5f6113c08285611334565b60f89390931b6001600160f81b03191683525050600101919050565b5f6113f06113ea8389611334565b87611334565b60f086901b6001600160f01b031916815260f885901b6001600160f81b03191660028201526114226003820185611334565b98975050505050505050565b5f6020828403121561143e575f5ffd5b5051919050565b83815260f883901b6001600160f81b03191660208201525f610b116021830184611334565b5f6001820161147b5761147b6110de565b5060010190565b8681528560208201528460408201525f61149f6060830186611334565b60f885901b6001600160f81b03191681526114bd6001820185611334565b9998505050505050505050565b6fffffffffffffffffffffffffffffffff19831681525f6113ad601083018461133456fe424c535f5349475f424c53313233383147325f584d443a5348412d3235365f535357555f524f5f504f505f0000000000000000000000000000000017f1d3a73197d7942695638c4fa9ac0fc3688c4f9774b905a14e3a3f171bac586c55e83ff97a1aeffb3af00adb22c6bb00000000000000000000000000000000114d1d6855d545a8aa7d76c8cf2e21f267816aef1db507c96655b9d5caac42364e6f38ba0ecb751bad54dcd6b939c2ca1a0111ea397fe69a4b1ba7b6434bacd764774b84f38512bf6730d2a0f6b0f6241eabfffeb153ffffb9feffffffffaaaba164736f6c634300081c000a",
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
// Solidity: constructor(address verifier_, uint256 genesisCheckpoint, uint64 chainId_, bytes[] keys, uint64[] stakes) returns()
func (rollup *Rollup) PackConstructor(verifier_ common.Address, genesisCheckpoint *big.Int, chainId_ uint64, keys [][]byte, stakes []uint64) []byte {
	enc, err := rollup.abi.Pack("", verifier_, genesisCheckpoint, chainId_, keys, stakes)
	if err != nil {
		panic(err)
	}
	return enc
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

// PackChainId is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9a8a0592.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function chainId() view returns(uint64)
func (rollup *Rollup) PackChainId() []byte {
	enc, err := rollup.abi.Pack("chainId")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackChainId is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x9a8a0592.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function chainId() view returns(uint64)
func (rollup *Rollup) TryPackChainId() ([]byte, error) {
	return rollup.abi.Pack("chainId")
}

// UnpackChainId is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x9a8a0592.
//
// Solidity: function chainId() view returns(uint64)
func (rollup *Rollup) UnpackChainId(data []byte) (uint64, error) {
	out, err := rollup.abi.Unpack("chainId", data)
	if err != nil {
		return *new(uint64), err
	}
	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)
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
// the contract method with ID 0x54e54b19.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function submitBlock(bytes proof, bytes[] keys, uint64[] stakes, (uint64,uint256,bytes32,bytes,bytes) qc) returns()
func (rollup *Rollup) PackSubmitBlock(proof []byte, keys [][]byte, stakes []uint64, qc ValidatorQuorumCertificate) []byte {
	enc, err := rollup.abi.Pack("submitBlock", proof, keys, stakes, qc)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackSubmitBlock is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x54e54b19.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function submitBlock(bytes proof, bytes[] keys, uint64[] stakes, (uint64,uint256,bytes32,bytes,bytes) qc) returns()
func (rollup *Rollup) TryPackSubmitBlock(proof []byte, keys [][]byte, stakes []uint64, qc ValidatorQuorumCertificate) ([]byte, error) {
	return rollup.abi.Pack("submitBlock", proof, keys, stakes, qc)
}

// PackTotalStake is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8b0e9f3f.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function totalStake() view returns(uint256)
func (rollup *Rollup) PackTotalStake() []byte {
	enc, err := rollup.abi.Pack("totalStake")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackTotalStake is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x8b0e9f3f.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function totalStake() view returns(uint256)
func (rollup *Rollup) TryPackTotalStake() ([]byte, error) {
	return rollup.abi.Pack("totalStake")
}

// UnpackTotalStake is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x8b0e9f3f.
//
// Solidity: function totalStake() view returns(uint256)
func (rollup *Rollup) UnpackTotalStake(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("totalStake", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackValidatorCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0f43a677.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function validatorCount() view returns(uint256)
func (rollup *Rollup) PackValidatorCount() []byte {
	enc, err := rollup.abi.Pack("validatorCount")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackValidatorCount is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x0f43a677.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function validatorCount() view returns(uint256)
func (rollup *Rollup) TryPackValidatorCount() ([]byte, error) {
	return rollup.abi.Pack("validatorCount")
}

// UnpackValidatorCount is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x0f43a677.
//
// Solidity: function validatorCount() view returns(uint256)
func (rollup *Rollup) UnpackValidatorCount(data []byte) (*big.Int, error) {
	out, err := rollup.abi.Unpack("validatorCount", data)
	if err != nil {
		return new(big.Int), err
	}
	out0 := abi.ConvertType(out[0], new(big.Int)).(*big.Int)
	return out0, nil
}

// PackValidatorSetHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xcdea2912.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function validatorSetHash() view returns(bytes32)
func (rollup *Rollup) PackValidatorSetHash() []byte {
	enc, err := rollup.abi.Pack("validatorSetHash")
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackValidatorSetHash is the Go binding used to pack the parameters required for calling
// the contract method with ID 0xcdea2912.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function validatorSetHash() view returns(bytes32)
func (rollup *Rollup) TryPackValidatorSetHash() ([]byte, error) {
	return rollup.abi.Pack("validatorSetHash")
}

// UnpackValidatorSetHash is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0xcdea2912.
//
// Solidity: function validatorSetHash() view returns(bytes32)
func (rollup *Rollup) UnpackValidatorSetHash(data []byte) ([32]byte, error) {
	out, err := rollup.abi.Unpack("validatorSetHash", data)
	if err != nil {
		return *new([32]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)
	return out0, nil
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

// PackVoteMessage is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6373f560.  This method will panic if any
// invalid/nil inputs are passed.
//
// Solidity: function voteMessage(uint64 number, uint256 checkpoint, bytes32 poh) view returns(bytes)
func (rollup *Rollup) PackVoteMessage(number uint64, checkpoint *big.Int, poh [32]byte) []byte {
	enc, err := rollup.abi.Pack("voteMessage", number, checkpoint, poh)
	if err != nil {
		panic(err)
	}
	return enc
}

// TryPackVoteMessage is the Go binding used to pack the parameters required for calling
// the contract method with ID 0x6373f560.  This method will return an error
// if any inputs are invalid/nil.
//
// Solidity: function voteMessage(uint64 number, uint256 checkpoint, bytes32 poh) view returns(bytes)
func (rollup *Rollup) TryPackVoteMessage(number uint64, checkpoint *big.Int, poh [32]byte) ([]byte, error) {
	return rollup.abi.Pack("voteMessage", number, checkpoint, poh)
}

// UnpackVoteMessage is the Go binding that unpacks the parameters returned
// from invoking the contract method with ID 0x6373f560.
//
// Solidity: function voteMessage(uint64 number, uint256 checkpoint, bytes32 poh) view returns(bytes)
func (rollup *Rollup) UnpackVoteMessage(data []byte) ([]byte, error) {
	out, err := rollup.abi.Unpack("voteMessage", data)
	if err != nil {
		return *new([]byte), err
	}
	out0 := *abi.ConvertType(out[0], new([]byte)).(*[]byte)
	return out0, nil
}

// RollupBlockAnchored represents a BlockAnchored event raised by the Rollup contract.
type RollupBlockAnchored struct {
	Number     *big.Int
	Checkpoint *big.Int
	Parent     *big.Int
	Poh        [32]byte
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
// Solidity: event BlockAnchored(uint256 indexed number, uint256 checkpoint, uint256 parent, bytes32 poh)
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
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadAggregateSignature"].ID.Bytes()[:4]) {
		return rollup.UnpackBadAggregateSignatureError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadSignerBitmap"].ID.Bytes()[:4]) {
		return rollup.UnpackBadSignerBitmapError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BadValidatorKey"].ID.Bytes()[:4]) {
		return rollup.UnpackBadValidatorKeyError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["BlockOutOfOrder"].ID.Bytes()[:4]) {
		return rollup.UnpackBlockOutOfOrderError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["CheckpointNotInField"].ID.Bytes()[:4]) {
		return rollup.UnpackCheckpointNotInFieldError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["EmptyValidatorSet"].ID.Bytes()[:4]) {
		return rollup.UnpackEmptyValidatorSetError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["NoQuorum"].ID.Bytes()[:4]) {
		return rollup.UnpackNoQuorumError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["PrecompileFailed"].ID.Bytes()[:4]) {
		return rollup.UnpackPrecompileFailedError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["ProofRejected"].ID.Bytes()[:4]) {
		return rollup.UnpackProofRejectedError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["ValidatorSetShape"].ID.Bytes()[:4]) {
		return rollup.UnpackValidatorSetShapeError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["WrongValidatorSet"].ID.Bytes()[:4]) {
		return rollup.UnpackWrongValidatorSetError(raw[4:])
	}
	if bytes.Equal(raw[:4], rollup.abi.Errors["ZeroStake"].ID.Bytes()[:4]) {
		return rollup.UnpackZeroStakeError(raw[4:])
	}
	return nil, errors.New("Unknown error")
}

// RollupBadAggregateSignature represents a BadAggregateSignature error raised by the Rollup contract.
type RollupBadAggregateSignature struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadAggregateSignature()
func RollupBadAggregateSignatureErrorID() common.Hash {
	return common.HexToHash("0x680ad4ce6b0e329fcf95ef3beb3d1cd8c7b4dd99c98702ceb7e2f20444238424")
}

// UnpackBadAggregateSignatureError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadAggregateSignature()
func (rollup *Rollup) UnpackBadAggregateSignatureError(raw []byte) (*RollupBadAggregateSignature, error) {
	out := new(RollupBadAggregateSignature)
	if err := rollup.abi.UnpackIntoInterface(out, "BadAggregateSignature", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupBadSignerBitmap represents a BadSignerBitmap error raised by the Rollup contract.
type RollupBadSignerBitmap struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadSignerBitmap()
func RollupBadSignerBitmapErrorID() common.Hash {
	return common.HexToHash("0x731ea350784776715d7474a9402cc66bd47615b6a4228e45258c08783329fc8d")
}

// UnpackBadSignerBitmapError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadSignerBitmap()
func (rollup *Rollup) UnpackBadSignerBitmapError(raw []byte) (*RollupBadSignerBitmap, error) {
	out := new(RollupBadSignerBitmap)
	if err := rollup.abi.UnpackIntoInterface(out, "BadSignerBitmap", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupBadValidatorKey represents a BadValidatorKey error raised by the Rollup contract.
type RollupBadValidatorKey struct {
	Index *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error BadValidatorKey(uint256 index)
func RollupBadValidatorKeyErrorID() common.Hash {
	return common.HexToHash("0xbe21d4a52840e500809076fd1221d48ff6339a47e0ac5d07c76880db4c9c4294")
}

// UnpackBadValidatorKeyError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error BadValidatorKey(uint256 index)
func (rollup *Rollup) UnpackBadValidatorKeyError(raw []byte) (*RollupBadValidatorKey, error) {
	out := new(RollupBadValidatorKey)
	if err := rollup.abi.UnpackIntoInterface(out, "BadValidatorKey", raw); err != nil {
		return nil, err
	}
	return out, nil
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

// RollupEmptyValidatorSet represents a EmptyValidatorSet error raised by the Rollup contract.
type RollupEmptyValidatorSet struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error EmptyValidatorSet()
func RollupEmptyValidatorSetErrorID() common.Hash {
	return common.HexToHash("0x339e1ffb1d19111b2d23380664c0d52cafed71303eaf7faa0a11ec5acdb34368")
}

// UnpackEmptyValidatorSetError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error EmptyValidatorSet()
func (rollup *Rollup) UnpackEmptyValidatorSetError(raw []byte) (*RollupEmptyValidatorSet, error) {
	out := new(RollupEmptyValidatorSet)
	if err := rollup.abi.UnpackIntoInterface(out, "EmptyValidatorSet", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupNoQuorum represents a NoQuorum error raised by the Rollup contract.
type RollupNoQuorum struct {
	Signed *big.Int
	Total  *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error NoQuorum(uint256 signed, uint256 total)
func RollupNoQuorumErrorID() common.Hash {
	return common.HexToHash("0xa07c49af08b421a301c72d9d0dd4ebec6a52f25fd56250523cef4fe70de605e4")
}

// UnpackNoQuorumError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error NoQuorum(uint256 signed, uint256 total)
func (rollup *Rollup) UnpackNoQuorumError(raw []byte) (*RollupNoQuorum, error) {
	out := new(RollupNoQuorum)
	if err := rollup.abi.UnpackIntoInterface(out, "NoQuorum", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupPrecompileFailed represents a PrecompileFailed error raised by the Rollup contract.
type RollupPrecompileFailed struct {
	Precompile common.Address
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error PrecompileFailed(address precompile)
func RollupPrecompileFailedErrorID() common.Hash {
	return common.HexToHash("0xeb8d043ad9930b483be478f76fc57acdc905a2680c78dd9d6c7c2b2029709f6b")
}

// UnpackPrecompileFailedError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error PrecompileFailed(address precompile)
func (rollup *Rollup) UnpackPrecompileFailedError(raw []byte) (*RollupPrecompileFailed, error) {
	out := new(RollupPrecompileFailed)
	if err := rollup.abi.UnpackIntoInterface(out, "PrecompileFailed", raw); err != nil {
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

// RollupValidatorSetShape represents a ValidatorSetShape error raised by the Rollup contract.
type RollupValidatorSetShape struct {
	Keys   *big.Int
	Stakes *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ValidatorSetShape(uint256 keys, uint256 stakes)
func RollupValidatorSetShapeErrorID() common.Hash {
	return common.HexToHash("0xc393900e4af734c17612bb4568977f8775d0726e9ac7c566a126783605f77fac")
}

// UnpackValidatorSetShapeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ValidatorSetShape(uint256 keys, uint256 stakes)
func (rollup *Rollup) UnpackValidatorSetShapeError(raw []byte) (*RollupValidatorSetShape, error) {
	out := new(RollupValidatorSetShape)
	if err := rollup.abi.UnpackIntoInterface(out, "ValidatorSetShape", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupWrongValidatorSet represents a WrongValidatorSet error raised by the Rollup contract.
type RollupWrongValidatorSet struct {
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error WrongValidatorSet()
func RollupWrongValidatorSetErrorID() common.Hash {
	return common.HexToHash("0xdcd9d5c4daa38e704fe6018e7eec9346bdef624b253e522403e3007745ef3832")
}

// UnpackWrongValidatorSetError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error WrongValidatorSet()
func (rollup *Rollup) UnpackWrongValidatorSetError(raw []byte) (*RollupWrongValidatorSet, error) {
	out := new(RollupWrongValidatorSet)
	if err := rollup.abi.UnpackIntoInterface(out, "WrongValidatorSet", raw); err != nil {
		return nil, err
	}
	return out, nil
}

// RollupZeroStake represents a ZeroStake error raised by the Rollup contract.
type RollupZeroStake struct {
	Index *big.Int
}

// ErrorID returns the hash of canonical representation of the error's signature.
//
// Solidity: error ZeroStake(uint256 index)
func RollupZeroStakeErrorID() common.Hash {
	return common.HexToHash("0x0afc096dda3c737f82a7cf6447c41ffd89f177f2e308d7641cc415972e748d25")
}

// UnpackZeroStakeError is the Go binding used to decode the provided
// error data into the corresponding Go error struct.
//
// Solidity: error ZeroStake(uint256 index)
func (rollup *Rollup) UnpackZeroStakeError(raw []byte) (*RollupZeroStake, error) {
	out := new(RollupZeroStake)
	if err := rollup.abi.UnpackIntoInterface(out, "ZeroStake", raw); err != nil {
		return nil, err
	}
	return out, nil
}
