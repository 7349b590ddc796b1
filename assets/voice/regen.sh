#!/bin/sh
# regen.sh rebuilds the hall's announcement clips from Debian's espeak-ng and sox:
# the Mandarin words of "请 A001 号 到 3 号窗口 办理" with espeak-ng's toned-pinyin voice
# (cmn-latn-pinyin, which reads Chinese characters with Mandarin tones), the letters as
# people in a hall say them (the English letter names), a two-tone chime, and an
# optional English line. Each clip is trimmed of silence and saved as 16 kHz mono OGG.
# Run it from anywhere: make voice.
set -eu
cd "$(dirname "$0")"
command -v espeak-ng >/dev/null || { echo "regen.sh: espeak-ng is missing (apt-get install espeak-ng)" >&2; exit 1; }
command -v sox >/dev/null || { echo "regen.sh: sox is missing (apt-get install sox)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# clip NAME VOICE TEXT: speak TEXT, trim the silence at both ends, keep 40 ms of air.
clip() {
	espeak-ng -v "$2" -s 150 -w "$tmp/$1.wav" "$3"
	sox "$tmp/$1.wav" -r 16000 -c 1 "$1.ogg" \
		silence 1 0.01 0.5% reverse silence 1 0.01 0.5% reverse pad 0.02 0.04
}

zh=cmn-latn-pinyin
clip qing "$zh" "请"
clip hao "$zh" "号"
clip dao "$zh" "到"
clip chuangkou_banli "$zh" "窗口办理"
clip shi "$zh" "十"
i=0
for d in 零 一 二 三 四 五 六 七 八 九; do
	clip "d$i" "$zh" "$d"
	i=$((i + 1))
done
for l in A B C D E F G H I J K L M N O P Q R S T U V W X Y Z; do
	clip "l$l" en "$l"
done
# The optional English line: "Number A 0 0 1, please go to window 3."
clip en_number en "number"
clip en_please_window en "please go to window"
i=0
for d in zero one two three four five six seven eight nine; do
	clip "en$i" en "$d"
	i=$((i + 1))
done

# The chime: a soft two-tone ding-dong before each announcement.
sox -n -r 16000 -c 1 "$tmp/ding.wav" synth 0.45 sine 880 fade q 0.01 0.45 0.4 vol 0.5
sox -n -r 16000 -c 1 "$tmp/dong.wav" synth 0.7 sine 659 fade q 0.01 0.7 0.65 vol 0.5
sox "$tmp/ding.wav" "$tmp/dong.wav" chime.ogg pad 0 0.15
ls *.ogg | wc -l | xargs echo "regen.sh: clips written:"
