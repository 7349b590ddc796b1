package httpapi

import "onedoor/internal/queue"

// checkTexts checks pairs of field name and text, none of which may hold a line break
// or a character queue.BadRune refuses (422).
func checkTexts(pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if err := queue.CheckText(pairs[i], pairs[i+1], false); err != nil {
			return err
		}
	}
	return nil
}

// checkComment checks a free text that may run over several lines.
func checkComment(field, s string) error { return queue.CheckText(field, s, true) }
