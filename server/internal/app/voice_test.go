package app

import (
	"context"
	"fmt"
	"slices"
	"testing"
	"time"

	"onedoor/display/browsertest"
	"onedoor/internal/client"
	"onedoor/internal/wire"
)

// The board's voice with its real audio: headless Chromium decodes the clips and plays
// them through Web Audio, and the board's playback log ({clip, number, start, end, dur})
// is what these tests measure. make test-voice runs them.

// voiceEntry is one clip of the board's playback log (voice.js): times in ms of the
// page's performance.now(), start as scheduled and end when the clip really ended.
type voiceEntry struct {
	Clip    string  `json:"clip"`
	Number  string  `json:"number"`
	Win     int     `json:"win"`
	Voice   string  `json:"voice"`
	Saying  int     `json:"saying"`
	Arrived float64 `json:"arrived"`
	Start   float64 `json:"start"`
	End     float64 `json:"end"`
	Dur     float64 `json:"dur"`
	At      float64 `json:"at"` // the start on the page's audio clock
	OK      bool    `json:"ok"`
}

// saying is one saying of one call: the clips in a row with the same number and saying.
type saying struct {
	number  string
	n       int // 0 for the announcement itself, 1… for its repeats
	arrived float64
	start   float64 // the first clip's start
	end     float64 // when the last clip really ended
	at      float64 // the first clip's start on the audio clock
	atEnd   float64 // the last clip's scheduled end on the audio clock
	clips   []voiceEntry
}

// sayings groups the log into sayings, in the order spoken.
func sayings(log []voiceEntry) []saying {
	var out []saying
	for _, e := range log {
		if len(out) == 0 || out[len(out)-1].number != e.Number || out[len(out)-1].n != e.Saying {
			out = append(out, saying{number: e.Number, n: e.Saying, arrived: e.Arrived, start: e.Start, at: e.At})
		}
		s := &out[len(out)-1]
		s.clips = append(s.clips, e)
		s.end = max(s.end, e.End)
		s.atEnd = e.At + e.Dur
	}
	return out
}

// checkWhole fails the test unless every clip of s was played, and played to its end:
// a clip that could not be loaded or was cut shows a short or missing end.
func checkWhole(t *testing.T, s saying) {
	t.Helper()
	for _, c := range s.clips {
		if !c.OK || c.End == 0 || c.Dur < 50 || c.End-c.Start < 0.9*c.Dur {
			t.Errorf("%s (saying %d): clip %s not played whole: ok %v, %.0f ms of %.0f", s.number, s.n, c.Clip, c.OK, c.End-c.Start, c.Dur)
		}
	}
}

// playbackLog waits until the board has spoken everything and returns its log.
func playbackLog(t *testing.T, board context.Context, within time.Duration, done string) []voiceEntry {
	t.Helper()
	browsertest.WaitTrue(t, board, within, done+` && !window.onedoorVoice.busy && window.onedoorVoice.log.every(e => !e.ok || e.end > 0)`)
	return browsertest.Eval[[]voiceEntry](t, board, `window.onedoorVoice.log`)
}

// spoken is a JS predicate: the board has spoken number's announcement to its end.
func spoken(number string) string {
	return fmt.Sprintf(`window.onedoorVoice.log.some(e => e.number === %q && e.saying === 0 && e.clip === 'chuangkou_banli' && e.end > 0)`, number)
}

// TestVoiceFiveCallsInOneSecondAllHeardWithin25s makes five calls at once and measures,
// from the board's playback log, that each is announced once (chime and sentence, under
// 5 s), back to back with no gap, and the fifth heard to its end within 25 s of the first
// call reaching the board; only then is the last one repeated.
func TestVoiceFiveCallsInOneSecondAllHeardWithin25s(t *testing.T) {
	ts := startServer(t)
	board := browsertest.Tab(t, 60*time.Second)
	browsertest.Open(t, board, ts.URL()+"/board", boardReady)
	browsertest.WaitTrue(t, board, 10*time.Second, `window.onedoorVoice.buffers.size === window.onedoorVoice.names().length`)
	ctx := context.Background()
	var clerks []*client.Client
	for n := 1; n <= 5; n++ {
		clerks = append(clerks, ts.clerk(n))
	}
	var numbers []string
	for range clerks {
		numbers = append(numbers, ts.issue(itemA).Number)
	}
	start := time.Now()
	for i, c := range clerks {
		if _, _, err := c.Call(ctx, i+1); err != nil {
			t.Fatal(err)
		}
	}
	if d := time.Since(start); d > time.Second {
		t.Fatalf("the five calls took %v, not one second", d)
	}
	log := playbackLog(t, board, 40*time.Second, spoken(numbers[4]))
	all := sayings(log)
	var first []saying
	for i, s := range all {
		checkWhole(t, s)
		if s.n == 0 {
			first = append(first, s)
			if i != len(first)-1 {
				t.Errorf("%s announced after a repeat: a repeat went before a waiting call", s.number)
			}
			if s.clips[0].Clip != "chime" {
				t.Errorf("%s begins with %s, not the chime", s.number, s.clips[0].Clip)
			}
		}
	}
	var got []string
	for _, s := range first {
		got = append(got, s.number)
	}
	if !slices.Equal(got, numbers) {
		t.Fatalf("announced %v, want each of %v once, in the order called", got, numbers)
	}
	var lengths []float64
	for i, s := range first {
		lengths = append(lengths, s.end-s.start)
		if want := 1 + len(voicePhrase(s.number, i+1)); len(s.clips) != want {
			t.Errorf("%s: %d clips, want the chime and the sentence once (%d)", s.number, len(s.clips), want)
		}
		if i > 0 {
			// Measured on the audio clock, where the clips are scheduled: exact.
			switch gap := s.at - first[i-1].atEnd; {
			case gap > 50:
				t.Errorf("%.0f ms of silence between %s and %s", gap, first[i-1].number, s.number)
			case gap < -1:
				t.Errorf("%s began %.0f ms before %s ended", s.number, -gap, first[i-1].number)
			}
		}
	}
	slices.Sort(lengths)
	median := lengths[len(lengths)/2]
	total := first[4].end - first[0].arrived
	t.Logf("voice: one announcement median %.2f s (%.2f–%.2f); five calls heard in %.1f s from the first reaching the board",
		median/1000, lengths[0]/1000, lengths[4]/1000, total/1000)
	if median > 5000 {
		t.Errorf("one announcement takes %.2f s, want at most 5", median/1000)
	}
	if total > 25000 {
		t.Errorf("the fifth call was heard %.1f s after the first call, want at most 25", total/1000)
	}
}

// TestVoiceServerDropDoesNotCutTheAnnouncement kills the server while the board speaks a
// call: the clips are in the page's memory, so the announcement goes on to its end.
func TestVoiceServerDropDoesNotCutTheAnnouncement(t *testing.T) {
	dir := t.TempDir()
	srv := startChild(t, dir)
	t.Cleanup(func() { srv.kill() })
	board := browsertest.Tab(t, 40*time.Second)
	browsertest.Open(t, board, srv.url+"/board", boardReady)
	browsertest.WaitTrue(t, board, 10*time.Second, `window.onedoorVoice.buffers.size === window.onedoorVoice.names().length`)
	ctx := context.Background()
	clerk := childClerk(t, srv.url, 1)
	tk, err := client.New(srv.url, srv.token).Issue(ctx, wire.IssueRequest{Item: itemA}, nextKey())
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := clerk.Call(ctx, 1); err != nil {
		t.Fatal(err)
	}
	// Once the sentence has begun, the server goes away.
	browsertest.WaitTrue(t, board, 5*time.Second, fmt.Sprintf(
		`window.onedoorVoice.log.some(e => e.number === %q && e.clip === 'qing' && e.start <= performance.now())`, tk.Number))
	srv.kill()
	killedAt := browsertest.Eval[float64](t, board, `performance.now()`)
	browsertest.WaitTrue(t, board, 5*time.Second, `document.body.classList.contains('offline')`)
	log := playbackLog(t, board, 15*time.Second, spoken(tk.Number))
	all := sayings(log)
	if len(all) == 0 || all[0].number != tk.Number || all[0].n != 0 {
		t.Fatalf("sayings %+v, want %s's announcement first", all, tk.Number)
	}
	s := all[0]
	if !(s.start < killedAt && killedAt < s.end) {
		t.Fatalf("the server was killed at %.0f ms, outside the announcement (%.0f–%.0f): the test proves nothing", killedAt, s.start, s.end)
	}
	if want := 1 + len(voicePhrase(tk.Number, 1)); len(s.clips) != want {
		t.Errorf("%d clips spoken, want %d", len(s.clips), want)
	}
	for _, x := range all {
		checkWhole(t, x)
	}
	t.Logf("server killed %.1f s into a %.1f s announcement; it was spoken to its end", (killedAt-s.start)/1000, (s.end-s.start)/1000)
}

// TestVoiceCantoneseBoardPlaysTheYueClips opens the board with ?voice=yue: the call is
// spoken with the Cantonese clips (the Chinese words from /voice/yue/, the letters and
// chime shared), each played whole, and the Mandarin words are never fetched.
func TestVoiceCantoneseBoardPlaysTheYueClips(t *testing.T) {
	ts := startServer(t)
	board := browsertest.Tab(t, 40*time.Second)
	browsertest.Open(t, board, ts.URL()+"/board?voice=yue", boardReady)
	browsertest.WaitTrue(t, board, 10*time.Second, `window.onedoorVoice.buffers.size === window.onedoorVoice.names().length`)
	tk := ts.issue(itemA)
	if _, _, err := ts.clerk(3).Call(context.Background(), 3); err != nil {
		t.Fatal(err)
	}
	log := playbackLog(t, board, 20*time.Second, spoken(tk.Number))
	all := sayings(log)
	if len(all) == 0 {
		t.Fatal("nothing spoken")
	}
	want := append([]string{"chime"}, voicePhrase(tk.Number, 3)...)
	var got []string
	for _, c := range all[0].clips {
		got = append(got, c.Clip)
		if c.Voice != "yue" {
			t.Errorf("clip %s in voice %q, want yue", c.Clip, c.Voice)
		}
	}
	if !slices.Equal(got, want) {
		t.Fatalf("spoke %v, want %v", got, want)
	}
	for _, s := range all {
		checkWhole(t, s)
	}
	fetched := browsertest.Eval[[]string](t, board,
		`performance.getEntriesByType('resource').map(r => new URL(r.name).pathname).filter(p => p.startsWith('/voice/'))`)
	for _, w := range []string{"/voice/yue/qing.ogg", "/voice/yue/chuangkou_banli.ogg", "/voice/yue/d3.ogg", "/voice/lA.ogg", "/voice/chime.ogg"} {
		if !slices.Contains(fetched, w) {
			t.Errorf("%s not fetched; fetched %v", w, fetched)
		}
	}
	for _, p := range fetched {
		if p == "/voice/qing.ogg" || p == "/voice/chuangkou_banli.ogg" {
			t.Errorf("a Cantonese board fetched the Mandarin %s", p)
		}
	}
	t.Logf("Cantonese announcement %.2f s, %d clips", (all[0].end-all[0].start)/1000, len(all[0].clips))
}
