package policy

import "github.com/jixiao-go/jixiao/rules"

// fingerprint is the canonical hash of the host's options: registered
// functions (names and signatures), types, fields and limits.
func fingerprint(opts ...rules.Option) (string, error) { return rules.Fingerprint(opts...) }
