package wire

// WindowModeRequest sets a window's call mode: POST /api/v1/windows/{n}/mode
// (supervisor, admin). Mode is "auto" (the server calls the next ticket for the window
// when it is free, after the hall's pause) or "manual" (the clerk calls).
type WindowModeRequest struct {
	Mode string `json:"mode"`
}
