package assets

import _ "embed"

// FontTTF is WenQuanYi Micro Hei (文泉驿微米黑), a sans-serif TrueType font with Latin
// and the CJK characters of GB 18030's two-byte areas, embedded so that every kiosk
// draws the same glyphs whatever fonts the machine has. It is a single face, not a
// collection, because Fyne refuses .ttc files. The printer draws whole tickets with it.
// Licence: Apache-2.0 (fonts/wqy-microhei.COPYRIGHT); fonts/regen.sh rebuilds it from
// Debian's fonts-wqy-microhei package.
//
//go:embed fonts/wqy-microhei.ttf
var FontTTF []byte
