package exante

import "github.com/jixiao-go/jixiao/experts"

// PanelScores returns the experts' totals of the scored assessments in
// order, one [experts.PanelScores] per assessment scored by experts (the
// rules' own sheet and assessments without a score are left out), for
// [experts.Deviations] to compare each expert with the rest of their
// panels. A trimmed mean's dropped totals are kept: the deviation is the
// expert's scoring, not what counted.
func PanelScores(as []*Assessment) []experts.PanelScores {
	var out []experts.PanelScores
	for _, a := range as {
		if a == nil || a.Score == nil {
			continue
		}
		ps := experts.PanelScores{ProjectID: a.ProjectID}
		if a.Panel != nil {
			ps.PanelID = a.Panel.PanelID
		}
		for _, e := range a.Score.Experts {
			if e.Expert == RuleExpert {
				continue
			}
			ps.Scores = append(ps.Scores, experts.ExpertScore{ExpertID: e.Expert, Total: e.Total})
		}
		if len(ps.Scores) > 0 {
			out = append(out, ps)
		}
	}
	return out
}
