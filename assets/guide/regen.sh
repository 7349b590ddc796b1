#!/bin/sh
# regen.sh rebuilds the kiosk's audio guidance from Debian's espeak-ng and sox: three
# short prompts in Mandarin (espeak-ng's toned-pinyin voice cmn-latn-pinyin, which
# reads Chinese characters with Mandarin tones) and in English, each trimmed of
# silence and saved as a 16 kHz mono µ-law WAV that paplay and aplay both play.
# Run it from anywhere: make voice-guide.
set -eu
cd "$(dirname "$0")"
command -v espeak-ng >/dev/null || { echo "regen.sh: espeak-ng is missing (apt-get install espeak-ng)" >&2; exit 1; }
command -v sox >/dev/null || { echo "regen.sh: sox is missing (apt-get install sox)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir -p zh en

# clip LANG/NAME VOICE TEXT: speak TEXT slowly, trim the silence, keep a little air.
clip() {
	espeak-ng -v "$2" -s 140 -w "$tmp/clip.wav" "$3"
	sox "$tmp/clip.wav" -r 16000 -c 1 -e mu-law "$1.wav" \
		silence 1 0.01 0.5% reverse silence 1 0.01 0.5% reverse pad 0.05 0.1
}

zh=cmn-latn-pinyin
clip zh/choose "$zh" "请选择业务"
clip zh/place_card "$zh" "请将身份证放在读卡区"
clip zh/take_ticket "$zh" "请取走您的号票"
clip en/choose en "Please choose a service."
clip en/place_card en "Please place your ID card on the reader."
clip en/take_ticket en "Please take your ticket."
ls zh/*.wav en/*.wav | wc -l | xargs echo "regen.sh: clips written:"
