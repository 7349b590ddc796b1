// Package printer prints queue tickets on ESC/POS thermal printers (58 and 80 mm
// kiosk printers), see shared/protocols/README.md §2.
//
// The whole ticket is drawn as one image and sent as raster (GS v 0), never as text:
// printer fonts only hold the two-byte GB 18030 areas, differ from model to model and
// need code pages, while an image prints every character the bundled font has
// (assets.FontTTF), the same way on every printer. The layers:
//
//   - escpos.go, raster.go: our own encoder for the few commands we need (the public Go
//     libraries cut partially when asked for a full cut, send a wrong GS v header, truncate
//     image widths or need cgo). Raster images go out in bands of at most 256 rows,
//     padded to whole bytes, most significant bit leftmost.
//   - status.go: the real-time status replies to DLE EOT 1, 2 and 4 decoded into
//     Status, and faults reported as *FaultError, matched with errors.Is against
//     ErrPaperOut, ErrCoverOpen, ErrPrinterError and ErrOffline.
//   - ticket.go, layout.go, text.go, qr.go: the ticket laid out top to bottom at the
//     paper's width (384 or 576 dots): centre name, a number as big as fits, the item,
//     people ahead and the wait (Chinese first, English beside it), a QR code of the
//     tracking URL with its four-module quiet zone, the time and a note. Text wraps by
//     Chinese rules; the font's single weight is thickened for the thermal head.
//   - transport.go: serial (go.bug.st/serial), TCP port 9100, or a device file such as
//     /dev/usb/lp0, behind one small Transport interface.
//   - printer.go: Printer asks for status before every ticket and refuses to print on a
//     fault, so a ticket is never lost in a printer without paper; it reconnects after a
//     transport failure.
//
// The simulator in package sim reads the same bytes on a pseudo-terminal or TCP and
// rebuilds each ticket as a PNG. Ticket content is personal only through the number;
// the package logs sizes and states, never the text.
package printer
