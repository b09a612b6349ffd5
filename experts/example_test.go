package experts_test

import (
	"fmt"

	"github.com/jixiao-go/jixiao/experts"
)

// A panel of three for a key evaluation, one of them from finance, drawn
// from a recorded seed; the expert employed by the project's unit is
// recused, and the draw lists why.
func ExampleDraw() {
	lib := &experts.Library{Experts: []experts.Expert{
		{ID: "E1", Fields: []string{"finance"}, Status: experts.StatusActive, Employer: "U1"},
		{ID: "E2", Fields: []string{"finance"}, Status: experts.StatusActive},
		{ID: "E3", Fields: []string{"cost"}, Status: experts.StatusActive},
		{ID: "E4", Fields: []string{"health"}, Status: experts.StatusActive},
		{ID: "E5", Fields: []string{"cost"}, Status: experts.StatusActive},
	}}
	p, err := experts.Draw(lib, experts.Request{PanelID: "K1", Stage: experts.StageKeyEvaluation, ProjectID: "P1",
		UnitID: "U1", Date: "2021-09-01", Count: 3, Fields: []experts.FieldNeed{{Field: "finance", Count: 1}}, Seed: 2021})
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, m := range p.Members {
		seat := m.Field
		if seat == "" {
			seat = "any field"
		}
		fmt.Println(m.ExpertID, seat)
	}
	for _, e := range p.Exclusions {
		fmt.Println("excluded", e.ExpertID, e.Reason)
	}
	// E2 is the only eligible finance expert, so it holds the finance seat;
	// the seed picks the other two of E3, E4 and E5.

	// Output:
	// E3 any field
	// E4 any field
	// E2 finance
	// excluded E1 employer
}
