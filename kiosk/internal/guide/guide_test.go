package guide

import (
	"context"
	"path/filepath"
	"sync"
	"testing"
	"testing/fstest"
)

// recorder is a PlayFunc that notes what it was asked to play and blocks until
// stopped, as a clip still playing does.
type recorder struct {
	mu      sync.Mutex
	played  []string
	started chan string
	ended   chan string
}

func (r *recorder) play(ctx context.Context, path string) error {
	r.mu.Lock()
	r.played = append(r.played, filepath.Base(filepath.Dir(path))+"/"+filepath.Base(path))
	r.mu.Unlock()
	r.started <- path
	<-ctx.Done()
	r.ended <- path
	return ctx.Err()
}

func TestSayPlaysTheClipInItsLanguage(t *testing.T) {
	clips := fstest.MapFS{
		"zh/choose.wav":     {Data: []byte("RIFF zh choose")},
		"en/choose.wav":     {Data: []byte("RIFF en choose")},
		"zh/place_card.wav": {Data: []byte("RIFF zh place")},
	}
	rec := &recorder{started: make(chan string, 8), ended: make(chan string, 8)}
	p, err := New(clips, rec.play, nil)
	if err != nil {
		t.Fatal(err)
	}
	p.Say("choose", "en")
	<-rec.started
	p.Say("place_card", "en") // no English clip: the Chinese one
	<-rec.ended               // the second clip cut off the first
	<-rec.started
	p.Say("nothing", "zh") // no such clip: nothing
	if err := p.Close(); err != nil {
		t.Fatal(err)
	}
	rec.mu.Lock()
	defer rec.mu.Unlock()
	want := []string{"en/choose.wav", "zh/place_card.wav"}
	if len(rec.played) != len(want) {
		t.Fatalf("played %q, want %q", rec.played, want)
	}
	for i := range want {
		if rec.played[i] != want[i] {
			t.Errorf("played %q, want %q", rec.played, want)
		}
	}
}

func TestSilentWithoutAPlayer(t *testing.T) {
	p := &Player{}
	p.Say("choose", "zh") // must not panic or block
}
