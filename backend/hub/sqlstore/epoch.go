package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"time"

	"github.com/google/uuid"

	"fieldbook/backend/hub"
)

// restoreMark is the table a SQLite backup copy carries (and the live
// database never does): the first hub to migrate the copy, once it is
// restored, drops it and begins a new epoch. Every restore of one backup
// file therefore gets an epoch of its own.
const restoreMark = "hub_restore_mark"

// Epoch reasons, as hub_epochs records them.
const (
	EpochCreated  = "created"
	EpochRestored = "restored"
)

// startEpoch gives a database its identity and first epoch, and begins a
// new epoch when it finds the database restored: a SQLite backup's mark,
// or a PostgreSQL database whose oid is not the one recorded (pg_restore
// into a new database). Run after every migration, so before a hub serves.
func (d *DB) startEpoch(ctx context.Context) error {
	// The usual start reads and writes nothing: a hub (re)starting must be
	// serving again at once.
	if settled, err := d.epochSettled(ctx); err != nil || settled {
		return err
	}
	return d.tx(ctx, func(tx *sql.Tx) error {
		storeID, err := d.storeID(ctx, tx)
		if err != nil {
			return err
		}
		now := fmtTime(time.Now())
		res, err := tx.ExecContext(ctx, d.q(`INSERT INTO hub_identity (singleton, hub_id, epoch, store_id) VALUES (1, $1, $2, $3)
			ON CONFLICT (singleton) DO NOTHING`), uuid.NewString(), uuid.NewString(), storeID)
		if err != nil {
			return fmt.Errorf("hub identity: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 1 {
			// A new database, or one from before epochs: its first.
			_, err := tx.ExecContext(ctx, d.q(`INSERT INTO hub_epochs (n, epoch, reason, started_at)
				SELECT 1, epoch, $1, $2 FROM hub_identity`), EpochCreated, now)
			if err == nil {
				err = d.dropRestoreMark(ctx, tx)
			}
			return err
		}
		lock := ""
		if d.postgres {
			lock = " FOR UPDATE"
		}
		var recorded string
		if err := tx.QueryRowContext(ctx, `SELECT store_id FROM hub_identity WHERE singleton = 1`+lock).Scan(&recorded); err != nil {
			return fmt.Errorf("hub identity: %w", err)
		}
		restored := recorded != storeID
		if !d.postgres {
			marked, err := d.hasRestoreMark(ctx, tx)
			if err != nil {
				return err
			}
			restored = marked
			if err := d.dropRestoreMark(ctx, tx); err != nil {
				return err
			}
		}
		if !restored {
			return nil
		}
		_, err = d.newEpoch(ctx, tx, storeID, now)
		return err
	})
}

// epochSettled reports whether the database has its identity and shows no
// sign of a restore, read without a write transaction.
func (d *DB) epochSettled(ctx context.Context) (bool, error) {
	var recorded string
	err := d.w.QueryRowContext(ctx, `SELECT store_id FROM hub_identity WHERE singleton = 1`).Scan(&recorded)
	if errors.Is(err, sql.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("hub identity: %w", err)
	}
	if !d.postgres {
		var n int
		err := d.w.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '`+restoreMark+`'`).Scan(&n)
		return n == 0, err
	}
	var now string
	err = d.w.QueryRowContext(ctx, `SELECT oid::text FROM pg_database WHERE datname = current_database()`).Scan(&now)
	return now == recorded, err
}

// storeID names the database a PostgreSQL hub runs on (its oid: a
// database pg_restore filled is another one); "" on SQLite.
func (d *DB) storeID(ctx context.Context, tx *sql.Tx) (string, error) {
	if !d.postgres {
		return "", nil
	}
	var id string
	err := tx.QueryRowContext(ctx, `SELECT oid::text FROM pg_database WHERE datname = current_database()`).Scan(&id)
	if err != nil {
		return "", fmt.Errorf("database oid: %w", err)
	}
	return id, nil
}

func (d *DB) hasRestoreMark(ctx context.Context, tx *sql.Tx) (bool, error) {
	var n int
	err := tx.QueryRowContext(ctx, `SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = '`+restoreMark+`'`).Scan(&n)
	return n > 0, err
}

func (d *DB) dropRestoreMark(ctx context.Context, tx *sql.Tx) error {
	if d.postgres {
		return nil
	}
	_, err := tx.ExecContext(ctx, `DROP TABLE IF EXISTS `+restoreMark)
	return err
}

// newEpoch replaces the epoch and records, per centre, the sequence it
// starts at.
func (d *DB) newEpoch(ctx context.Context, tx *sql.Tx, storeID, now string) (string, error) {
	epoch := uuid.NewString()
	if _, err := tx.ExecContext(ctx, d.q(`UPDATE hub_identity SET epoch = $1, store_id = $2 WHERE singleton = 1`), epoch, storeID); err != nil {
		return "", fmt.Errorf("new epoch: %w", err)
	}
	if _, err := tx.ExecContext(ctx, d.q(`INSERT INTO hub_epochs (n, epoch, reason, started_at)
		SELECT coalesce(max(n), 0) + 1, $1, $2, $3 FROM hub_epochs`), epoch, EpochRestored, now); err != nil {
		return "", fmt.Errorf("new epoch: %w", err)
	}
	if _, err := tx.ExecContext(ctx, d.q(`INSERT INTO hub_epoch_floors (epoch, centre, floor) SELECT $1, centre, last FROM hub_counters`), epoch); err != nil {
		return "", fmt.Errorf("new epoch: %w", err)
	}
	return epoch, nil
}

// MarkRestored begins a new epoch: the operator's word that the database
// was restored from a backup ("fieldbook-hub restored"), for a restore the
// hub cannot see (pg_restore --clean into the same PostgreSQL database).
// Every hub process must be stopped. It returns the new epoch.
func (d *DB) MarkRestored(ctx context.Context) (string, error) {
	var epoch string
	err := d.tx(ctx, func(tx *sql.Tx) error {
		storeID, err := d.storeID(ctx, tx)
		if err != nil {
			return err
		}
		epoch, err = d.newEpoch(ctx, tx, storeID, fmtTime(time.Now()))
		if err == nil {
			err = d.dropRestoreMark(ctx, tx)
		}
		return err
	})
	return epoch, err
}

// Epoch returns the hub's identity and epoch, the centre's sequence, and
// the floor of the epoch known: the lowest floor of the centre among the
// epochs begun after it (0 when known is not in this database's history).
func (d *DB) Epoch(ctx context.Context, centre, known string) (hub.Epoch, error) {
	var e hub.Epoch
	if err := d.r.QueryRowContext(ctx, `SELECT hub_id, epoch FROM hub_identity WHERE singleton = 1`).Scan(&e.HubID, &e.Epoch); err != nil {
		return e, fmt.Errorf("hub epoch: %w", err)
	}
	err := d.r.QueryRowContext(ctx, d.q(`SELECT last FROM hub_counters WHERE centre = $1`), centre).Scan(&e.Seq)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return e, fmt.Errorf("hub epoch: %w", err)
	}
	if known == "" || known == e.Epoch {
		e.Floor = e.Seq
		return e, nil
	}
	var n int64
	err = d.r.QueryRowContext(ctx, d.q(`SELECT n FROM hub_epochs WHERE epoch = $1`), known).Scan(&n)
	if errors.Is(err, sql.ErrNoRows) {
		return e, nil
	}
	if err != nil {
		return e, fmt.Errorf("hub epoch: %w", err)
	}
	var floor sql.NullInt64
	if err := d.r.QueryRowContext(ctx, d.q(`SELECT min(coalesce(f.floor, 0)) FROM hub_epochs e
		LEFT JOIN hub_epoch_floors f ON f.epoch = e.epoch AND f.centre = $1 WHERE e.n > $2`), centre, n).Scan(&floor); err != nil {
		return e, fmt.Errorf("hub epoch: %w", err)
	}
	e.Floor = floor.Int64
	return e, nil
}

// markCopy marks a SQLite backup copy as one (see restoreMark).
func markCopy(ctx context.Context, path string) error {
	db, err := sql.Open("sqlite3", "file:"+path)
	if err != nil {
		return err
	}
	defer db.Close()
	_, err = db.ExecContext(ctx, `CREATE TABLE `+restoreMark+` (backup_at TEXT NOT NULL);
		INSERT INTO `+restoreMark+` (backup_at) VALUES ('`+fmtTime(time.Now())+`')`)
	return err
}
