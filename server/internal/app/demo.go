package app

import (
	"context"
	"fmt"

	"onedoor/internal/queue"
	"onedoor/server/internal/store"
)

// DemoPIN is the PIN of every demo account.
const DemoPIN = "123456"

// seedDemo creates, where missing, comprehensive windows 1-6, pickup window 9 (for the
// unified pickup category), clerks demo1…demo6, the supervisor "super", the department
// officers scj1 (market regulation) and rsj1 (human resources and social security), and
// a fresh kiosk device token, which it returns.
func seedDemo(st *store.Store) (string, error) {
	ctx := context.Background()
	have := map[int]bool{}
	st.Read(func(h *queue.Hall) {
		for n := range h.Windows {
			have[n] = true
		}
	})
	for n := 1; n <= 6; n++ {
		if have[n] {
			continue
		}
		w := queue.Window{Number: n, Name: fmt.Sprintf("%d号窗口", n), NameEn: fmt.Sprintf("Window %d", n), Kind: queue.Comprehensive}
		if err := st.CreateWindow(ctx, w); err != nil {
			return "", err
		}
	}
	if !have[9] {
		pickup := queue.PickupCategory
		if _, ok := st.Catalog().Category(pickup); !ok {
			pickup = ""
		}
		w := queue.Window{Number: 9, Name: "9号窗口(统一出件)", NameEn: "Window 9 (pickup)", Kind: queue.Pickup}
		if pickup != "" {
			w.Categories = []string{pickup}
		}
		if err := st.CreateWindow(ctx, w); err != nil {
			return "", err
		}
	}
	for i := 1; i <= 6; i++ {
		if err := st.EnsureStaff(ctx, fmt.Sprintf("demo%d", i), fmt.Sprintf("示例窗口员%d", i), store.RoleClerk, DemoPIN); err != nil {
			return "", err
		}
	}
	if err := st.EnsureStaff(ctx, "super", "值班主任", store.RoleSupervisor, DemoPIN); err != nil {
		return "", err
	}
	// department officers behind the windows, where the catalog has the departments
	for _, o := range []struct {
		id, name string
		depts    []string
	}{{"scj1", "市场监管审批员", []string{"SCJGJ", "SCJGJ-LB"}}, {"rsj1", "人社审批员", []string{"RSJ", "RSJ-SB", "RSJ-SBK"}}} {
		if _, ok := st.Catalog().Department(o.depts[0]); !ok {
			continue
		}
		if err := st.EnsureOfficer(ctx, o.id, o.name, DemoPIN, o.depts); err != nil {
			return "", err
		}
	}
	return st.CreateDeviceToken(ctx, "kiosk-1")
}
