package client

import (
	"context"

	"onedoor/internal/wire"
)

// SetWindowMode sets window n's call mode, "auto" or "manual" (supervisors).
func (c *Client) SetWindowMode(ctx context.Context, n int, mode string) (wire.WindowStatus, error) {
	var out wire.WindowStatus
	_, err := c.do(ctx, "POST", winPath(n, "mode"), wire.WindowModeRequest{Mode: mode}, &out, nil)
	return out, err
}
