#!/bin/sh
# regen.sh rebuilds wqy-microhei.ttf, the CJK font the kiosk embeds (assets.FontTTF),
# from Debian's fonts-wqy-microhei package. Debian ships the font as a TrueType
# collection (.ttc), which Fyne refuses ("collections not allowed"), so we extract
# face 0, "WenQuanYi Micro Hei" (the proportional one; face 1 is the Mono variant).
# The licence text is copied from the package beside the font.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
ttc=/usr/share/fonts/truetype/wqy/wqy-microhei.ttc
doc=/usr/share/doc/fonts-wqy-microhei/copyright

need=""
[ -f "$ttc" ] || need="$need fonts-wqy-microhei"
/usr/bin/python3 -c 'import fontTools' 2>/dev/null || need="$need python3-fonttools"
if [ -n "$need" ]; then
	echo "regen.sh: installing$need" >&2
	apt-get update
	DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $need
fi

/usr/bin/python3 - "$ttc" "$here/wqy-microhei.ttf" <<'PY'
import sys
from fontTools.ttLib import TTCollection
# recalcTimestamp=False keeps the output byte-identical from run to run.
face = TTCollection(sys.argv[1], recalcTimestamp=False).fonts[0]
name = face["name"].getDebugName(4)
if name != "WenQuanYi Micro Hei":
    sys.exit("unexpected face 0: %r" % name)
face.save(sys.argv[2])
PY
cp "$doc" "$here/wqy-microhei.COPYRIGHT"
ls -l "$here/wqy-microhei.ttf"
