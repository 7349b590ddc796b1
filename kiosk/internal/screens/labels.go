package screens

import "onedoor/internal/uikit"

// Label is the kiosk's text for key in lang, as its screens show it, for tools that
// find a button by what it says (the real-window soak).
func Label(key string, lang uikit.Lang) string { return uikit.NewTr(texts, lang).S(key) }
