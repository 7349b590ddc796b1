package store

import (
	"fmt"

	bolt "go.etcd.io/bbolt"
)

// Bucket names.
var (
	bucketMeta       = []byte("meta")
	bucketEvents     = []byte("events")
	bucketTickets    = []byte("tickets")
	bucketApplicants = []byte("applicants")
	bucketDays       = []byte("days")
	bucketWindows    = []byte("windows")
	bucketStaff      = []byte("staff")
	bucketTokens     = []byte("tokens")
	bucketCases      = []byte("cases")
	bucketBookings   = []byte("bookings") // "YYYY-MM-DD/code" → booking: a day's are together

	keySchema = []byte("schema")
	keyHall   = []byte("hall")
)

// migration moves the file from schema version-1 to version.
type migration struct {
	version int
	name    string
	up      func(*bolt.Tx) error
}

// migrations is the ordered list of schema changes; each has a test. Append, never edit.
var migrations = []migration{
	{1, "create the buckets", func(tx *bolt.Tx) error {
		for _, b := range [][]byte{bucketMeta, bucketEvents, bucketTickets, bucketApplicants, bucketDays, bucketWindows, bucketStaff, bucketTokens} {
			if _, err := tx.CreateBucketIfNotExists(b); err != nil {
				return fmt.Errorf("create bucket %s: %w", b, err)
			}
		}
		return nil
	}},
	{2, "add the cases bucket", func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucketCases)
		return err
	}},
	{3, "add the bookings bucket", func(tx *bolt.Tx) error {
		_, err := tx.CreateBucketIfNotExists(bucketBookings)
		return err
	}},
	{4, "day keys, the hash-chained log and day digests", migrateChain},
	{5, "index the open cases", migrateOpenCases},
	{6, "index the case of each ticket", migrateTicketCases},
	{7, "index the cases by holder", migrateCaseHolders},
	{8, "the answers of keyed case actions", migrateCaseIdem},
	{9, "index the events of each case", migrateCaseEvents},
	{10, "the codes of remote tickets and the push subscriptions", migrateRemote},
	{11, "the report aggregates", migrateReports},
	{12, "the 差评 work orders", migrateWorkOrders},
	{13, "the active alarms", migrateAlarms},
	{14, "the catalog versions", migrateCatalogVersions},
}

// schemaVersion returns the version the file is at: 0 for a new file.
func schemaVersion(tx *bolt.Tx) uint64 {
	b := tx.Bucket(bucketMeta)
	if b == nil {
		return 0
	}
	v := b.Get(keySchema)
	if len(v) != 8 {
		return 0
	}
	return btoi(v)
}

// migrate runs every migration the file has not had, in one transaction with the caller's
// other set-up, and refuses a file written by a newer program.
func migrate(tx *bolt.Tx, list []migration) error {
	have := schemaVersion(tx)
	latest := uint64(len(list))
	if have > latest {
		return fmt.Errorf("data file has schema %d, this program knows up to %d: upgrade the program", have, latest)
	}
	for _, m := range list[have:] {
		if err := m.up(tx); err != nil {
			return fmt.Errorf("migration %d (%s): %w", m.version, m.name, err)
		}
		if err := tx.Bucket(bucketMeta).Put(keySchema, itob(uint64(m.version))); err != nil {
			return fmt.Errorf("migration %d: record version: %w", m.version, err)
		}
	}
	return nil
}
