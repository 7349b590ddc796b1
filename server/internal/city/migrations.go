package city

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// migration is one step of the schema, applied once, in order, in its own transaction.
type migration struct {
	name string
	sql  string
}

// migrations are append-only: a city's database has run the ones before.
var migrations = []migration{
	{"centers", `
CREATE TABLE centers (
	code        text PRIMARY KEY,
	name        text NOT NULL,
	level       text NOT NULL CHECK (level IN ('city','district','street','community')),
	parent      text REFERENCES centers(code),
	token_hash  bytea UNIQUE,
	mark        bigint NOT NULL DEFAULT 0,
	last_seen   timestamptz
);
CREATE INDEX centers_parent ON centers(parent);`},
	{"events", `
CREATE TABLE events (
	center    text NOT NULL REFERENCES centers(code),
	seq       bigint NOT NULL,
	type      text NOT NULL,
	at        timestamptz NOT NULL,
	ticket    text,
	number    text,
	category  text,
	state     text,
	win       int,
	outcome   text,
	rating    int,
	PRIMARY KEY (center, seq)
);`},
	{"aggregates", `
CREATE TABLE hourly (
	center     text NOT NULL,
	category   text NOT NULL,
	hour       timestamptz NOT NULL,
	issued     int NOT NULL DEFAULT 0,
	called     int NOT NULL DEFAULT 0,
	served     int NOT NULL DEFAULT 0,
	wait_n     int NOT NULL DEFAULT 0,
	wait_sum_s bigint NOT NULL DEFAULT 0,
	wait_max_s int NOT NULL DEFAULT 0,
	rated      int NOT NULL DEFAULT 0,
	rated_good int NOT NULL DEFAULT 0,
	rated_bad  int NOT NULL DEFAULT 0,
	PRIMARY KEY (center, hour, category)
);
CREATE INDEX hourly_by_hour ON hourly(hour);
CREATE TABLE live_tickets (
	center    text NOT NULL,
	ticket    text NOT NULL,
	category  text NOT NULL,
	state     text NOT NULL,
	issued_at timestamptz NOT NULL,
	PRIMARY KEY (center, ticket)
);
CREATE INDEX live_tickets_waiting ON live_tickets(center, issued_at) WHERE state = 'waiting';`},
	{"catalogs", `
CREATE TABLE catalogs (
	scope     text NOT NULL REFERENCES centers(code),
	version   int NOT NULL,
	body      bytea NOT NULL,
	published timestamptz NOT NULL,
	PRIMARY KEY (scope, version)
);`},
	{"cases", `
ALTER TABLE events ADD COLUMN case_no text;
CREATE TABLE open_cases (
	center   text NOT NULL,
	case_no  text NOT NULL,
	state    text NOT NULL,
	overdue  boolean NOT NULL,
	PRIMARY KEY (center, case_no)
);
CREATE INDEX open_cases_overdue ON open_cases(center) WHERE overdue;`},
	{"relay", `
CREATE TABLE relay (
	id          bigserial UNIQUE,
	case_no     text NOT NULL,
	hop         text NOT NULL CHECK (hop IN ('out','back')),
	seq         bigint NOT NULL,
	from_center text NOT NULL REFERENCES centers(code),
	to_center   text NOT NULL REFERENCES centers(code),
	dept        text NOT NULL,
	body        jsonb NOT NULL,
	stored_at   timestamptz NOT NULL,
	taken_at    timestamptz,
	PRIMARY KEY (case_no, hop, seq)
);
CREATE INDEX relay_inbox ON relay(to_center, id) WHERE taken_at IS NULL;`},
	{"events' center checked per statement", eventsCenterChecked},
	{"relay keyed per sub-case", relayPerSubCase},
}

// relayPerSubCase keys the relay by the stream of one relayed sub-case, (case, dept,
// hop, seq), so that a bundle's sub-cases relayed to two departments no longer share a
// seq line and the second's first message is not taken for a retry of the first's.
// Existing rows keep their keys: unique per (case, hop, seq), they are unique with
// their department too. The inbox index (to_center, id) WHERE taken_at IS NULL stays:
// a center's pending messages are read in the order stored, whatever their stream; an
// acknowledgement of one stream up to a seq goes by the new key's prefix.
const relayPerSubCase = `
ALTER TABLE relay DROP CONSTRAINT relay_pkey;
ALTER TABLE relay ADD PRIMARY KEY (case_no, dept, hop, seq);`

// eventsCenterChecked keeps what the foreign key events.center → centers held (an
// event's center is in the tree, and a center with events is neither deleted nor
// renamed) but checks a COPY of 5,000 events once, not once a row, which had halved
// the upload rate: an insert's (or update's) rows are checked as a set, with the
// key-share lock on their centers the key took; a center's delete or rename is
// refused while it has events.
const eventsCenterChecked = `
ALTER TABLE events DROP CONSTRAINT events_center_fkey;
CREATE FUNCTION events_center_in_tree() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	PERFORM 1 FROM centers WHERE code IN (SELECT DISTINCT center FROM new_rows) FOR KEY SHARE;
	IF EXISTS (SELECT 1 FROM (SELECT DISTINCT center FROM new_rows) n
		WHERE NOT EXISTS (SELECT 1 FROM centers c WHERE c.code = n.center)) THEN
		RAISE foreign_key_violation USING MESSAGE = 'events: the center is not in the tree';
	END IF;
	RETURN NULL;
END $$;
CREATE TRIGGER events_center_inserted AFTER INSERT ON events REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION events_center_in_tree();
CREATE TRIGGER events_center_updated AFTER UPDATE ON events REFERENCING NEW TABLE AS new_rows
	FOR EACH STATEMENT EXECUTE FUNCTION events_center_in_tree();
CREATE FUNCTION centers_keep_events() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
	IF TG_OP = 'UPDATE' AND NEW.code = OLD.code THEN
		RETURN NEW;
	END IF;
	IF EXISTS (SELECT 1 FROM events WHERE center = OLD.code) THEN
		RAISE foreign_key_violation USING MESSAGE = 'centers: ' || OLD.code || ' has events';
	END IF;
	RETURN CASE TG_OP WHEN 'DELETE' THEN OLD ELSE NEW END;
END $$;
CREATE TRIGGER centers_keep_events BEFORE DELETE OR UPDATE OF code ON centers
	FOR EACH ROW EXECUTE FUNCTION centers_keep_events();`

// migrate applies the migrations not yet applied, holding an advisory lock so that
// several city tiers starting at once apply each once.
func migrate(ctx context.Context, pool *pgxpool.Pool) error {
	return pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(4401)`); err != nil {
			return fmt.Errorf("migrate: lock: %w", err)
		}
		if _, err := tx.Exec(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (n int PRIMARY KEY, name text NOT NULL, at timestamptz NOT NULL DEFAULT now())`); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		var done int
		if err := tx.QueryRow(ctx, `SELECT count(*) FROM schema_migrations`).Scan(&done); err != nil {
			return fmt.Errorf("migrate: %w", err)
		}
		for i := done; i < len(migrations); i++ {
			m := migrations[i]
			if _, err := tx.Exec(ctx, m.sql); err != nil {
				return fmt.Errorf("migrate %d %s: %w", i+1, m.name, err)
			}
			if _, err := tx.Exec(ctx, `INSERT INTO schema_migrations (n, name) VALUES ($1, $2)`, i+1, m.name); err != nil {
				return fmt.Errorf("migrate %d %s: %w", i+1, m.name, err)
			}
		}
		return nil
	})
}
