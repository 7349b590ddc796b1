package store

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	bolt "go.etcd.io/bbolt"

	"onedoor/internal/queue"
)

// TestBookingsSurviveARestart: bookings are stored, kept across a restart, checked in by
// code and by card (the file holds a hash of the ID number, never the number), and the
// log replays to the same bookings.
func TestBookingsSurviveARestart(t *testing.T) {
	dir := t.TempDir()
	clk := &clock{now: time.Date(2026, 11, 25, 9, 0, 0, 0, shanghai)}
	s := openStore(t, dir, clk)
	ctx := context.Background()
	id := "44010619850307123"
	c, _ := queue.IDCheckDigit(id)
	id += string(c)
	slot := clk.Now().Add(20 * time.Minute)
	if _, err := s.Book(ctx, queue.BookCmd{Code: "GZ-0001", Item: "440199-A-002", Slot: slot, Staff: "super"}, ""); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Book(ctx, queue.BookCmd{Code: "GZ-0002", Item: "440199-A-001", Slot: slot, Staff: "super"}, id); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Book(ctx, queue.BookCmd{Code: "GZ-0001", Item: "440199-A-002", Slot: slot}, ""); queue.ErrorCode(err) != queue.Conflict {
		t.Fatalf("the same code twice: %v", err)
	}
	s.Close()

	s = openStore(t, dir, clk)
	byCode, _, err := s.Issue(ctx, queue.IssueCmd{Booking: "GZ-0001", Source: "k"}, nil)
	if err != nil {
		t.Fatal(err)
	}
	card := &queue.Applicant{IDNumber: id, Name: "测试人丁"}
	byCard, _, err := s.Issue(ctx, queue.IssueCmd{Priority: queue.PriorityAppointment, Source: "k"}, card)
	if err != nil {
		t.Fatal(err)
	}
	if byCode.Ticket.Booking != "GZ-0001" || byCard.Ticket.Booking != "GZ-0002" || byCard.Ticket.Item != "440199-A-001" ||
		byCard.Ticket.Priority != queue.PriorityAppointment || !byCard.Ticket.Slot.Equal(slot) {
		t.Fatalf("checked in %+v and %+v", byCode.Ticket, byCard.Ticket)
	}
	if _, _, err := s.Issue(ctx, queue.IssueCmd{Booking: "GZ-0001", Source: "k"}, nil); queue.ErrorCode(err) != queue.Conflict {
		t.Fatalf("a second check-in: %v", err)
	}
	if err := s.VerifyReplay(); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = openStore(t, dir, clk)
	if _, _, err := s.Issue(ctx, queue.IssueCmd{Booking: "GZ-0002", Source: "k"}, nil); queue.ErrorCode(err) != queue.Conflict {
		t.Fatalf("a check-in after a restart, of a booking used before it: %v", err)
	}
	// Retention erases the ID hash with the applicants, from the log and the bookings.
	if _, err := s.ErasePersonalData(ctx, clk.Now().AddDate(0, 0, 2)); err != nil {
		t.Fatal(err)
	}
	if err := s.VerifyReplay(); err != nil {
		t.Fatal(err)
	}
	s.Close()
	data, err := os.ReadFile(filepath.Join(dir, "onedoor.db"))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(string(data), id) || strings.Contains(string(data), id[6:14]) {
		t.Fatal("the data file holds the ID number the booking was made with")
	}
	db, err := bolt.Open(filepath.Join(dir, "onedoor.db"), 0o600, &bolt.Options{ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	db.View(func(tx *bolt.Tx) error {
		if tx.Bucket(bucketBookings).Get([]byte("2026-11-25/GZ-0002")) == nil {
			t.Error("booking GZ-0002 is not filed under its day")
		}
		for _, b := range [][]byte{bucketBookings, bucketEvents} {
			tx.Bucket(b).ForEach(func(k, v []byte) error {
				if strings.Contains(string(v), "id_hash") {
					t.Errorf("%s %s still holds an ID hash after retention", b, k)
				}
				return nil
			})
		}
		return nil
	})
}
