package printer

import (
	"fmt"
	"time"
)

// Ticket is what a queue ticket says. Only Number is required.
type Ticket struct {
	Center   string        // the service centre's name, printed at the top
	Number   string        // the ticket number, printed big: "A023"
	Item     string        // the matter applied for: "社保卡补办"
	Ahead    int           // people waiting before this ticket
	Wait     time.Duration // estimated wait (the low end of a range); 0 when unknown
	WaitMax  time.Duration // the high end of the quoted range; 0 quotes Wait alone
	NoWindow bool          // no open window serves the ticket now: no wait is quoted
	Issued   time.Time     // when the ticket was taken, printed in its own location
	TrackURL string        // the tracking page, printed as a QR code; empty for none
	Note     string        // a short hint, such as the materials to bring
}

// aheadLines returns the Chinese and English lines about the queue.
func (t Ticket) aheadLines() (zh, en string) {
	if t.Ahead <= 0 {
		zh, en = "前面没有人等候，请留意叫号", "You are next"
	} else {
		zh, en = fmt.Sprintf("前面还有 %d 人等候", t.Ahead), fmt.Sprintf("%d %s ahead of you", t.Ahead, plural(t.Ahead, "person", "people"))
	}
	switch {
	case t.NoWindow:
		zh += "，暂无窗口办理此类业务，请留意叫号"
		en += " · no window serves this now"
	case t.Wait > 0 && minutesUp(t.WaitMax) > minutesUp(t.Wait) && t.WaitMax < time.Hour:
		zh += "，" + fmt.Sprintf("预计等待约 %d–%d 分钟", minutesDown(t.Wait), minutesUp(t.WaitMax))
		en += " · " + fmt.Sprintf("about %d–%d min", minutesDown(t.Wait), minutesUp(t.WaitMax))
	case t.Wait > 0:
		zh += "，" + waitZH(t.Wait)
		en += " · " + waitEN(t.Wait)
	}
	return zh, en
}

func minutesDown(d time.Duration) int { return int(d / time.Minute) }

// waitZH formats an estimate in Chinese, rounded up to whole minutes.
func waitZH(d time.Duration) string {
	m := minutesUp(d)
	switch {
	case m < 60:
		return fmt.Sprintf("预计等待约 %d 分钟", m)
	case m%60 == 0:
		return fmt.Sprintf("预计等待约 %d 小时", m/60)
	default:
		return fmt.Sprintf("预计等待约 %d 小时 %d 分钟", m/60, m%60)
	}
}

func waitEN(d time.Duration) string {
	m := minutesUp(d)
	if m < 60 {
		return fmt.Sprintf("about %d min", m)
	}
	return fmt.Sprintf("about %d h %02d min", m/60, m%60)
}

func minutesUp(d time.Duration) int { return int((d + time.Minute - 1) / time.Minute) }

func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}
