package printer

import (
	"image"
)

// RenderLine draws one line of text height dots high (the printer's 24-dot font times
// its magnification) across the paper with the given alignment. The printer simulator
// uses it to show what a printer's own font would print for text commands.
func (r *Renderer) RenderLine(s string, height int, align Alignment, bold bool) *image.Gray {
	r.mu.Lock()
	defer r.mu.Unlock()
	img := whiteGray(r.width, height)
	face := r.face(float64(height) * 0.92)
	weight := 0
	if bold {
		weight = max(1, height/30)
	}
	x := 0
	switch align {
	case AlignCenter:
		x = (r.width - width(face, s)) / 2
	case AlignRight:
		x = r.width - width(face, s)
	}
	drawString(img, face, x, face.Metrics().Ascent.Ceil(), s, weight)
	return img
}

// QRImage draws data as a QR code with module dots a module, quiet zone included,
// on a strip as wide as the paper, placed by align. The printer simulator uses it for
// GS ( k codes.
func QRImage(data string, module, paperWidth int, align Alignment) (*image.Gray, error) {
	mods, err := qrCode(data)
	if err != nil {
		return nil, err
	}
	side := (len(mods) + 2*qrQuietModules) * module
	img := whiteGray(max(paperWidth, side), side)
	x := 0
	switch align {
	case AlignCenter:
		x = (img.Rect.Dx() - side) / 2
	case AlignRight:
		x = img.Rect.Dx() - side
	}
	drawQR(img, mods, module, image.Pt(x, 0))
	return img, nil
}

// whiteGray returns a white grayscale image.
func whiteGray(w, h int) *image.Gray {
	img := image.NewGray(image.Rect(0, 0, w, h))
	for i := range img.Pix {
		img.Pix[i] = 0xFF
	}
	return img
}
