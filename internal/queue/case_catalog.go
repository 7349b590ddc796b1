package queue

import "fmt"

// Department is a department that decides cases behind the windows (后台分类审批). Items
// name it by NameZh; cases, officers and tokens by Code.
type Department struct {
	Code   string `json:"code"`
	NameZh string `json:"name_zh"`
	NameEn string `json:"name_en,omitempty"`
	// Center is the code (at the city tier) of the center the department sits at, when
	// that is another center than the catalog's (跨层级、异地通办): its sub-cases are
	// relayed there through the city tier (see RelayMsg). "" is this center.
	Center string `json:"center,omitempty"`
}

// Department returns the department with the given code or Chinese name.
func (c *Catalog) Department(codeOrName string) (*Department, bool) {
	c.index()
	d, ok := c.depts[codeOrName]
	return d, ok
}

// caseRules checks what the catalog says about cases: department codes unique and
// named once, every item's department among them when the catalog lists any, bundles
// made of at least two plain items of the catalog.
func (v *validator) caseRules(c *Catalog) {
	codes, names := map[string]bool{}, map[string]bool{}
	for i, d := range c.Departments {
		p := fmt.Sprintf("departments[%d]", i)
		v.code(p+".code", d.Code)
		v.text(p+".name_zh", d.NameZh, true)
		v.text(p+".name_en", d.NameEn, false)
		if d.Center != "" {
			v.code(p+".center", d.Center)
		}
		if codes[d.Code] {
			v.add(p+".code", "duplicate department code %q", d.Code)
		}
		if names[d.NameZh] {
			v.add(p+".name_zh", "department %q is listed twice", d.NameZh)
		}
		codes[d.Code], names[d.NameZh] = true, true
	}
	items := make(map[string]*Item, len(c.Items))
	for i := range c.Items {
		items[c.Items[i].Code] = &c.Items[i]
	}
	for i := range c.Items {
		it := &c.Items[i]
		p := fmt.Sprintf("items[%d]", i)
		if len(c.Departments) > 0 && !names[it.Department] {
			v.add(p+".department", "department %q is not in the catalog's departments", it.Department)
		}
		v.bundle(p, it, items)
	}
}

// bundle checks a "one thing" item's bundle: two or more distinct items, none a bundle
// itself.
func (v *validator) bundle(p string, it *Item, items map[string]*Item) {
	if it.Bundle == nil {
		return
	}
	if len(it.Bundle) < 2 {
		v.add(p+".bundle", "a bundle needs at least two items")
	}
	seen := map[string]bool{}
	for j, code := range it.Bundle {
		q := fmt.Sprintf("%s.bundle[%d]", p, j)
		m, ok := items[code]
		switch {
		case !ok:
			v.add(q, "unknown item %q", code)
		case code == it.Code || len(m.Bundle) > 0:
			v.add(q, "item %q is a bundle: bundles are made of plain items", code)
		case seen[code]:
			v.add(q, "item %q is listed twice", code)
		}
		seen[code] = true
	}
}
