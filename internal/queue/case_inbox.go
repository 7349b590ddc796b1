package queue

import "sort"

// InboxLine is one undecided sub-case in a department's inbox, with its case.
type InboxLine struct {
	Case *Case
	Part *Part
}

// AllDepts asks Inbox for every department's sub-cases (a supervisor's view).
const AllDepts = "*"

// Inbox returns a department's undecided sub-cases (AllDepts: every department's; a
// sub-case relayed to another center is not this center's to decide), the
// earliest due first, then by case number. The lines point into the hall: read them,
// never change them.
func (h *Hall) Inbox(dept string) []InboxLine {
	var out []InboxLine
	for _, c := range h.OpenCases {
		for i := range c.Parts {
			if p := &c.Parts[i]; (dept == AllDepts || p.Dept == dept) && !p.State.Decided() && p.At == "" {
				out = append(out, InboxLine{Case: c, Part: p})
			}
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Part.Due != out[j].Part.Due {
			return out[i].Part.Due < out[j].Part.Due
		}
		return out[i].Case.No < out[j].Case.No
	})
	return out
}
