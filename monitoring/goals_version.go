package monitoring

import (
	"errors"
	"fmt"
	"maps"
	"slices"
	"time"

	"github.com/jixiao-go/jixiao/goals"
	"github.com/jixiao-go/jixiao/performance"
)

// GoalsAt is [Monitor.Goals] against the goals in force on asOf: for each
// project with a history in versions (keyed by project ID), the tree of the
// version in force that day (财预〔2015〕88号 第二十九条: monitoring works
// against the approved goals), recorded in the result's Versions; projects
// without a history use their tree in trees, as submitted (the zero
// reference). A history that is invalid, or has no version in force on
// asOf, is a problem (code no_goal_version, path "goal_versions.ID") and
// the project's tree in trees is used instead. The work is linear in the
// trees, the histories and the reports.
func (m *Monitor) GoalsAt(asOf time.Time, trees map[string]*goals.Tree, versions map[string]*goals.Versions, reports []GoalReport) *Goals {
	resolved := make(map[string]*goals.Tree, len(trees)+len(versions))
	maps.Copy(resolved, trees)
	refs := make(map[string]goals.VersionRef, len(trees)+len(versions))
	for id := range trees {
		refs[id] = goals.VersionRef{}
	}
	var ps performance.Problems
	for _, id := range slices.Sorted(maps.Keys(versions)) {
		vs := versions[id]
		path := "goal_versions." + id
		if err := vs.Validate(); err != nil {
			var vps performance.Problems
			if !errors.As(err, &vps) {
				vps.Add("invalid", "", err.Error(), err.Error())
			}
			ps = append(ps, vps.Prefix(path)...)
			continue
		}
		tree, ref, ok := vs.Resolve(asOf, trees[id])
		if !ok {
			d := asOf.Format(time.DateOnly)
			ps.Add("no_goal_version", path, fmt.Sprintf("%s 时没有生效的绩效目标版本", d), fmt.Sprintf("no goal version in force on %s", d))
		}
		if tree != nil {
			resolved[id], refs[id] = tree, ref
		}
	}
	g := m.Goals(asOf, resolved, reports)
	g.Problems = append(ps, g.Problems...)
	g.Versions = refs
	return g
}
