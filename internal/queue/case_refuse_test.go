package queue

import (
	"strings"
	"testing"
)

// TestCaseActionsRefused: malformed or ill-fitting commands are refused with the code
// and a message that says why, and change nothing.
func TestCaseActionsRefused(t *testing.T) {
	for _, tc := range []struct {
		name  string
		state string
		pre   []CaseCmd // further steps before the command
		edit  func(c *CaseCmd)
		code  Code
		msg   string
	}{
		{"unknown action", "routed", nil, func(c *CaseCmd) { c.Action = "fly" }, Invalid, "unknown case action"},
		{"no staff", "routed", nil, func(c *CaseCmd) { c.Action, c.Staff = CaseClaim, "" }, Invalid, "staff"},
		{"a reason too long", "routed", nil, func(c *CaseCmd) { c.Action, c.Reason = CaseClaim, strings.Repeat("长", MaxReason+1) }, Invalid, "reason"},
		{"no such case", "routed", nil, func(c *CaseCmd) { c.Action, c.Case = CaseClaim, "nope" }, NotFound, "no open case"},
		{"another officer's sub-case", "claimed", nil, func(c *CaseCmd) { c.Action, c.Staff = CaseApprove, "officer9" }, Conflict, "held by officer officer1"},
		{"another officer transfers", "claimed", nil, func(c *CaseCmd) { *c = validCaseCmd(CaseTransfer, c.Case, ""); c.Staff = "officer9" }, Conflict, "held by"},
		{"reassign to the holder", "claimed", nil, func(c *CaseCmd) { c.Action, c.Officer = CaseReassign, "officer1" }, Conflict, "already held"},
		{"reassign to nobody", "claimed", nil, func(c *CaseCmd) { c.Action = CaseReassign }, Invalid, "officer"},
		{"approve with an unknown result", "claimed", nil, func(c *CaseCmd) { c.Action, c.Result = CaseApprove, "fax" }, Invalid, "result"},
		{"refuse without reasons", "claimed", nil, func(c *CaseCmd) { c.Action, c.Refusal = CaseRefuse, &Refusal{Basis: "x"} }, Invalid, "reasons"},
		{"refuse without a refusal", "claimed", nil, func(c *CaseCmd) { c.Action = CaseRefuse }, Invalid, "reasons"},
		{"refuse with a blank reason", "claimed", nil, func(c *CaseCmd) {
			c.Action, c.Refusal = CaseRefuse, &Refusal{Reasons: []string{"  "}, Basis: "x"}
		}, Invalid, "reason is required"},
		{"refuse without a basis", "claimed", nil, func(c *CaseCmd) {
			c.Action, c.Refusal = CaseRefuse, &Refusal{Reasons: []string{"不符合条件"}}
		}, Invalid, "legal basis"},
		{"refuse with a control character", "claimed", nil, func(c *CaseCmd) {
			c.Action, c.Refusal = CaseRefuse, &Refusal{Reasons: []string{"a\x1bb"}, Basis: "x"}
		}, Invalid, "control"},
		{"refuse with half a remedy", "claimed", nil, func(c *CaseCmd) {
			c.Action, c.Refusal = CaseRefuse, &Refusal{Reasons: []string{"r"}, Basis: "b", Remedy: Remedy{ReviewBody: "某区人民政府"}}
		}, Invalid, "remedy.court"},
		{"refuse with only a court", "claimed", nil, func(c *CaseCmd) {
			c.Action, c.Refusal = CaseRefuse, &Refusal{Reasons: []string{"r"}, Basis: "b", Remedy: Remedy{Court: "某法院"}}
		}, Invalid, "remedy.review_body"},
		{"supplement of nothing", "claimed", nil, func(c *CaseCmd) { c.Action = CaseSupplement }, Invalid, "lists the missing"},
		{"supplement of an unknown material", "claimed", nil, func(c *CaseCmd) {
			c.Action, c.Needed = CaseSupplement, []CaseMaterial{{Code: "m99"}}
		}, Invalid, "no material"},
		{"supplement of another item's material", "claimed", nil, func(c *CaseCmd) {
			c.Action, c.Needed = CaseSupplement, []CaseMaterial{{Item: "440199-H-001", Code: "m1"}}
		}, Invalid, "name the item"},
		{"supplement listing a material twice", "claimed", nil, func(c *CaseCmd) {
			c.Action, c.Needed = CaseSupplement, []CaseMaterial{{Code: "m1"}, {Code: "m1"}}
		}, Invalid, "twice"},
		{"a second supplement", "supplement", []CaseCmd{{Action: CaseSupply, Supplied: []CaseMaterial{{Code: "m1"}}}},
			func(c *CaseCmd) { c.Action, c.Needed = CaseSupplement, []CaseMaterial{{Code: "m2"}} }, Conflict, "一次性告知"},
		{"supply of part of the materials", "claimed", []CaseCmd{{Action: CaseSupplement, Needed: []CaseMaterial{{Code: "m1"}, {Code: "m2"}}}},
			func(c *CaseCmd) { c.Action, c.Supplied = CaseSupply, []CaseMaterial{{Code: "m2"}} }, Invalid, "still missing: 440199-F-001/m1"},
		{"supply of a material not asked for", "supplement", nil, func(c *CaseCmd) {
			c.Action, c.Supplied = CaseSupply, []CaseMaterial{{Code: "m1"}, {Code: "m3"}}
		}, Invalid, "not asked for"},
		{"transfer to an unknown department", "claimed", nil, func(c *CaseCmd) { c.Action, c.To, c.Reason = CaseTransfer, "XX", "r" }, Invalid, "no department"},
		{"transfer by the department's name", "claimed", nil, func(c *CaseCmd) {
			c.Action, c.To, c.Reason = CaseTransfer, "广州市示例区住房和城乡建设局", "r"
		}, Invalid, "no department"},
		{"transfer to its own department", "routed", nil, func(c *CaseCmd) { c.Action, c.To, c.Reason = CaseTransfer, deptBDC, "r" }, Invalid, "own department"},
		{"transfer without a reason", "routed", nil, func(c *CaseCmd) { c.Action, c.To = CaseTransfer, deptZJ }, Invalid, "reason"},
		{"suspend for no procedure", "claimed", nil, func(c *CaseCmd) { c.Action, c.Hold, c.Reason = CaseSuspend, "holiday", "r" }, Invalid, "special procedure"},
		{"suspend without a reason", "claimed", nil, func(c *CaseCmd) { c.Action, c.Hold = CaseSuspend, "hearing" }, Invalid, "reason"},
		{"proxy without a document", "ready", nil, func(c *CaseCmd) { c.Action, c.Authorised = CaseProxyPickup, true }, Invalid, "ID document"},
		{"proxy without the authorisation", "ready", nil, func(c *CaseCmd) { c.Action, c.Proxy = CaseProxyPickup, proxy() }, Invalid, "授权委托书"},
		{"proxy without a name", "ready", nil, func(c *CaseCmd) {
			p := proxy()
			p.Name = ""
			c.Action, c.Proxy, c.Authorised = CaseProxyPickup, p, true
		}, Invalid, "name"},
		{"proxy with a bad ID number", "ready", nil, func(c *CaseCmd) {
			p := proxy()
			p.IDNumber = "110105194912310021"
			c.Action, c.Proxy, c.Authorised = CaseProxyPickup, p, true
		}, Invalid, "id_number"},
		{"proxy that is an organisation", "ready", nil, func(c *CaseCmd) {
			c.Action, c.Proxy, c.Authorised = CaseProxyPickup, &Applicant{CardType: CardOrg, IDNumber: "x", Name: "某公司"}, true
		}, Invalid, "a person"},
		{"post without a tracking number", "ready", nil, func(c *CaseCmd) { c.Action = CasePost }, Invalid, "tracking"},
		{"post with a bad tracking number", "ready", nil, func(c *CaseCmd) { c.Action, c.Tracking = CasePost, "顺丰 123456" }, Invalid, "tracking"},
		{"pickup at window -1", "ready", nil, func(c *CaseCmd) { c.Action, c.Window = CasePickup, -1 }, Invalid, "window"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			h := newCaseHall(t, testCalendar(t))
			no, dept := setupCase(h, tc.state)
			for _, c := range tc.pre {
				c.Case, c.Dept = no, dept
				h.do(c)
			}
			cmd := CaseCmd{Case: no, Dept: dept, Staff: "officer1"}
			tc.edit(&cmd)
			before := caseJSON(t, h.Hall)
			evs, c, err := h.DecideCase(cmd, h.now)
			if ErrorCode(err) != tc.code || !strings.Contains(ErrorMessage(err), tc.msg) {
				t.Fatalf("%v (%s), want %s containing %q", err, ErrorCode(err), tc.code, tc.msg)
			}
			if evs != nil || c != nil || caseJSON(t, h.Hall) != before {
				t.Fatal("a refused action left events or changes")
			}
		})
	}
}

// TestRefusalTakesTheCatalogsRemedy: a refusal without remedy bodies gets the ones the
// catalog names (here the center's), and keeps its reasons and basis.
func TestRefusalTakesTheCatalogsRemedy(t *testing.T) {
	h := newCaseHall(t, nil)
	no, _ := setupCase(h, "claimed")
	evs := h.do(CaseCmd{Action: CaseRefuse, Case: no, Refusal: &Refusal{Reasons: []string{" 权属有争议 ", "材料虚假"}, Basis: "《不动产登记暂行条例》第二十二条"}})
	if len(evs) != 2 || evs[0].Type != CaseRefused || evs[1].Type != CaseReady {
		t.Fatalf("events %v", evs)
	}
	r := evs[0].Case.Parts[0].Refusal
	want := h.Catalog.Center.Remedy
	if r == nil || r.Remedy.ReviewBody != want.ReviewBody || r.Remedy.Court != want.Court || r.Reasons[0] != "权属有争议" || len(r.Reasons) != 2 {
		t.Fatalf("refusal %+v", r)
	}
}

// TestRouteNeedsDepartmentCodes: a catalog that gives the item's department no code
// cannot route its cases.
func TestRouteNeedsDepartmentCodes(t *testing.T) {
	h := newCaseHall(t, nil)
	c := sampleCatalog(t)
	c.Departments = nil
	h.Catalog = reparse(t, c)
	no := h.accept(plainItem)
	_, _, err := h.DecideCase(CaseCmd{Action: CaseRoute, Case: no, Staff: "router"}, h.now)
	if ErrorCode(err) != Invalid || !strings.Contains(err.Error(), "no department code") {
		t.Fatalf("route without codes: %v", err)
	}
}

// TestCatalogCaseRules: department codes and bundles are checked with the catalog.
func TestCatalogCaseRules(t *testing.T) {
	for _, tc := range []struct {
		name string
		edit func(c *Catalog)
		want string
	}{
		{"duplicate code", func(c *Catalog) { c.Departments[1].Code = c.Departments[0].Code }, "duplicate department code"},
		{"department named twice", func(c *Catalog) { c.Departments[1].NameZh = c.Departments[0].NameZh }, "listed twice"},
		{"item of an unlisted department", func(c *Catalog) { c.Departments = c.Departments[1:] }, "not in the catalog's departments"},
		{"bundle of one", func(c *Catalog) { c.Items[len(c.Items)-1].Bundle = []string{plainItem} }, "at least two"},
		{"bundle of an unknown item", func(c *Catalog) { c.Items[len(c.Items)-1].Bundle[1] = "nope" }, "unknown item"},
		{"bundle in a bundle", func(c *Catalog) { c.Items[len(c.Items)-1].Bundle[1] = bundleItem }, "is a bundle"},
		{"item twice in a bundle", func(c *Catalog) { c.Items[len(c.Items)-1].Bundle[1] = plainItem }, "listed twice"},
		{"bad code", func(c *Catalog) { c.Departments[0].Code = "a b" }, "printable ASCII"},
		{"department without a name", func(c *Catalog) { c.Departments = append(c.Departments, Department{Code: "NEW"}) }, "departments[14].name_zh: is required"},
		{"department English name too long", func(c *Catalog) { c.Departments[0].NameEn = strings.Repeat("x", 501) }, "departments[0].name_en: is longer"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := caseCatalog(t)
			tc.edit(c)
			if err := c.Validate(); err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("%v, want %q", err, tc.want)
			}
		})
	}
	if err := caseCatalog(t).Validate(); err != nil {
		t.Fatal(err)
	}
}
