package wire

// DayDigest is the signed summary of one service day's event log: its last seq, that
// event's chain hash (hex SHA-256), the tickets issued per prefix and the cases accepted.
// Signature is base64 Ed25519 over the digest's JSON without the signature.
type DayDigest struct {
	Day       string         `json:"day"`
	LastSeq   uint64         `json:"last_seq"`
	LastHash  string         `json:"last_hash"`
	Tickets   map[string]int `json:"tickets"`
	Cases     int            `json:"cases"`
	Signature string         `json:"signature"`
}

// Digests answers GET /api/v1/admin/digests: every day's digest, oldest first, and the
// center's public key (base64 Ed25519). Kept elsewhere, it is what
// `server verify -data DIR -digests FILE` checks a data file against.
type Digests struct {
	Center    string      `json:"center"`
	PublicKey string      `json:"public_key"`
	Digests   []DayDigest `json:"digests"`
}
