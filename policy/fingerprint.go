package policy

import "github.com/jixiao-go/jixiao/rules"

// fingerprint is the canonical hash of the host's options: registered
// functions (names and signatures), types, fields and limits.
//
// TODO(policy): return rules.Fingerprint(opts...) once the rules package
// has it; until then the host's options are not part of the hash.
func fingerprint(opts ...rules.Option) (string, error) {
	_ = opts
	return "", nil
}
