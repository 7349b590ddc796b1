package wire

import (
	"time"

	"onedoor/internal/queue"
)

// Waits is what a citizen deciding whether to come may know (GET /api/v1/waits, public,
// for the center's page and for other apps): per category, how many wait and the wait
// predicted for a ticket taken now; the hours and the hall's notice. Nothing personal.
type Waits struct {
	Center     string         `json:"center"`
	CenterName string         `json:"center_name"`
	NameEn     string         `json:"center_name_en,omitempty"`
	Day        string         `json:"day"`
	Seq        uint64         `json:"seq"` // the last event the answer reflects
	At         time.Time      `json:"at"`  // when it was computed
	Hours      *queue.Hours   `json:"hours,omitempty"`
	Notice     string         `json:"notice,omitempty"`
	Categories []CategoryWait `json:"categories"`
}

// CategoryWait is one category's line of Waits.
type CategoryWait struct {
	Code    string `json:"code"`
	Prefix  string `json:"prefix"`
	Name    string `json:"name"`
	NameEn  string `json:"name_en"`
	Waiting int    `json:"waiting"`
	// WaitMinS and WaitMaxS are the range a ticket taken now is quoted.
	WaitMinS int  `json:"wait_min_s"`
	WaitMaxS int  `json:"wait_max_s"`
	NoWindow bool `json:"no_window,omitempty"`
	Paused   bool `json:"paused,omitempty"`
}
