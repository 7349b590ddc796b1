package assets

import "embed"

// Guide holds the kiosk's audio guidance (guide/zh/*.wav, guide/en/*.wav): "请选择业务",
// "请将身份证放在读卡区" and "请取走您的号票", and the same in English, as 16 kHz mono µ-law
// WAV. They were made once with Debian's espeak-ng and sox by guide/regen.sh (make
// voice-guide), so the kiosk needs no speech service.
//
//go:embed guide/zh/*.wav guide/en/*.wav
var Guide embed.FS
