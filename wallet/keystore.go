// Package wallet keeps a user's signing keys for `parth wallet`: one JSON
// file per key in a directory only its owner can read.
//
// Decisions. A key file holds the secret in the clear, readable by its
// owner only (0600 in a 0700 directory), as a development wallet's keys
// are (anvil's and the devnet's dev accounts are public anyway);
// encrypting them at rest under a passphrase (go-ethereum's keystore
// format, scrypt) is for the keys of real value and not done yet. A key
// names the account it signs for (its GUSR index): accounts are created
// by a genesis (the devnet's registers its dev accounts), so a new key is
// one to register, and signs nothing until it is. A key file is written
// to a temporary name, synced, then renamed: a crash leaves the old file
// or the new one, never half of one, and a name is never overwritten.
package wallet

import (
	"bytes"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"

	"github.com/parthnet/parth/state"
)

// SchemeEdDSA is the scheme of the standard EdDSA keys (BabyJubJub on
// BN254, the standard signature circuit's).
const SchemeEdDSA = "eddsa-bn254"

// Key is a key file.
type Key struct {
	Name   string `json:"name"`
	Scheme string `json:"scheme"`
	// User is the account the key signs for (0: none yet).
	User uint32 `json:"user"`
	// PublicKey is the public key (the curve point, compressed, hex); an
	// account stores its hash under the chain's signature circuit
	// (state.KeyHash), which the wallet checks before it signs.
	PublicKey string `json:"public_key"`
	Secret    string `json:"secret"` // hex
}

// ErrExists is a key name already in the wallet.
var ErrExists = errors.New("wallet: a key with this name exists")

// ErrNoKey is a key name not in the wallet.
var ErrNoKey = errors.New("wallet: no such key")

var validName = regexp.MustCompile(`^[a-z0-9][a-z0-9_-]{0,31}$`)

// CheckName refuses a key name that is not 1–32 lower-case letters,
// digits, '_' or '-' (starting with a letter or digit): names are file
// names.
func CheckName(name string) error {
	if !validName.MatchString(name) {
		return fmt.Errorf("wallet: key name %q: want 1–32 of a-z, 0-9, '_', '-', starting with a letter or digit", name)
	}
	return nil
}

// Store is a wallet directory.
type Store struct{ Dir string }

func (s Store) path(name string) string { return filepath.Join(s.Dir, name+".json") }

// NewKey is the key file of EdDSA key k, named name, signing for user.
func NewKey(name string, user uint32, k *state.EdDSAKey) (*Key, error) {
	if err := CheckName(name); err != nil {
		return nil, err
	}
	return &Key{Name: name, Scheme: SchemeEdDSA, User: user, PublicKey: hex.EncodeToString(k.PublicKey()), Secret: hex.EncodeToString(k.Bytes())}, nil
}

// Put adds a key; a name in use is ErrExists, whatever its key.
func (s Store) Put(k *Key) error {
	if err := CheckName(k.Name); err != nil {
		return err
	}
	if err := os.MkdirAll(s.Dir, 0o700); err != nil {
		return fmt.Errorf("wallet: %w", err)
	}
	b, err := json.MarshalIndent(k, "", "  ")
	if err != nil {
		return err
	}
	tmp, err := os.CreateTemp(s.Dir, ".new-*")
	if err != nil {
		return fmt.Errorf("wallet: %w", err)
	}
	defer os.Remove(tmp.Name())
	if err := tmp.Chmod(0o600); err != nil {
		tmp.Close()
		return fmt.Errorf("wallet: %w", err)
	}
	if _, err := tmp.Write(append(b, '\n')); err != nil {
		tmp.Close()
		return fmt.Errorf("wallet: %w", err)
	}
	if err := tmp.Sync(); err != nil {
		tmp.Close()
		return fmt.Errorf("wallet: %w", err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("wallet: %w", err)
	}
	// A hard link never replaces an existing file: two wallets writing
	// one name cannot both win.
	if err := os.Link(tmp.Name(), s.path(k.Name)); errors.Is(err, os.ErrExist) {
		return fmt.Errorf("%w: %q (in %s)", ErrExists, k.Name, s.Dir)
	} else if err != nil {
		return fmt.Errorf("wallet: %w", err)
	}
	d, err := os.Open(s.Dir)
	if err != nil {
		return fmt.Errorf("wallet: %w", err)
	}
	defer d.Close()
	return d.Sync()
}

// Get reads key name.
func (s Store) Get(name string) (*Key, error) {
	if err := CheckName(name); err != nil {
		return nil, err
	}
	f, err := os.Open(s.path(name))
	if errors.Is(err, os.ErrNotExist) {
		return nil, fmt.Errorf("%w: %q in %s ('parth wallet list' lists them)", ErrNoKey, name, s.Dir)
	} else if err != nil {
		return nil, fmt.Errorf("wallet: %w", err)
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, 1<<16))
	if err != nil {
		return nil, fmt.Errorf("wallet: %w", err)
	}
	var k Key
	d := json.NewDecoder(bytes.NewReader(b))
	d.DisallowUnknownFields()
	if err := d.Decode(&k); err != nil {
		return nil, fmt.Errorf("wallet: key file %s: %w", s.path(name), err)
	}
	if k.Name != name {
		return nil, fmt.Errorf("wallet: key file %s holds key %q", s.path(name), k.Name)
	}
	return &k, nil
}

// List is every key, by name.
func (s Store) List() ([]*Key, error) {
	ents, err := os.ReadDir(s.Dir)
	if errors.Is(err, os.ErrNotExist) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("wallet: %w", err)
	}
	var out []*Key
	for _, e := range ents {
		name, ok := strings.CutSuffix(e.Name(), ".json")
		if !ok || e.IsDir() || CheckName(name) != nil {
			continue
		}
		k, err := s.Get(name)
		if err != nil {
			return nil, err
		}
		out = append(out, k)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out, nil
}

// Signer decodes the key for scheme e (the chain's EdDSA scheme, whose
// circuit id its accounts' key hashes name) and checks it is the public
// key the file says.
func (k *Key) Signer(e *state.EdDSA) (*state.EdDSAKey, error) {
	if k.Scheme != SchemeEdDSA {
		return nil, fmt.Errorf("wallet: key %q is a %s key; this wallet signs with %s", k.Name, k.Scheme, SchemeEdDSA)
	}
	b, err := hex.DecodeString(k.Secret)
	if err != nil {
		return nil, fmt.Errorf("wallet: key %q: %w", k.Name, err)
	}
	sk, err := e.KeyFromBytes(b)
	if err != nil {
		return nil, fmt.Errorf("wallet: key %q: %w", k.Name, err)
	}
	if pk := hex.EncodeToString(sk.PublicKey()); pk != k.PublicKey {
		return nil, fmt.Errorf("wallet: key %q's secret is of public key %s, its file says %s", k.Name, pk, k.PublicKey)
	}
	return sk, nil
}
