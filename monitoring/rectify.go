package monitoring

import (
	"cmp"
	"slices"
	"strings"
	"time"
)

// rectify advances open rectifications and opens new ones for rectify
// actions, then records the actions in the report.
func (m *Monitor) rectify(r *Report, prior, next *State, actions []Action) {
	level := func(id string) (Level, bool) {
		i, ok := r.find(id)
		if !ok {
			return LevelNone, false
		}
		return r.Projects[i].Level, true
	}
	// Sized for the open rectifications and every rectify action.
	suffix := "@" + r.AsOf.Format(time.DateOnly)
	nRect, idBytes := 0, 0
	for i := range actions {
		if actions[i].Kind == Rectify {
			nRect++
			idBytes += len(actions[i].ProjectID) + len(suffix)
		}
	}
	// The new rectifications' IDs are written one after another into one
	// buffer, each a substring of it: a string each was most of the
	// allocations of a check. A Builder never writes over what it has
	// handed out.
	var ids strings.Builder
	ids.Grow(idBytes)
	// Actions come in project order, as the statuses do: the project of
	// the next is looked for just after the last one found first.
	near := 0
	levelNear := func(id string) Level {
		for k := near; k < min(near+8, len(r.Projects)); k++ {
			if r.Projects[k].ProjectID == id {
				near = k
				return r.Projects[k].Level
			}
		}
		i, ok := r.find(id)
		if !ok {
			return LevelNone
		}
		near = i
		return r.Projects[i].Level
	}
	// The projects with a rectification still open from earlier checks.
	// A project's actions of this check are contiguous and hold at most
	// one rectify (sortActions keeps one action of each kind), so a new
	// rectification needs only this set and the project last given one:
	// a set of every project rectified now was a map insertion each.
	open := make(map[string]bool, len(prior.Rectifications))
	k := dayKey(r.AsOf)
	// Sized for the earlier ones and every rectify action: those issued
	// now are added at the end and sorted there.
	if n := len(prior.Rectifications) + nRect; n > 0 {
		next.Rectifications = make([]Rectification, 0, n)
	}
	for _, rc := range prior.Rectifications {
		if rc.Status != RectDone {
			lv, ok := level(rc.ProjectID)
			switch {
			case ok && lv != Red && lv != LevelNone:
				rc.Status, rc.Done, rc.Late = RectDone, r.AsOf, k > dayKey(rc.Due)
			case k >= dayKey(rc.Due):
				rc.Status = RectOverdue
				open[rc.ProjectID] = true
			default:
				open[rc.ProjectID] = true
			}
		}
		next.Rectifications = append(next.Rectifications, rc)
	}
	months := m.policy.RectifyMonths
	if months == 0 {
		months = 3
	}
	// actions is this check's own: kept in place, and the rectifications
	// sized for every rectify action.
	// An action stays where it is until one is dropped: copying a
	// million actions onto themselves is most of this loop.
	kept := actions[:0]
	mark := len(next.Rectifications)
	due := addMonthsEnd(r.AsOf, months)
	last := "" // the project given the last new rectification
	for j := range actions {
		a := &actions[j]
		if a.Kind == Rectify {
			if a.ProjectID == "" || a.ProjectID == last || open[a.ProjectID] {
				continue
			}
			last = a.ProjectID
			start := ids.Len()
			ids.WriteString(a.ProjectID)
			ids.WriteString(suffix)
			rc := Rectification{
				ID:        ids.String()[start:],
				ProjectID: a.ProjectID, UnitID: a.UnitID, Issued: r.AsOf,
				Due: due, Reason: a.Reason,
			}
			if a.Reason == "gap" {
				rc.Reason = levelNear(a.ProjectID).String()
			}
			a.Rectification = rc.ID
			next.Rectifications = append(next.Rectifications, rc)
		}
		if len(kept) < j {
			kept = append(kept, *a) // to an earlier index: a is read first
		} else {
			kept = kept[:j+1]
		}
	}
	r.Actions = kept
	// Earlier rectifications keep their order (by issue date, then
	// project); those issued now follow, by project.
	slices.SortFunc(next.Rectifications[mark:], func(a, b Rectification) int { return cmp.Compare(a.ProjectID, b.ProjectID) })
	if len(next.Rectifications) == 0 && len(prior.Rectifications) == 0 {
		next.Rectifications = nil // none yet: the report's list is null, as before
	}
	// The report and the state it carries list the same rectifications: a
	// million of them copied a second time were a tenth of a check. Capped,
	// so that appending to one never writes into the other.
	r.Rectifications = slices.Clip(next.Rectifications)
}
