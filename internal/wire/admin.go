package wire

// StaffCreateRequest adds a member of staff: POST /api/v1/admin/staff. An empty PIN
// has the server generate one, shown once in the answer.
type StaffCreateRequest struct {
	ID   string `json:"id"`
	Name string `json:"name"` // the display name documents and the caller show
	Role string `json:"role"` // clerk, supervisor or admin
	PIN  string `json:"pin,omitempty"`
}

// StaffCreated answers a StaffCreateRequest (and POST /api/v1/setup); PIN is set only
// when the server generated it, and is never shown again.
type StaffCreated struct {
	ID   string `json:"id"`
	Name string `json:"name"`
	Role string `json:"role"`
	PIN  string `json:"pin,omitempty"`
}

// SetupRequest creates the first admin of a new hall with the one-time setup token:
// POST /api/v1/setup.
type SetupRequest struct {
	Token string `json:"token"`
	ID    string `json:"id"`
	Name  string `json:"name"`
	PIN   string `json:"pin,omitempty"`
}

// DeviceCreateRequest registers a kiosk or another device: POST /api/v1/admin/devices.
type DeviceCreateRequest struct {
	Name string `json:"name"`
}

// DeviceCreated carries a new device's bearer token, shown once.
type DeviceCreated struct {
	Name  string `json:"name"`
	Token string `json:"token"`
}
