package pgtest

import (
	"bytes"
	"context"
	"testing"

	"github.com/jackc/pgx/v5"
)

// TestClusterStartsAndStops: a private cluster answers a query, and its dump holds a
// row written to it.
func TestClusterStartsAndStops(t *testing.T) {
	c := Start(t)
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, c.URL("onedoor"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, "CREATE TABLE probe (word text); INSERT INTO probe VALUES ('鹿鸣')"); err != nil {
		t.Fatal(err)
	}
	var user string
	if err := conn.QueryRow(ctx, "SELECT current_user").Scan(&user); err != nil || user != "onedoor" {
		t.Fatalf("current_user %q, %v", user, err)
	}
	dump, err := c.Dump("onedoor")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Contains(dump, []byte("鹿鸣")) {
		t.Fatalf("the dump misses the row:\n%s", dump)
	}
}
