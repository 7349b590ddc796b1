// Package docs renders the uniform documents a comprehensive window hands out after a
// visit (行政许可法 Art. 32): the acceptance receipt (受理回执), the notice to supplement
// materials (材料补正通知书, the 一次性告知) and the notice of non-acceptance
// (不予受理决定通知书) with its remedies. Each is one A4 page of PDF drawn with the
// bundled CJK font (assets.FontTTF), with a QR code of the ticket's tracking page.
//
// The package does no I/O: Render takes a Document that holds everything the page
// shows and returns the PDF's bytes. The HTTP handler gathers the fields from the
// finish event, the catalog and the sealed applicant.
package docs
