package queue

import "fmt"

// FeeFree is the Fee of an item that is explicitly free of charge (不收费).
const FeeFree = "free"

// Ground is one reason an application may be refused (不予受理), with its legal basis.
type Ground struct {
	Code   string `json:"code"`
	TextZh string `json:"text_zh"`
	TextEn string `json:"text_en,omitempty"`
	Basis  string `json:"basis"` // the law and article, e.g. 《中华人民共和国行政许可法》第三十二条第一款第(二)项
}

// Remedy names the bodies a refused applicant may turn to: the administrative review
// body (复议机关, within 60 days) and the people's court (人民法院, within six months).
// Department is the department it is for; empty for the center's own.
type Remedy struct {
	Department string `json:"department,omitempty"`
	ReviewBody string `json:"review_body"`
	Court      string `json:"court"`
}

// Ground returns the item's ground with the given code.
func (it *Item) Ground(code string) (Ground, bool) {
	for _, g := range it.Grounds {
		if g.Code == code {
			return g, true
		}
	}
	return Ground{}, false
}

// RemedyFor returns the remedy bodies for an item: its department's, else the center's;
// false when the catalog names none.
func (c *Catalog) RemedyFor(it *Item) (Remedy, bool) {
	for _, r := range c.Remedies {
		if r.Department == it.Department {
			return r, true
		}
	}
	if c.Center.Remedy != nil {
		return *c.Center.Remedy, true
	}
	return Remedy{}, false
}

// SupplementDaysFor returns the 补正期限 of an item in working days: its own, else the
// center's; 0 when the catalog gives none.
func (c *Catalog) SupplementDaysFor(it *Item) int {
	if it.SupplementDays > 0 {
		return it.SupplementDays
	}
	return c.Center.SupplementDays
}

// acceptanceRules checks what the catalog says about acceptance: deadlines, 容缺
// materials, grounds for refusal and remedy bodies.
func (v *validator) acceptanceRules(c *Catalog) {
	if c.Center.SupplementDays < 0 || c.Center.SupplementDays > maxDays {
		v.add("center.supplement_days", "must be 0 to %d", maxDays)
	}
	if c.Center.Remedy != nil {
		v.remedy("center.remedy", *c.Center.Remedy)
	}
	depts := map[string]bool{}
	for i, r := range c.Remedies {
		p := fmt.Sprintf("remedies[%d]", i)
		v.text(p+".department", r.Department, true)
		if depts[r.Department] {
			v.add(p+".department", "department %q is listed twice", r.Department)
		}
		depts[r.Department] = true
		v.remedy(p, r)
	}
	for i := range c.Items {
		it := &c.Items[i]
		p := fmt.Sprintf("items[%d]", i)
		if it.SupplementDays < 0 || it.SupplementDays > maxDays {
			v.add(p+".supplement_days", "must be 0 to %d", maxDays)
		}
		v.text(p+".fee", it.Fee, false)
		for j, m := range it.Materials {
			switch {
			case m.FollowDays < 0 || m.FollowDays > maxDays:
				v.add(fmt.Sprintf("%s.materials[%d].follow_days", p, j), "must be 0 to %d", maxDays)
			case m.FollowDays > 0 && !m.Required:
				v.add(fmt.Sprintf("%s.materials[%d].follow_days", p, j), "only a required material may follow (容缺)")
			}
		}
		codes := map[string]bool{}
		for j, g := range it.Grounds {
			q := fmt.Sprintf("%s.grounds[%d]", p, j)
			v.code(q+".code", g.Code)
			if codes[g.Code] {
				v.add(q+".code", "duplicate ground code %q", g.Code)
			}
			codes[g.Code] = true
			v.text(q+".text_zh", g.TextZh, true)
			v.text(q+".text_en", g.TextEn, false)
			v.text(q+".basis", g.Basis, true)
		}
	}
}

func (v *validator) remedy(p string, r Remedy) {
	v.text(p+".review_body", r.ReviewBody, true)
	v.text(p+".court", r.Court, true)
}
