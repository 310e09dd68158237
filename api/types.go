package api

// The API's resources as JSON (node/openapi.json documents them), shared by
// the node that serves them and the clients that read them.

// The API's statuses of a submission, in lifecycle order, then the
// terminal failures.
const (
	StatusSequenced = "sequenced"
	StatusIncluded  = "included"
	StatusProven    = "proven"
	StatusFinalized = "finalized"
	StatusAnchored  = "anchored"
	StatusDropped   = "dropped"
)

// Results of a submission, apart from its status.
const (
	ResultPending = "pending" // not applied yet
	ResultApplied = "applied" // its block applied it: the account is its end state
	ResultFailed  = "failed"  // it never will be (a terminal status says why)
)

// statusRank orders the statuses a client may wait for.
var statusRank = map[string]int{StatusSequenced: 1, StatusIncluded: 2, StatusProven: 3, StatusFinalized: 4, StatusAnchored: 5}

// Waitable says whether a client may wait for status (?wait=).
func Waitable(status string) bool { return statusRank[status] > 0 }

// Terminal says whether a submission with this status changes no more.
func Terminal(status string) bool { return status == StatusAnchored || status == StatusDropped }

// Reached says whether s is at status want or past it.
func (s Submission) Reached(want string) bool { return statusRank[s.Status] >= statusRank[want] }

// Submission is a submission as the API gives it.
type Submission struct {
	ID       string `json:"id"`
	Kind     string `json:"kind"` // "endcap"
	Status   string `json:"status"`
	Result   string `json:"result"`
	Reason   string `json:"reason,omitempty"` // why a terminal failure failed
	User     uint64 `json:"user"`
	Position uint64 `json:"position"` // its PoH position (its timestamp)
	Slot     uint64 `json:"slot"`
	Block    uint64 `json:"block,omitempty"`
	PoH      string `json:"poh,omitempty"` // the block's final PoH hash
	CHKP     string `json:"checkpoint,omitempty"`
	L1Tx     string `json:"l1_tx,omitempty"`
}

// SubmissionEnvelope is the JSON body of POST /v1/submissions.
type SubmissionEnvelope struct {
	// EndCap is an end-cap job with its deltas (session.EndCapJob's
	// encoding), in standard base64.
	EndCap string `json:"endcap"`
}

// Info is GET /v1/info.
type Info struct {
	ChainID   uint64 `json:"chain_id"`
	ChainTag  string `json:"chain_tag"`  // the checkpoints' chain tag C (an element)
	ProofMode string `json:"proof_mode"` // "real"
	Genesis   struct {
		Checkpoint string `json:"checkpoint"` // CHKP(0)
		PoH        string `json:"poh"`        // the PoH chain's seed
		File       string `json:"file"`       // sha256 of genesis.json, what validators start from
	} `json:"genesis"`
	KeySet struct {
		Hash  string `json:"hash"` // state.NodeKeys.Hash: in every node header
		Node  string `json:"node"`
		Wrap  string `json:"wrap"`
		Step  string `json:"step"`
		EdDSA string `json:"eddsa"`
		ECDSA string `json:"ecdsa"`
		Block string `json:"block"` // the block circuit's key id (its L1 verifier's)
	} `json:"key_set"`
	// CheckpointWindow is how many checkpoints back an end cap may read
	// (state.HistoryWindow); AdmissionMargin is how many of them admission
	// keeps in hand for the blocks cut before the end cap's.
	CheckpointWindow uint64 `json:"checkpoint_window"`
	AdmissionMargin  uint64 `json:"admission_margin"`
	Validators       int    `json:"validators"`
	Validator        int    `json:"validator"` // this node's index
	Leading          bool   `json:"leading"`
	Heights          struct {
		Executed  uint64 `json:"executed"`
		Proven    uint64 `json:"proven"`
		Finalized uint64 `json:"finalized"`
		Anchored  uint64 `json:"anchored"`
	} `json:"heights"`
}

// PoH is GET /v1/poh.
type PoH struct {
	Leading       bool   `json:"leading"`
	Latest        string `json:"latest,omitempty"` // the hash a submission references
	Count         uint64 `json:"count"`            // hashes so far
	LastCut       uint64 `json:"last_cut"`         // the last block cut
	HashesPerTick uint64 `json:"hashes_per_tick"`
	TicksPerSlot  uint64 `json:"ticks_per_slot"`
	MaxRefAge     uint64 `json:"max_ref_age"`
	TickInterval  string `json:"tick_interval"`
}

// Checkpoint is a checkpoint with what makes it final.
type Checkpoint struct {
	Number uint64 `json:"number"`
	Root   string `json:"root"`
	// Preimage is state.Checkpoint's binary encoding, hex: a client hashes
	// it (Checkpoint.UnmarshalBinary checks the root) instead of trusting
	// the fields below, which are for people.
	Preimage string `json:"preimage"`
	Prev     string `json:"prev"`
	GUSRRoot string `json:"gusr_root"`
	GCONRoot string `json:"gcon_root"`
	PoH      string `json:"poh"`
	History  string `json:"history"`
	EndCaps  string `json:"end_caps"`
	// Status: executed (applied natively), proven, finalized, anchored.
	Status string `json:"status"`
	// Proof is the block proof (prover.Proof's encoding, hex) once proven.
	Proof string `json:"proof,omitempty"`
	// QC is the quorum certificate (consensus.QC's encoding, hex) once
	// finalized; Signers are its validators, for people.
	QC      string `json:"qc,omitempty"`
	Signers []int  `json:"signers,omitempty"`
	L1Tx    string `json:"l1_tx,omitempty"`
}

// Votes is a finalized checkpoint's certificate, validator by validator.
type Votes struct {
	Block     uint64  `json:"block"`
	Root      string  `json:"root"`
	Stake     uint64  `json:"stake"` // of the signers
	Total     uint64  `json:"total"`
	Votes     []Voter `json:"votes"`
	Signature string  `json:"signature"` // the aggregated BLS signature, hex
	QC        string  `json:"qc"`
}

// Voter is a validator and whether it signed.
type Voter struct {
	Index     int    `json:"index"`
	Name      string `json:"name"`
	PublicKey string `json:"public_key"`
	Stake     uint64 `json:"stake"`
	Signed    *bool  `json:"signed,omitempty"`
}

// Block is a cut block.
type Block struct {
	Number     uint64         `json:"number"`
	PoH        string         `json:"poh"`
	Slots      int            `json:"slots"`
	EndCaps    []BlockEndCap  `json:"end_caps"`
	Waiting    int            `json:"waiting"` // end caps left for the next block
	Checkpoint *CheckpointRef `json:"checkpoint,omitempty"`
}

// BlockEndCap is an end cap in a block.
type BlockEndCap struct {
	ID       string `json:"id"`
	User     uint64 `json:"user"`
	Position uint64 `json:"position"`
}

// CheckpointRef names a checkpoint.
type CheckpointRef struct {
	Number uint64 `json:"number"`
	Root   string `json:"root"`
	Status string `json:"status"`
}

// Blocks is a page of blocks, newest first.
type Blocks struct {
	Blocks []Block `json:"blocks"`
	// NextPageToken fetches the next page (older blocks); empty on the last.
	NextPageToken string `json:"next_page_token,omitempty"`
}

// User is an account with its GUSR path.
type User struct {
	User             uint32      `json:"user"`
	PublicKey        string      `json:"public_key"`
	Nonce            uint64      `json:"nonce"`
	UCONRoot         string      `json:"ucon_root"`
	GUSR             MerkleProof `json:"gusr"` // the leaf H(public key, UCON root, nonce)
	CheckpointNumber uint64      `json:"checkpoint_number"`
	CheckpointRoot   string      `json:"checkpoint_root"`
	Checkpoint       string      `json:"checkpoint"` // the preimage, hex
}

// Contract is a deployed contract with its GCON path.
type Contract struct {
	Contract         uint32      `json:"contract"`
	WhitelistRoot    string      `json:"whitelist_root"`
	Metadata         string      `json:"metadata"`
	GCON             MerkleProof `json:"gcon"` // the leaf H(whitelist root, metadata)
	CheckpointNumber uint64      `json:"checkpoint_number"`
	CheckpointRoot   string      `json:"checkpoint_root"`
	Checkpoint       string      `json:"checkpoint"`
}

// Leaf is one leaf of a state tree with its path to the tree's root.
type Leaf struct {
	Tree             string      `json:"tree"`
	Proof            MerkleProof `json:"proof"`
	CheckpointNumber uint64      `json:"checkpoint_number"`
	CheckpointRoot   string      `json:"checkpoint_root"`
}
