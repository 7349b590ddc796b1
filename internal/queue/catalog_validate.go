package queue

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// Limits on catalog values: generous for real catalogs, tight enough to refuse garbage.
const (
	maxCatalogText = 500  // characters in a name or note
	maxDays        = 3650 // ten years of working days
	maxCopies      = 99
	maxFaults      = 20 // faults listed before Validate stops looking
)

// Validate checks the catalog and returns every fault it finds (up to 20), each with the
// exact path of the value, such as `items[3].materials[1].form`.
func (c *Catalog) Validate() error {
	v := &validator{}
	v.center(&c.Center)
	cats := v.categories(c.Categories)
	v.items(c.Items, cats)
	v.priorityGroups(c.PriorityGroups)
	v.ratingScale(c.RatingScale)
	v.acceptanceRules(c)
	v.deskReasons(c.DeskReasons)
	v.caseRules(c)
	return v.err()
}

// categories checks the categories and returns their codes.
func (v *validator) categories(list []Category) map[string]bool {
	cats := map[string]bool{}
	prefixes := map[string]string{}
	if len(list) == 0 {
		v.add("categories", "at least one category is needed")
	}
	for i, cat := range list {
		p := fmt.Sprintf("categories[%d]", i)
		v.code(p+".code", cat.Code)
		if cats[cat.Code] {
			v.add(p+".code", "duplicate category code %q", cat.Code)
		}
		cats[cat.Code] = true
		if len(cat.PrefixLetter) != 1 || cat.PrefixLetter[0] < 'A' || cat.PrefixLetter[0] > 'Z' {
			v.add(p+".prefix_letter", "must be one upper-case letter A-Z, got %q", cat.PrefixLetter)
		} else if other, dup := prefixes[cat.PrefixLetter]; dup {
			v.add(p+".prefix_letter", "letter %s is already used by category %s", cat.PrefixLetter, other)
		} else {
			prefixes[cat.PrefixLetter] = cat.Code
		}
		v.text(p+".name_zh", cat.NameZh, true)
		v.text(p+".name_en", cat.NameEn, true)
	}
	return cats
}

// items checks the items against the categories cats.
func (v *validator) items(list []Item, cats map[string]bool) {
	if len(list) == 0 {
		v.add("items", "at least one item is needed")
	}
	codes := map[string]bool{}
	for i := range list {
		it := &list[i]
		p := fmt.Sprintf("items[%d]", i)
		v.code(p+".code", it.Code)
		if codes[it.Code] {
			v.add(p+".code", "duplicate item code %q", it.Code)
		}
		codes[it.Code] = true
		v.text(p+".name_zh", it.NameZh, true)
		v.text(p+".name_en", it.NameEn, true)
		v.capacity(p+".capacity", it.Capacity)
		v.text(p+".department", it.Department, true)
		v.text(p+".department_en", it.DepartmentEn, false)
		if !cats[it.Category] {
			v.add(p+".category", "unknown category %q", it.Category)
		}
		v.days(p, it)
		v.text(p+".legal_basis", it.LegalBasis, false)
		v.text(p+".fee", it.Fee, false)
		v.materials(p, it.Materials)
	}
}

// days checks an item's legal and promised time limits.
func (v *validator) days(p string, it *Item) {
	if it.LegalDays != nil && (*it.LegalDays < 0 || *it.LegalDays > maxDays) {
		v.add(p+".legal_days", "must be between 0 and %d, got %d", maxDays, *it.LegalDays)
	}
	if it.PromisedDays < 0 || it.PromisedDays > maxDays {
		v.add(p+".promised_days", "must be between 0 and %d, got %d", maxDays, it.PromisedDays)
	} else if it.LegalDays != nil && it.PromisedDays > *it.LegalDays {
		v.add(p+".promised_days", "promised %d days exceed the legal %d", it.PromisedDays, *it.LegalDays)
	}
	if it.Immediate && it.PromisedDays != 0 && it.LegalDays != nil && *it.LegalDays == 0 {
		v.add(p+".promised_days", "an on-the-spot item with legal_days 0 cannot promise days")
	}
}

// materials checks the checklist of the item at path p.
func (v *validator) materials(p string, list []Material) {
	if len(list) == 0 {
		v.add(p+".materials", "at least one material is needed")
	}
	codes := map[string]bool{}
	for j, m := range list {
		mp := fmt.Sprintf("%s.materials[%d]", p, j)
		v.code(mp+".code", m.Code)
		if codes[m.Code] {
			v.add(mp+".code", "duplicate material code %q", m.Code)
		}
		codes[m.Code] = true
		v.text(mp+".name_zh", m.NameZh, true)
		v.text(mp+".name_en", m.NameEn, false)
		v.text(mp+".note", m.Note, false)
		v.text(mp+".note_en", m.NoteEn, false)
		if m.NoteEn != "" && m.Note == "" {
			v.add(mp+".note_en", "an English note needs the Chinese note it translates")
		}
		switch m.Form {
		case FormOriginal, FormCopy, FormOriginalAndCopy, FormElectronic:
		default:
			v.add(mp+".form", "must be original, copy, original_and_copy or electronic, got %q", m.Form)
		}
		if m.Copies < 0 || m.Copies > maxCopies {
			v.add(mp+".copies", "must be between 0 and %d, got %d", maxCopies, m.Copies)
		}
	}
}

// priorityGroups checks the priority groups; "normal" is reserved.
func (v *validator) priorityGroups(list []PriorityGroup) {
	groups := map[string]bool{PriorityNormal: true}
	for i, g := range list {
		p := fmt.Sprintf("priority_groups[%d]", i)
		v.code(p+".code", g.Code)
		if groups[g.Code] {
			v.add(p+".code", "duplicate or reserved priority group code %q", g.Code)
		}
		groups[g.Code] = true
		v.text(p+".name_zh", g.NameZh, true)
		v.text(p+".name_en", g.NameEn, true)
		if g.Weight < 1 || g.Weight > 1000 {
			v.add(p+".weight", "must be between 1 and 1000, got %d", g.Weight)
		}
	}
}

// ratingScale checks the satisfaction levels.
func (v *validator) ratingScale(list []Rating) {
	levels := map[int]bool{}
	for i, r := range list {
		p := fmt.Sprintf("rating_scale[%d]", i)
		if r.Level < 1 || r.Level > 5 || levels[r.Level] {
			v.add(p+".level", "must be a unique level from 1 to 5, got %d", r.Level)
		}
		levels[r.Level] = true
		v.code(p+".code", r.Code)
		v.text(p+".name_zh", r.NameZh, true)
		switch r.Class {
		case "good", "neutral", "bad":
		default:
			v.add(p+".class", "must be good, neutral or bad, got %q", r.Class)
		}
	}
}

type validator struct {
	faults []error
}

func (v *validator) add(path, format string, args ...any) {
	if len(v.faults) < maxFaults {
		v.faults = append(v.faults, fmt.Errorf("%s: %s", path, fmt.Sprintf(format, args...)))
	}
}

func (v *validator) text(path, s string, required bool) {
	switch {
	case required && s == "":
		v.add(path, "is required")
	case !utf8.ValidString(s):
		v.add(path, "is not valid UTF-8")
	case utf8.RuneCountInString(s) > maxCatalogText:
		v.add(path, "is longer than %d characters", maxCatalogText)
	}
}

// code checks an identifier: 1-64 printable ASCII characters without spaces.
func (v *validator) code(path, s string) {
	if s == "" {
		v.add(path, "is required")
		return
	}
	if len(s) > 64 {
		v.add(path, "is longer than 64 characters")
		return
	}
	for i := 0; i < len(s); i++ {
		if s[i] <= ' ' || s[i] > '~' {
			v.add(path, "must be printable ASCII without spaces, got %q", s)
			return
		}
	}
}

func (v *validator) center(c *Center) {
	v.text("center.name", c.Name, true)
	v.text("center.name_en", c.NameEn, false)
	v.code("center.code", c.Code)
	switch c.Level {
	case "city", "district", "street", "community":
	default:
		v.add("center.level", "must be city, district, street or community, got %q", c.Level)
	}
	v.hours(c.Hours)
}

func (v *validator) err() error {
	if len(v.faults) == 0 {
		return nil
	}
	return fmt.Errorf("catalog is invalid: %w", errors.Join(v.faults...))
}
