// Package records keeps the audit trail: one row per evaluation the bot made, written once
// and never changed, in the app's own database (SQLite by default, PostgreSQL when
// configured). A check run shows only the latest verdict; the records keep every one, so what
// the bot decided at merge, and under which policy, can be shown to an auditor years later.
package records

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/iec62304-bot/iec62304-bot/internal/policy"
)

// Trigger says what made the bot evaluate.
type Trigger string

// Triggers.
const (
	TriggerDelivery   Trigger = "delivery"
	TriggerReconciler Trigger = "reconciler"
	// TriggerMerge is the fresh evaluation at merge: the record a release is judged by.
	TriggerMerge Trigger = "merge"
)

// Record is one evaluation of one pull request.
type Record struct {
	ID         int64          `json:"id"`
	Repo       string         `json:"repo"` // owner/name
	Number     int            `json:"number"`
	HeadSHA    string         `json:"head_sha"`
	At         time.Time      `json:"at"`
	Trigger    Trigger        `json:"trigger"`
	DeliveryID string         `json:"delivery_id,omitempty"`
	BotVersion string         `json:"bot_version"`
	PolicyBlob string         `json:"policy_blob_sha,omitempty"`
	PolicyRef  string         `json:"policy_commit,omitempty"`
	Class      string         `json:"class"`
	Verdict    string         `json:"verdict"`
	Result     *policy.Result `json:"result,omitempty"`
	// Written says what the evaluation wrote to GitHub ("check run created", "comment unchanged").
	Written []string `json:"written"`
	// Problem is set when the evaluation did not judge the rules (a broken policy file, say).
	Problem string `json:"problem,omitempty"`
}

// Store appends and reads records.
type Store struct {
	db      *sql.DB
	dialect Dialect
}

// Dialect is the SQL flavour of the database.
type Dialect string

// Dialects.
const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// New opens the records in db; Migrate creates their table.
func New(db *sql.DB, dialect Dialect) *Store { return &Store{db: db, dialect: dialect} }

// Append writes one record and returns its ID. Records are never updated: the table refuses
// an UPDATE, so not even a bug in the app can rewrite history.
func (s *Store) Append(ctx context.Context, r Record) (int64, error) {
	result, err := json.Marshal(r.Result)
	if err != nil {
		return 0, fmt.Errorf("record evaluation of %s#%d: %w", r.Repo, r.Number, err)
	}
	written, err := json.Marshal(r.Written)
	if err != nil {
		return 0, fmt.Errorf("record evaluation of %s#%d: %w", r.Repo, r.Number, err)
	}
	var id int64
	err = s.db.QueryRowContext(ctx, `INSERT INTO iec62304_evaluations
		(repo, number, head_sha, at_ms, trigger_kind, delivery_id, bot_version, policy_blob, policy_ref, class, verdict, result, written, problem)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) RETURNING id`,
		r.Repo, r.Number, r.HeadSHA, r.At.UnixMilli(), string(r.Trigger), r.DeliveryID, r.BotVersion, r.PolicyBlob, r.PolicyRef,
		r.Class, r.Verdict, string(result), string(written), r.Problem).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("record evaluation of %s#%d: %w", r.Repo, r.Number, err)
	}
	return id, nil
}

const columns = `id, repo, number, head_sha, at_ms, trigger_kind, delivery_id, bot_version, policy_blob, policy_ref, class, verdict, result, written, problem`

// History is every record of a pull request, oldest first.
func (s *Store) History(ctx context.Context, repo string, number int) ([]Record, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT `+columns+` FROM iec62304_evaluations
		WHERE repo = $1 AND number = $2 ORDER BY at_ms, id`, repo, number)
	if err != nil {
		return nil, fmt.Errorf("read records of %s#%d: %w", repo, number, err)
	}
	defer rows.Close()
	var out []Record
	for rows.Next() {
		r, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("read records of %s#%d: %w", repo, number, err)
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read records of %s#%d: %w", repo, number, err)
	}
	return out, nil
}

// AtMerge is the record a release judges a merged pull request by: the fresh evaluation made
// when it merged, else the last evaluation before mergedAt (what its check run said when it
// was merged); false when there is neither (merged before the app was installed, or pruned).
// GitHub gives merged_at in whole seconds, so "before" reaches to the end of that second: the
// evaluation a few hundred milliseconds before the merge button was pressed is the one the
// reviewer saw.
func (s *Store) AtMerge(ctx context.Context, repo string, number int, mergedAt time.Time) (Record, bool, error) {
	until := mergedAt.Truncate(time.Second).Add(time.Second - time.Millisecond)
	row := s.db.QueryRowContext(ctx, `SELECT `+columns+` FROM iec62304_evaluations
		WHERE repo = $1 AND number = $2 AND (trigger_kind = $3 OR at_ms <= $4)
		ORDER BY CASE WHEN trigger_kind = $3 THEN 1 ELSE 0 END DESC, at_ms DESC, id DESC LIMIT 1`,
		repo, number, string(TriggerMerge), until.UnixMilli())
	r, err := scan(row)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return Record{}, false, nil
	case err != nil:
		return Record{}, false, fmt.Errorf("read the merge record of %s#%d: %w", repo, number, err)
	}
	return r, true, nil
}

// PullHead names a pull request at one head commit.
type PullHead struct {
	Number  int
	HeadSHA string
}

// LastEvaluated is when each pull request of repo (owner/name) was last evaluated, at each
// head commit it was evaluated at: what the reconciler compares a pull request's last change
// with.
func (s *Store) LastEvaluated(ctx context.Context, repo string) (map[PullHead]time.Time, error) {
	rows, err := s.db.QueryContext(ctx, `SELECT number, head_sha, MAX(at_ms) FROM iec62304_evaluations
		WHERE repo = $1 GROUP BY number, head_sha`, repo)
	if err != nil {
		return nil, fmt.Errorf("read the last evaluations of %s: %w", repo, err)
	}
	defer rows.Close()
	out := map[PullHead]time.Time{}
	for rows.Next() {
		var key PullHead
		var at int64
		if err := rows.Scan(&key.Number, &key.HeadSHA, &at); err != nil {
			return nil, fmt.Errorf("read the last evaluations of %s: %w", repo, err)
		}
		out[key] = time.UnixMilli(at).UTC()
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read the last evaluations of %s: %w", repo, err)
	}
	return out, nil
}

// Prune deletes records older than a retention period, the one deletion the app makes, and
// only when an operator sets a retention (docs/audit.md says what that costs an audit).
func (s *Store) Prune(ctx context.Context, before time.Time) (int64, error) {
	res, err := s.db.ExecContext(ctx, `DELETE FROM iec62304_evaluations WHERE at_ms < $1`, before.UnixMilli())
	if err != nil {
		return 0, fmt.Errorf("prune evaluation records before %s: %w", before.Format(time.RFC3339), err)
	}
	return res.RowsAffected()
}

type scanner interface{ Scan(dest ...any) error }

func scan(row scanner) (Record, error) {
	var r Record
	var at int64
	var trigger, result, written string
	if err := row.Scan(&r.ID, &r.Repo, &r.Number, &r.HeadSHA, &at, &trigger, &r.DeliveryID, &r.BotVersion, &r.PolicyBlob,
		&r.PolicyRef, &r.Class, &r.Verdict, &result, &written, &r.Problem); err != nil {
		return Record{}, err
	}
	r.At, r.Trigger = time.UnixMilli(at).UTC(), Trigger(trigger)
	if err := json.Unmarshal([]byte(result), &r.Result); err != nil {
		return Record{}, fmt.Errorf("record %d: result: %w", r.ID, err)
	}
	if err := json.Unmarshal([]byte(written), &r.Written); err != nil {
		return Record{}, fmt.Errorf("record %d: written: %w", r.ID, err)
	}
	return r, nil
}
