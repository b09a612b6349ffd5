package performance

// A PolicyRef identifies the fiscal-year policy (政策版本) a result was
// decided under: the policy's id and version as written, and Hash, the hex
// sha256 of a canonical encoding of everything in the policy that can change
// a result (rule sets, thresholds, weights, schemes, expenditure standards,
// the organisation tree, the goals configuration, host declarations and the
// host's registered functions). Package policy computes it; the stages only
// carry it, so that a stored result names exactly what decided it.
//
// The zero PolicyRef means the result was computed outside a compiled
// policy (by a stage's own API); results then omit it from their JSON.
type PolicyRef struct {
	ID      string `json:"id"`
	Version string `json:"version,omitempty"`
	Hash    string `json:"hash"`
}

// IsZero reports whether r names no policy.
func (r PolicyRef) IsZero() bool { return r == PolicyRef{} }
