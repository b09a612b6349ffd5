package history

import (
	"bytes"
	"cmp"
	"encoding/json"
	"fmt"
	"slices"
	"time"

	"github.com/jixiao-go/jixiao/evaluation"
)

// withPublicPolicies concludes, under the policy's public_policies stage,
// the evaluations of public policies the year's records carry
// (Record.PolicyEvaluation), once per policy in policy-ID order with the
// rules in force at asOf; it records each project's standing in its
// Decisions (out, by record) and returns outcomes with the standings for
// results application ([evaluation.WithPolicyOutcomes]). Without the stage,
// or when no record carries an evaluation, outcomes are returned
// unchanged. A policy evaluated differently in two records is an error of
// the later record (the first decides); an evaluation that cannot be
// concluded is an error of the first record carrying it; a project a
// policy lists without a record this year is an error of the year (stage
// "public_policies"). The other policies go on. The work is linear in the
// records and the projects the policies list.
func (pr *Program) withPublicPolicies(recs []*Record, outcomes []evaluation.ProjectOutcome, out []*Decisions, asOf time.Time) ([]evaluation.ProjectOutcome, []error) {
	if pr.prog.Policy().PublicPolicies == nil {
		return outcomes, nil
	}
	var errs []error
	first := map[string]int{} // policy ID → index of the first record carrying it
	canon := map[string][]byte{}
	var evals []evaluation.PolicyEvaluation
	for i, r := range recs {
		ev := r.PolicyEvaluation
		if ev == nil {
			continue
		}
		b, err := json.Marshal(ev)
		if err != nil {
			errs = append(errs, &RecordError{Key: r.Key(), Stage: "public_policies", Err: err})
			continue
		}
		if j, seen := first[ev.Policy.ID]; seen {
			if !bytes.Equal(canon[ev.Policy.ID], b) {
				errs = append(errs, &RecordError{Key: r.Key(), Stage: "public_policies",
					Err: fmt.Errorf("policy %s is evaluated differently in the record of %s", ev.Policy.ID, recs[j].Project.ID)})
			}
			continue
		}
		first[ev.Policy.ID], canon[ev.Policy.ID] = i, b
		evals = append(evals, *ev)
	}
	if len(evals) == 0 {
		return outcomes, errs
	}
	slices.SortFunc(evals, func(a, b evaluation.PolicyEvaluation) int { return cmp.Compare(a.Policy.ID, b.Policy.ID) })
	outs, err := pr.prog.ConcludePublicPolicies(evals, asOf)
	if err != nil {
		concluded := make(map[string]bool, len(outs))
		for _, o := range outs {
			concluded[o.PolicyID] = true
		}
		named := false
		for _, ev := range evals {
			if !concluded[ev.Policy.ID] {
				errs = append(errs, &RecordError{Key: recs[first[ev.Policy.ID]].Key(), Stage: "public_policies", Err: err})
				named = true
			}
		}
		if !named { // a problem not tied to one policy
			errs = append(errs, fmt.Errorf("history: public policies: %w", err))
		}
	}
	marked, werr := evaluation.WithPolicyOutcomes(outcomes, outs)
	if werr != nil {
		errs = append(errs, fmt.Errorf("history: public policies: %w", werr))
	}
	for i := range marked {
		if s := marked[i].Policy; s.Conclusion != evaluation.ConclusionNone && i < len(out) {
			out[i].PublicPolicy = &s
		}
	}
	return marked, errs
}
