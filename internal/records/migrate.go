package records

import (
	"context"
	"fmt"
)

// migrations create the table and the guard that makes it append-only. Each statement is
// idempotent, so every start may run them all.
var migrations = map[Dialect][]string{
	SQLite: {
		`CREATE TABLE IF NOT EXISTS iec62304_evaluations (
			id INTEGER PRIMARY KEY AUTOINCREMENT,
			repo TEXT NOT NULL, number INTEGER NOT NULL, head_sha TEXT NOT NULL, at_ms INTEGER NOT NULL,
			trigger_kind TEXT NOT NULL, delivery_id TEXT NOT NULL, bot_version TEXT NOT NULL,
			policy_blob TEXT NOT NULL, policy_ref TEXT NOT NULL, class TEXT NOT NULL, verdict TEXT NOT NULL,
			result TEXT NOT NULL, written TEXT NOT NULL, problem TEXT NOT NULL)`,
		`CREATE INDEX IF NOT EXISTS iec62304_evaluations_pull ON iec62304_evaluations (repo, number, at_ms)`,
		`CREATE TRIGGER IF NOT EXISTS iec62304_evaluations_append_only BEFORE UPDATE ON iec62304_evaluations
			BEGIN SELECT RAISE(ABORT, 'evaluation records are append-only'); END`,
	},
	Postgres: {
		// Replicas start together: one migrates at a time.
		`SELECT pg_advisory_xact_lock(62304001)`,
		`CREATE TABLE IF NOT EXISTS iec62304_evaluations (
			id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
			repo TEXT NOT NULL, number INTEGER NOT NULL, head_sha TEXT NOT NULL, at_ms BIGINT NOT NULL,
			trigger_kind TEXT NOT NULL, delivery_id TEXT NOT NULL, bot_version TEXT NOT NULL,
			policy_blob TEXT NOT NULL, policy_ref TEXT NOT NULL, class TEXT NOT NULL, verdict TEXT NOT NULL,
			result TEXT NOT NULL, written TEXT NOT NULL, problem TEXT NOT NULL)`,
		`CREATE INDEX IF NOT EXISTS iec62304_evaluations_pull ON iec62304_evaluations (repo, number, at_ms)`,
		`CREATE OR REPLACE FUNCTION iec62304_evaluations_refuse_update() RETURNS trigger AS $$
			BEGIN RAISE EXCEPTION 'evaluation records are append-only'; END; $$ LANGUAGE plpgsql`,
		`DROP TRIGGER IF EXISTS iec62304_evaluations_append_only ON iec62304_evaluations`,
		`CREATE TRIGGER iec62304_evaluations_append_only BEFORE UPDATE ON iec62304_evaluations
			FOR EACH ROW EXECUTE FUNCTION iec62304_evaluations_refuse_update()`,
	},
}

// Migrate creates the records table if it is missing.
func (s *Store) Migrate(ctx context.Context) error {
	steps, ok := migrations[s.dialect]
	if !ok {
		return fmt.Errorf("records: unknown database dialect %q", s.dialect)
	}
	tx, err := s.db.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("migrate evaluation records: %w", err)
	}
	defer tx.Rollback() //nolint:errcheck // a committed transaction ignores it
	for _, step := range steps {
		if _, err := tx.ExecContext(ctx, step); err != nil {
			return fmt.Errorf("migrate evaluation records: %w", err)
		}
	}
	if err := tx.Commit(); err != nil {
		return fmt.Errorf("migrate evaluation records: %w", err)
	}
	return nil
}
