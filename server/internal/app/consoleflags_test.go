package app

import (
	"io"
	"testing"
	"time"
)

func TestConsoleFlags(t *testing.T) {
	for _, tc := range []struct {
		args []string
		ok   bool
	}{
		{nil, true},
		{[]string{"-workorder-callback-days", "2", "-workorder-resolve-days", "10", "-default-rating-level", "0"}, true},
		{[]string{"-workorder-callback-days", "0"}, false},
		{[]string{"-workorder-callback-days", "5", "-workorder-resolve-days", "3"}, false},
		{[]string{"-default-rating-level", "6"}, false},
		{[]string{"-default-rating-days", "0"}, false},
		{[]string{"-alarm-wait", "20m", "-alarm-category-wait", "SSDJ=10m,BDCDJ=1h", "-alarm-pause", "5m"}, true},
		{[]string{"-alarm-category-wait", "SSDJ"}, false},
		{[]string{"-alarm-category-wait", "SSDJ=soon"}, false},
	} {
		c, err := ParseFlags(tc.args, io.Discard)
		if (err == nil) != tc.ok {
			t.Errorf("%v: %v", tc.args, err)
		}
		if tc.args == nil && (c.Policy.WorkOrders.CallbackDays != 1 || c.Policy.WorkOrders.ResolveDays != 15 ||
			c.Policy.WorkOrders.DefaultLevel != 3 || c.Policy.WorkOrders.DefaultAfterDays != 7 || c.Policy.AutoPause.Seconds() != 10) {
			t.Errorf("defaults %+v", c.Policy)
		}
	}
	c, err := ParseFlags([]string{"-alarm-category-wait", "SSDJ=10m,BDCDJ=1h", "-alarm-crowd-waiting", "30"}, io.Discard)
	if err != nil || c.Policy.Alarms.CategoryWait["BDCDJ"] != time.Hour || c.Policy.Alarms.CategoryWait["SSDJ"] != 10*time.Minute ||
		c.Policy.Alarms.CrowdWaiting != 30 || c.Policy.Alarms.Wait != 30*time.Minute {
		t.Fatalf("alarm flags: %+v %v", c.Policy.Alarms, err)
	}
}
