#!/bin/sh
# regen.sh rebuilds the hall's announcement clips from Debian's espeak-ng and sox:
# the words of "请 A001 号 到 3 号窗口 办理" in Mandarin, with espeak-ng's toned-pinyin
# voice (cmn-latn-pinyin, which reads Chinese characters with Mandarin tones), and the
# same words in Cantonese (espeak-ng's yue voice) in yue/; the letters as people in a
# hall say them (the English letter names, shared by both), a short two-tone chime, and
# an optional English line. Each clip is trimmed of silence and saved as 16 kHz mono
# OGG at the lowest Vorbis quality, which is plenty for speech and keeps the whole set
# small: every board decodes all of it into memory when it starts.
#
# The speaking rate (190 words a minute) and the 0.6 s chime keep one announcement,
# chime and sentence, under 5 s (README: "The board's voice and calls panel").
# Run it from anywhere: make voice.
set -eu
cd "$(dirname "$0")"
command -v espeak-ng >/dev/null || { echo "regen.sh: espeak-ng is missing (apt-get install espeak-ng)" >&2; exit 1; }
command -v sox >/dev/null || { echo "regen.sh: sox is missing (apt-get install sox)" >&2; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
rate=190

# clip FILE VOICE TEXT: speak TEXT, trim the silence at both ends, keep 40 ms of air.
clip() {
	espeak-ng -v "$2" -s "$rate" -w "$tmp/clip.wav" "$3"
	sox -G "$tmp/clip.wav" -r 16000 -c 1 -C 0 "$1.ogg" \
		silence 1 0.01 1% reverse silence 1 0.01 1% reverse pad 0.01 0.03
}

# words DIR VOICE: the Chinese words of a call, in DIR.
words() {
	mkdir -p "$1"
	clip "$1/qing" "$2" "请"
	clip "$1/hao" "$2" "号"
	clip "$1/dao" "$2" "到"
	clip "$1/chuangkou_banli" "$2" "窗口办理"
	clip "$1/shi" "$2" "十"
	i=0
	for d in 零 一 二 三 四 五 六 七 八 九; do
		clip "$1/d$i" "$2" "$d"
		i=$((i + 1))
	done
}

words . cmn-latn-pinyin
words yue yue
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

# The chime: a short two-tone ding-dong before each announcement.
sox -n -r 16000 -c 1 "$tmp/ding.wav" synth 0.22 sine 880 fade q 0.01 0.22 0.18 vol 0.5
sox -n -r 16000 -c 1 "$tmp/dong.wav" synth 0.38 sine 659 fade q 0.01 0.38 0.34 vol 0.5
sox "$tmp/ding.wav" "$tmp/dong.wav" -C 0 chime.ogg
n=$(ls *.ogg yue/*.ogg | wc -l)
bytes=$(cat *.ogg yue/*.ogg | wc -c)
echo "regen.sh: $n clips written, $((bytes / 1024)) KiB in all"
