package screens

import (
	"io"
	"log/slog"
	"runtime"
	"testing"
	"time"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/test"

	"onedoor/assets"
	"onedoor/internal/queue"
	"onedoor/internal/uikit"
)

// offlineKiosk is a kiosk in a headless 1920×1080 window with the real bundled-font
// theme and the sample catalog, and no server: enough to build every screen that
// needs only the catalog.
// now is the kiosk's clock (nil: time.Now).
func offlineKiosk(tb testing.TB, now func() time.Time) *Kiosk {
	tb.Helper()
	a := test.NewApp()
	tb.Cleanup(a.Quit)
	a.Settings().SetTheme(uikit.Theme{})
	win := test.NewWindow(nil)
	win.Resize(fyne.NewSize(1920, 1080))
	tb.Cleanup(win.Close)
	cat, err := queue.ParseCatalog(assets.CatalogJSON)
	if err != nil {
		tb.Fatal(err)
	}
	k := New(win, Config{KioskID: "kiosk-test"}, Deps{Do: func(f func()) { f() }, Now: now,
		Log: slog.New(slog.NewTextHandler(io.Discard, nil))})
	k.cat, k.search, k.up = cat, newSearchIndex(cat), true
	tb.Cleanup(k.idle.stop)
	return k
}

// heapInUse returns the live heap after a full collection.
func heapInUse() uint64 {
	runtime.GC()
	runtime.GC()
	var m runtime.MemStats
	runtime.ReadMemStats(&m)
	return m.HeapInuse
}

// TestHomeBuildsKeepNoMemory shows home 100 times, as 100 citizens' visits do, and
// checks that the process keeps no more than 1 MiB for it: a widget that keeps a
// parsed copy of the 4.6 MB font each time it is built fails by hundreds of MiB.
func TestHomeBuildsKeepNoMemory(t *testing.T) {
	k := offlineKiosk(t, nil)
	show := func() {
		k.show(&home{k: k})
		_ = k.win.Canvas().Content().MinSize()
	}
	// Warm up: the theme's one parsed font and Fyne's caches are allowed to stay.
	for range 3 {
		show()
	}
	before := heapInUse()
	for range 100 {
		show()
	}
	after := heapInUse()
	kept := int64(after) - int64(before)
	t.Logf("home shown 100 times: heap in use %.1f MiB → %.1f MiB (kept %.2f MiB)",
		float64(before)/(1<<20), float64(after)/(1<<20), float64(kept)/(1<<20))
	if kept > 1<<20 {
		t.Errorf("100 builds of home kept %.1f MiB; want ≤ 1 MiB", float64(kept)/(1<<20))
	}
}

// benchmarkScreen measures showing one screen: building it and laying it out in the
// window. The first show, which parses the theme's font once for the process, is not
// counted.
func benchmarkScreen(b *testing.B, make func(k *Kiosk) screen) {
	k := offlineKiosk(b, nil)
	show := func() {
		k.show(make(k))
		_ = k.win.Canvas().Content().MinSize()
	}
	show()
	b.ReportAllocs()
	b.ResetTimer()
	for range b.N {
		show()
	}
}

// BenchmarkBuildHome is a return home: the screen built for this language is shown again.
func BenchmarkBuildHome(b *testing.B) {
	benchmarkScreen(b, func(k *Kiosk) screen { return &home{k: k} })
}

// BenchmarkBuildHomeFresh builds home from nothing each time (a new language or catalog).
func BenchmarkBuildHomeFresh(b *testing.B) {
	benchmarkScreen(b, func(k *Kiosk) screen {
		k.homes = nil
		return &home{k: k}
	})
}

func BenchmarkBuildItems(b *testing.B) {
	benchmarkScreen(b, func(k *Kiosk) screen {
		c, _ := k.cat.Category("C")
		return &items{k: k, category: c}
	})
}

func BenchmarkBuildItem(b *testing.B) {
	benchmarkScreen(b, func(k *Kiosk) screen {
		return &itemScreen{k: k, item: &k.cat.Items[0]}
	})
}

func BenchmarkBuildCheckin(b *testing.B) {
	benchmarkScreen(b, func(k *Kiosk) screen { return &checkin{k: k} })
}

func BenchmarkBuildIdentity(b *testing.B) {
	benchmarkScreen(b, func(k *Kiosk) screen {
		k.sess.item = &k.cat.Items[0]
		return &identity{k: k}
	})
}

func BenchmarkBuildOutOfService(b *testing.B) {
	benchmarkScreen(b, func(k *Kiosk) screen { return &outOfService{k: k} })
}
