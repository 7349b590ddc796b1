// Package guide plays the kiosk's audio guidance: short offline clips ("请选择业务",
// "请将身份证放在读卡区", "请取走您的号票" and their English) made by make voice-guide
// and embedded from assets/guide. It plays through paplay or aplay when one is
// installed and stays silent otherwise; a new clip cuts off the one playing, so the
// voice never lags behind the screen.
package guide

import (
	"context"
	"fmt"
	"io/fs"
	"log/slog"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
)

// PlayFunc plays one WAV file until it ends or ctx is cancelled.
type PlayFunc func(ctx context.Context, path string) error

// Player plays the guidance's clips, one at a time.
type Player struct {
	dir  string // the clips, copied out of the binary once
	play PlayFunc
	log  *slog.Logger

	mu     sync.Mutex
	cancel context.CancelFunc // stops the clip playing
	wg     sync.WaitGroup
}

// New copies the clips (files lang/clip.wav in clips) to a temporary folder and
// returns a player that plays them with play; nil play finds paplay or aplay, and
// without either the player is silent. Close removes the folder.
func New(clips fs.FS, play PlayFunc, log *slog.Logger) (*Player, error) {
	if log == nil {
		log = slog.Default()
	}
	dir, err := os.MkdirTemp("", "onedoor-guide-")
	if err != nil {
		return nil, fmt.Errorf("guide: %w", err)
	}
	err = fs.WalkDir(clips, ".", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(clips, path)
		if err != nil {
			return err
		}
		out := filepath.Join(dir, filepath.FromSlash(path))
		if err := os.MkdirAll(filepath.Dir(out), 0o755); err != nil {
			return err
		}
		return os.WriteFile(out, data, 0o644)
	})
	if err != nil {
		_ = os.RemoveAll(dir)
		return nil, fmt.Errorf("guide: copy the clips: %w", err)
	}
	if play == nil {
		play = SystemPlayer(log)
	}
	return &Player{dir: dir, play: play, log: log}, nil
}

// SystemPlayer plays with paplay (PulseAudio, PipeWire) or aplay (ALSA), whichever is
// installed; with neither it returns nil and the player is silent.
func SystemPlayer(log *slog.Logger) PlayFunc {
	for _, name := range []string{"paplay", "aplay"} {
		if path, err := exec.LookPath(name); err == nil {
			args := []string{}
			if name == "aplay" {
				args = append(args, "-q")
			}
			return func(ctx context.Context, clip string) error {
				return exec.CommandContext(ctx, path, append(args, clip)...).Run()
			}
		}
	}
	log.Info("audio guidance silent: neither paplay nor aplay is installed")
	return nil
}

// Say plays clip in lang ("zh" or "en"; Chinese when the language has no such clip),
// cutting off the clip playing. It returns at once.
func (p *Player) Say(clip, lang string) {
	if p.play == nil {
		return
	}
	path := filepath.Join(p.dir, lang, clip+".wav")
	if _, err := os.Stat(path); err != nil {
		path = filepath.Join(p.dir, "zh", clip+".wav")
		if _, err := os.Stat(path); err != nil {
			p.log.Warn("guide: no such clip", "clip", clip, "lang", lang)
			return
		}
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.cancel != nil {
		p.cancel()
	}
	ctx, cancel := context.WithCancel(context.Background())
	p.cancel = cancel
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		if err := p.play(ctx, path); err != nil && ctx.Err() == nil {
			p.log.Warn("guide: play", "clip", clip, "err", err)
		}
	}()
}

// Close stops the clip playing, waits for it and removes the clips' folder.
func (p *Player) Close() error {
	p.mu.Lock()
	if p.cancel != nil {
		p.cancel()
	}
	p.mu.Unlock()
	p.wg.Wait()
	return os.RemoveAll(p.dir)
}
