package assets

import "embed"

// Voice holds the hall's announcement clips (voice/*.ogg): the Mandarin words of a call,
// "请 A001 号 到 3 号窗口 办理", the digits 零 … 九 and 十, the letters as spoken, a chime and
// an optional English line; voice/yue/*.ogg holds the same Chinese words in Cantonese.
// They were made once with Debian's espeak-ng and sox by voice/regen.sh (make voice), so
// no hall depends on a cloud speech service.
//
//go:embed voice/*.ogg voice/yue/*.ogg
var Voice embed.FS
