package queue

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Catalog is the list of service items a center offers, grouped in categories, with the
// priority groups it honours and the rating scale citizens use.
type Catalog struct {
	Meta           json.RawMessage `json:"meta,omitempty"`
	Center         Center          `json:"center"`
	Categories     []Category      `json:"categories"`
	Items          []Item          `json:"items"`
	PriorityGroups []PriorityGroup `json:"priority_groups"`
	RatingScale    []Rating        `json:"rating_scale"`
	// Remedies names the 复议机关 and 人民法院 of the departments that have their own;
	// the others use the center's (Center.Remedy).
	Remedies []Remedy `json:"remedies,omitempty"`
	// DeskReasons is the pick list of reasons for no-show, transfer, out-of-order call,
	// reinstate and close (free text may go with them).
	DeskReasons []DeskReason `json:"desk_reasons,omitempty"`
	// Departments gives each department that decides cases (后台审批) its code; an item's
	// department is one of their names.
	Departments []Department `json:"departments,omitempty"`

	items  map[string]*Item
	cats   map[string]*Category
	groups map[string]*PriorityGroup
	depts  map[string]*Department // by code and by name
}

// Center describes the hall itself.
type Center struct {
	Name     string `json:"name"`
	NameEn   string `json:"name_en,omitempty"` // shown in English mode when present
	Level    string `json:"level"`
	Code     string `json:"code"`
	TimeZone string `json:"time_zone,omitempty"`
	// Remedy is where a refused applicant may seek review or sue, unless the item's
	// department has its own in Catalog.Remedies.
	Remedy *Remedy `json:"remedy,omitempty"`
	// SupplementDays is the 补正期限 in working days for items that give none.
	SupplementDays int `json:"supplement_days,omitempty"`
	// Hours are the opening hours and planned breaks; nil: not known.
	Hours *Hours `json:"hours,omitempty"`
}

// Category groups items under one ticket prefix letter.
type Category struct {
	Code         string `json:"code"`
	PrefixLetter string `json:"prefix_letter"`
	NameZh       string `json:"name_zh"`
	NameEn       string `json:"name_en"`
}

// Item is one service (事项) with its standard checklist.
type Item struct {
	Code         string `json:"code"`
	NameZh       string `json:"name_zh"`
	NameEn       string `json:"name_en"`
	Department   string `json:"department"`
	DepartmentEn string `json:"department_en,omitempty"` // shown in English mode when present
	Category     string `json:"category"`
	Level        string `json:"level"`
	Immediate    bool   `json:"immediate"`
	LegalDays    *int   `json:"legal_days"`
	PromisedDays int    `json:"promised_days"`
	NaturalDays  bool   `json:"natural_days,omitempty"`
	NeedsID      bool   `json:"needs_id,omitempty"`
	LegalBasis   string `json:"legal_basis,omitempty"`
	// Fee is what the item costs: an amount in words ("工本费20元") or FeeFree; empty:
	// not known, and no document prints a fee line.
	Fee       string     `json:"fee,omitempty"`
	Materials []Material `json:"materials"`
	// SupplementDays is the 补正期限: working days the applicant has to supplement.
	SupplementDays int `json:"supplement_days,omitempty"`
	// Grounds are the reasons, each with its legal basis, an application for the item
	// may be refused on (不予受理).
	Grounds []Ground `json:"grounds,omitempty"`
	// Capacity limits the day's tickets of the item; nil: none.
	Capacity *Capacity `json:"capacity,omitempty"`
	// Bundle, for a "one thing" item (一件事), lists the items of several departments it
	// bundles: one acceptance, one case, one sub-case per department.
	Bundle []string `json:"bundle,omitempty"`
}

// Material is one line of an item's checklist.
type Material struct {
	Code     string `json:"code,omitempty"`
	NameZh   string `json:"name_zh"`
	NameEn   string `json:"name_en"`
	Form     string `json:"form"`
	Copies   int    `json:"copies"`
	Required bool   `json:"required"`
	Note     string `json:"note"`
	NoteEn   string `json:"note_en,omitempty"` // shown in English mode when present
	// FollowDays, for a required material, allows 容缺受理: the application may be
	// accepted without it, and it follows within this many working days.
	FollowDays int `json:"follow_days,omitempty"`
}

// PriorityGroup is a class of citizens served ahead of the others; a larger weight goes first.
type PriorityGroup struct {
	Code    string `json:"code"`
	NameZh  string `json:"name_zh"`
	NameEn  string `json:"name_en"`
	ProofZh string `json:"proof_zh,omitempty"`
	Basis   string `json:"basis,omitempty"`
	Weight  int    `json:"weight"`
}

// Rating is one level of the five-level 好差评 scale.
type Rating struct {
	Level                 int    `json:"level"`
	Code                  string `json:"code"`
	NameZh                string `json:"name_zh"`
	NameEn                string `json:"name_en"`
	Stars                 int    `json:"stars"`
	Score                 int    `json:"score"`
	Class                 string `json:"class"`
	RequiresRectification bool   `json:"requires_rectification"`
}

// The material forms a checklist line may take.
const (
	FormOriginal        = "original"
	FormCopy            = "copy"
	FormOriginalAndCopy = "original_and_copy"
	FormElectronic      = "electronic"
)

// PriorityNormal is the priority of a ticket that belongs to no priority group.
const PriorityNormal = "normal"

// catalogMeta is the part of the free-form meta block the domain reads.
type catalogMeta struct {
	NaturalDayItems []string          `json:"natural_day_items"`
	LegalBasis      map[string]string `json:"legal_basis"`
	Fees            map[string]string `json:"fees"`
}

// PickupCategory is the code of the result-pickup category (统一出件) in a catalog: the
// demo server gives it window 9, the kiosk a tile of its own.
const PickupCategory = "TYCJ"

// ParseServedCatalog decodes a catalog as the server serves it (already parsed, its
// meta applied) and validates it. Unknown fields are allowed: a newer server may add
// some.
func ParseServedCatalog(data []byte) (*Catalog, error) {
	var c Catalog
	if err := json.Unmarshal(data, &c); err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// ParseCatalog decodes a catalog, refusing unknown fields and trailing data, fills in
// what the meta block says about items (calendar-day limits, legal basis, fees) and the
// material codes left empty (m1, m2, … within an item), and validates the result.
func ParseCatalog(data []byte) (*Catalog, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var c Catalog
	if err := dec.Decode(&c); err != nil {
		return nil, fmt.Errorf("catalog: %w", err)
	}
	if dec.More() {
		return nil, fmt.Errorf("catalog: trailing data after the catalog object")
	}
	if len(c.Meta) > 0 && !bytes.Equal(bytes.TrimSpace(c.Meta), []byte("null")) {
		var m catalogMeta
		if err := json.Unmarshal(c.Meta, &m); err != nil {
			return nil, fmt.Errorf("catalog: meta: %w", err)
		}
		natural := make(map[string]bool, len(m.NaturalDayItems))
		for _, code := range m.NaturalDayItems {
			natural[code] = true
		}
		for i := range c.Items {
			it := &c.Items[i]
			if natural[it.Code] {
				it.NaturalDays = true
			}
			if it.LegalBasis == "" {
				it.LegalBasis = m.LegalBasis[it.Code]
			}
			if it.Fee == "" {
				it.Fee = m.Fees[it.Code]
			}
		}
	}
	for i := range c.Items {
		for j := range c.Items[i].Materials {
			if c.Items[i].Materials[j].Code == "" {
				c.Items[i].Materials[j].Code = fmt.Sprintf("m%d", j+1)
			}
		}
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return &c, nil
}

// Item returns the item with the given code.
func (c *Catalog) Item(code string) (*Item, bool) {
	c.index()
	it, ok := c.items[code]
	return it, ok
}

// Category returns the category with the given code or prefix letter.
func (c *Catalog) Category(codeOrPrefix string) (*Category, bool) {
	c.index()
	cat, ok := c.cats[codeOrPrefix]
	return cat, ok
}

// Group returns the priority group with the given code.
func (c *Catalog) Group(code string) (*PriorityGroup, bool) {
	c.index()
	g, ok := c.groups[code]
	return g, ok
}

// index builds the lookup maps once; Validate has made the keys unique.
func (c *Catalog) index() {
	if c.items != nil {
		return
	}
	c.items = make(map[string]*Item, len(c.Items))
	for i := range c.Items {
		c.items[c.Items[i].Code] = &c.Items[i]
	}
	c.cats = make(map[string]*Category, 2*len(c.Categories))
	for i := range c.Categories {
		c.cats[c.Categories[i].Code] = &c.Categories[i]
		c.cats[c.Categories[i].PrefixLetter] = &c.Categories[i]
	}
	c.groups = make(map[string]*PriorityGroup, len(c.PriorityGroups))
	for i := range c.PriorityGroups {
		c.groups[c.PriorityGroups[i].Code] = &c.PriorityGroups[i]
	}
	c.depts = make(map[string]*Department, 2*len(c.Departments))
	for i := range c.Departments {
		c.depts[c.Departments[i].NameZh] = &c.Departments[i]
		c.depts[c.Departments[i].Code] = &c.Departments[i]
	}
}

// MaterialCodes returns the set of material codes of an item.
func (it *Item) MaterialCodes() map[string]bool {
	m := make(map[string]bool, len(it.Materials))
	for _, mat := range it.Materials {
		m[mat.Code] = true
	}
	return m
}
