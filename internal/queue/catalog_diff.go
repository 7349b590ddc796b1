package queue

import (
	"encoding/json"
	"reflect"
	"sort"
)

// CatalogDiff is what changed from one catalog version to another: the codes of the
// categories, items, materials and priority groups added and removed, and those kept
// under the same code whose content changed (with the fields that did).
type CatalogDiff struct {
	From           int          `json:"from"`
	To             int          `json:"to"`
	Categories     DiffSet      `json:"categories"`
	Items          DiffSet      `json:"items"`
	Materials      DiffSet      `json:"materials"` // keyed "item/material name"
	PriorityGroups DiffSet      `json:"priority_groups"`
	Center         []FieldDelta `json:"center,omitempty"`
}

// DiffSet lists what was added, removed and changed in one part of the catalog.
type DiffSet struct {
	Added   []string      `json:"added"`
	Removed []string      `json:"removed"`
	Changed []ChangedPart `json:"changed"`
	// Names are the Chinese names of the keys listed, from the version that has them.
	Names map[string]string `json:"names,omitempty"`
}

// ChangedPart is one part kept under its key whose fields changed.
type ChangedPart struct {
	Key    string       `json:"key"`
	Fields []FieldDelta `json:"fields"`
}

// FieldDelta is one field's value before and after (as JSON).
type FieldDelta struct {
	Field string          `json:"field"`
	From  json.RawMessage `json:"from"`
	To    json.RawMessage `json:"to"`
}

// DiffCatalogs compares two catalogs. Materials are matched by their Chinese name
// within an item, since their codes (m1, m2, …) are their order.
func DiffCatalogs(a, b *Catalog) CatalogDiff {
	var d CatalogDiff
	d.Categories = diffBy(a.Categories, b.Categories, func(c Category) string { return c.Code })
	d.Categories.Names = names(a.Categories, b.Categories, func(c Category) (string, string) { return c.Code, c.NameZh })
	d.PriorityGroups = diffBy(a.PriorityGroups, b.PriorityGroups, func(g PriorityGroup) string { return g.Code })
	d.PriorityGroups.Names = names(a.PriorityGroups, b.PriorityGroups, func(g PriorityGroup) (string, string) { return g.Code, g.NameZh })
	strip := func(items []Item) []Item {
		out := make([]Item, len(items))
		for i, it := range items {
			it.Materials = nil
			out[i] = it
		}
		return out
	}
	d.Items = diffBy(strip(a.Items), strip(b.Items), func(it Item) string { return it.Code })
	d.Items.Names = names(a.Items, b.Items, func(it Item) (string, string) { return it.Code, it.NameZh })
	// The materials of an item added or removed come with the item.
	whole := map[string]bool{}
	for _, code := range append(append([]string(nil), d.Items.Added...), d.Items.Removed...) {
		whole[code] = true
	}
	d.Materials = diffBy(materialsOf(a, whole), materialsOf(b, whole), func(m keyedMaterial) string { return m.key })
	d.Center = fieldDeltas(a.Center, b.Center)
	return d
}

// keyedMaterial is a material with its item's code and its own name as its key.
type keyedMaterial struct {
	key string
	Material
}

func materialsOf(c *Catalog, skip map[string]bool) []keyedMaterial {
	var out []keyedMaterial
	for _, it := range c.Items {
		if skip[it.Code] {
			continue
		}
		for _, m := range it.Materials {
			out = append(out, keyedMaterial{it.Code + "/" + m.NameZh, m})
		}
	}
	return out
}

// names maps the keys of both lists to their names.
func names[T any](a, b []T, name func(T) (string, string)) map[string]string {
	out := make(map[string]string, len(a)+len(b))
	for _, list := range [][]T{a, b} {
		for _, x := range list {
			k, v := name(x)
			out[k] = v
		}
	}
	return out
}

// diffBy compares two lists of parts by key, in the order of the lists.
func diffBy[T any](a, b []T, key func(T) string) DiffSet {
	s := DiffSet{Added: []string{}, Removed: []string{}, Changed: []ChangedPart{}}
	old := make(map[string]T, len(a))
	for _, x := range a {
		old[key(x)] = x
	}
	seen := make(map[string]bool, len(b))
	for _, y := range b {
		k := key(y)
		seen[k] = true
		x, ok := old[k]
		switch {
		case !ok:
			s.Added = append(s.Added, k)
		case !reflect.DeepEqual(x, y):
			s.Changed = append(s.Changed, ChangedPart{Key: k, Fields: fieldDeltas(x, y)})
		}
	}
	for _, x := range a {
		if !seen[key(x)] {
			s.Removed = append(s.Removed, key(x))
		}
	}
	return s
}

// fieldDeltas lists the JSON fields of two values of one struct type that differ.
func fieldDeltas(x, y any) []FieldDelta {
	var mx, my map[string]json.RawMessage
	bx, _ := json.Marshal(x)
	by, _ := json.Marshal(y)
	_ = json.Unmarshal(bx, &mx)
	_ = json.Unmarshal(by, &my)
	keys := make([]string, 0, len(mx)+len(my))
	for k := range mx {
		keys = append(keys, k)
	}
	for k := range my {
		if _, ok := mx[k]; !ok {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var out []FieldDelta
	for _, k := range keys {
		if string(mx[k]) != string(my[k]) {
			out = append(out, FieldDelta{Field: k, From: orNull(mx[k]), To: orNull(my[k])})
		}
	}
	return out
}

func orNull(v json.RawMessage) json.RawMessage {
	if len(v) == 0 {
		return json.RawMessage("null")
	}
	return v
}
