package rules

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Policy (政策) groups several rule sets, each with the versions in force
// from given dates, such as the ex-ante reduction rules of 2024 and 2025.
type Policy struct {
	ID          string      `json:"id"`
	Description string      `json:"description,omitempty"`
	Sets        []PolicySet `json:"sets"`
}

// PolicySet is one rule set of a policy in all its versions.
type PolicySet struct {
	ID       string    `json:"id"`
	Versions []Version `json:"versions"`
}

// Version is one version of a rule set and the date from which it is in
// force ("YYYY-MM-DD", inclusive); it stays in force until the next
// version's date.
type Version struct {
	From string `json:"from"`
	Set  Set    `json:"set"`
}

// InForce returns the version of set setID in force on asOf: the one with
// the latest From on or before asOf (dates compared in asOf's location). It
// returns an *Error wrapping ErrNotInForce when the set is unknown or asOf
// precedes its first version.
func (p *Policy) InForce(setID string, asOf time.Time) (*Set, error) {
	day := days(asOf)
	for i := range p.Sets {
		ps := &p.Sets[i]
		if ps.ID != setID {
			continue
		}
		var best *Version
		var bestDay int64
		for k := range ps.Versions {
			v := &ps.Versions[k]
			t, err := parseDate(v.From)
			if err != nil {
				return nil, &Error{Field: fmt.Sprintf("sets[%d].versions[%d].from", i, k), Err: fmt.Errorf("%w: %v", ErrInvalid, err)}
			}
			if d := days(t); d <= day && (best == nil || d > bestDay) {
				best, bestDay = v, d
			}
		}
		if best == nil {
			return nil, &Error{Err: fmt.Errorf("%w: rule set %q has no version in force on %s", ErrNotInForce, setID, asOf.Format(dateLayout))}
		}
		return &best.Set, nil
	}
	ids := make([]string, len(p.Sets))
	for i, s := range p.Sets {
		ids[i] = s.ID
	}
	msg := fmt.Errorf("%w: policy has no rule set %q", ErrNotInForce, setID)
	if s := suggest(setID, ids); s != "" {
		msg = fmt.Errorf("%w: policy has no rule set %q (did you mean %q?)", ErrNotInForce, setID, s)
	}
	return nil, &Error{Err: msg}
}

// Validate checks every set of every version (see Set.Validate), that set
// ids are unique, and that versions of one set have distinct, valid dates
// and carry the set's id. It returns every problem at once.
func (p *Policy) Validate() error {
	var errs []error
	seen := map[string]bool{}
	for i, ps := range p.Sets {
		path := fmt.Sprintf("sets[%d]", i)
		if seen[ps.ID] {
			errs = append(errs, &Error{Field: path + ".id", Err: fmt.Errorf("%w: duplicate rule set %q", ErrInvalid, ps.ID)})
		}
		seen[ps.ID] = true
		dates := map[string]bool{}
		for k, v := range ps.Versions {
			vp := fmt.Sprintf("%s.versions[%d]", path, k)
			if _, err := parseDate(v.From); err != nil {
				errs = append(errs, &Error{Field: vp + ".from", Err: fmt.Errorf("%w: %v", ErrInvalid, err)})
			} else if dates[v.From] {
				errs = append(errs, &Error{Field: vp + ".from", Err: fmt.Errorf("%w: two versions from %s", ErrInvalid, v.From)})
			}
			dates[v.From] = true
			if v.Set.ID != ps.ID {
				errs = append(errs, &Error{Field: vp + ".set.id", Err: fmt.Errorf("%w: set id %q differs from %q", ErrInvalid, v.Set.ID, ps.ID)})
			}
			if err := v.Set.Validate(); err != nil {
				for _, e := range unjoin(err) {
					if re, ok := e.(*Error); ok {
						c := *re
						c.Field = vp + ".set." + strings.TrimPrefix(c.Field, ".")
						e = &c
					}
					errs = append(errs, e)
				}
			}
		}
	}
	return joinErrs(errs)
}

// ParsePolicy decodes a policy from JSON strictly, like ParseSet: unknown
// fields, fields given twice and wrong types are errors naming their path
// (sets[0].versions[1].set.rules[2].when), all at once; then it validates
// the policy.
func ParsePolicy(data []byte) (*Policy, error) {
	var p Policy
	if err := decodeJSON(data, &p); err != nil {
		return nil, err
	}
	if err := p.Validate(); err != nil {
		return nil, err
	}
	return &p, nil
}

func unjoin(err error) []error {
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		return slices.Clone(j.Unwrap())
	}
	return []error{err}
}
