package client

import (
	"context"

	"onedoor/internal/wire"
)

// AgentLogin logs a staff member in at a kiosk to take tickets for citizens (帮办代办)
// and returns the agent token to put in wire.IssueRequest.AgentToken. Unlike Login it
// leaves the client's own token (the kiosk's) in place.
func (c *Client) AgentLogin(ctx context.Context, staff, pin string) (wire.LoginResponse, error) {
	var out wire.LoginResponse
	_, err := c.do(ctx, "POST", "/api/v1/login", wire.LoginRequest{Staff: staff, PIN: pin, Agent: true}, &out, nil)
	return out, err
}

// AgentLogout ends an agent token's session.
func (c *Client) AgentLogout(ctx context.Context, token string) error {
	_, err := c.do(ctx, "POST", "/api/v1/logout", nil, nil, map[string]string{"Authorization": "Bearer " + token})
	return err
}
