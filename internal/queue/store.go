package queue

import (
	"bytes"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver"
)

// Delivery is one webhook delivery as the front door took it, its signature already checked
// over Payload; nothing in it has been parsed.
type Delivery struct {
	ID      string // X-GitHub-Delivery
	Event   string // X-GitHub-Event
	Payload []byte // exactly as signed
}

// DeliveryArgs is a stored delivery: the job a delivery worker turns into work. The payload
// is a row of its own (payloadTable), written in the job's transaction: River keeps its args
// as JSON, and on SQLite it parses and re-encodes them on every insert, which cost more than
// everything else before the answer to GitHub.
type DeliveryArgs struct {
	ID        string `json:"id"`
	Event     string `json:"event"`
	PayloadID int64  `json:"payload_id"`
}

// Kind implements river.JobArgs.
func (DeliveryArgs) Kind() string { return "webhook_delivery" }

// InsertOpts implements river.JobArgsWithInsertOpts: every delivery is kept, none coalesced
// here; coalescing happens on the work it leads to.
func (DeliveryArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{Queue: QueueDeliveries} }

// payloadTable holds the payload of each stored delivery until its job is done with it.
const payloadTable = "iec62304_delivery_payload"

func createPayloads(kind string) string {
	blob := "BYTEA"
	if kind == "sqlite" {
		blob = "BLOB"
	}
	return `CREATE TABLE IF NOT EXISTS ` + payloadTable + ` (id BIGINT PRIMARY KEY, payload ` + blob + ` NOT NULL)`
}

// ErrNotJSON is Store's answer to a payload that is not a JSON object: GitHub never sends one.
var ErrNotJSON = errors.New("payload is not a JSON object")

// Store keeps a delivery durably and returns once it is committed: only then may the front
// door answer 2xx. Concurrent calls share commits (see batcher), so a burst costs a few
// transactions, not one each.
func (q *Queue) Store(ctx context.Context, d Delivery) error {
	if !looksLikeObject(d.Payload) {
		return fmt.Errorf("store delivery %s (%s): %w", d.ID, d.Event, ErrNotJSON)
	}
	if q.isStopped() || q.store == nil {
		return ErrStopped
	}
	if err := q.store.add(ctx, d); err != nil {
		return fmt.Errorf("store delivery %s (%s): %w", d.ID, d.Event, err)
	}
	return nil
}

// looksLikeObject is the front door's only look at a payload: GitHub sends one JSON object,
// and a body that does not even begin and end as one (a form-encoded webhook, a truncated
// body) is answered 400 at once. Validating the whole body here cost a quarter of the
// front door's CPU; the worker parses it anyway, and fails a payload that is still not JSON
// there, logged with its delivery id and counted.
func looksLikeObject(payload []byte) bool {
	p := bytes.TrimSpace(payload)
	return len(p) >= 2 && p[0] == '{' && p[len(p)-1] == '}'
}

// storeBatch writes the payloads and their delivery jobs in one transaction, and deletes the
// payloads of deliveries handled since the last one. The payload ids are random: GitHub
// repeats a delivery's id when it is redelivered, and each copy is kept.
func storeBatch[TTx any](ctx context.Context, db *database, client *river.Client[TTx], driver riverdriver.Driver[TTx], batch []Delivery, handled []int64) error {
	tx, err := driver.GetExecutor().Begin(ctx)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer tx.Rollback(context.WithoutCancel(ctx)) //nolint:errcheck // after Commit it has nothing to undo
	if len(handled) > 0 {
		if err := tx.Exec(ctx, db.query(deletePayloads(len(handled))), anys(handled)...); err != nil {
			return fmt.Errorf("delete handled payloads: %w", err)
		}
	}
	if len(batch) > 0 {
		params := make([]river.InsertManyParams, len(batch))
		values := make([]any, 0, 2*len(batch))
		for i, d := range batch {
			id := rand.Int64N(math.MaxInt64)
			params[i] = river.InsertManyParams{Args: DeliveryArgs{ID: d.ID, Event: d.Event, PayloadID: id}}
			values = append(values, id, d.Payload)
		}
		if err := tx.Exec(ctx, db.query(insertPayloads(len(batch))), values...); err != nil {
			return fmt.Errorf("insert payloads: %w", err)
		}
		if _, err := client.InsertManyFastTx(ctx, driver.UnwrapTx(tx), params); err != nil {
			return fmt.Errorf("insert delivery jobs: %w", err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// insertPayloads is the statement inserting n payload rows.
func insertPayloads(n int) string {
	return "INSERT INTO " + payloadTable + " (id, payload) VALUES " +
		joined(n, func(i int) string { return fmt.Sprintf("($%d, $%d)", 2*i+1, 2*i+2) })
}

// deletePayloads is the statement deleting n payload rows.
func deletePayloads(n int) string {
	return "DELETE FROM " + payloadTable + " WHERE id IN (" + joined(n, func(i int) string { return "$" + strconv.Itoa(i+1) }) + ")"
}

// joined is item(0), …, item(n-1), separated by commas.
func joined(n int, item func(i int) string) string {
	items := make([]string, n)
	for i := range items {
		items[i] = item(i)
	}
	return strings.Join(items, ", ")
}

func anys(ids []int64) []any {
	out := make([]any, len(ids))
	for i, id := range ids {
		out[i] = id
	}
	return out
}

// payload reads a stored delivery's payload; found is false once its job was done with it.
func (d *database) payload(ctx context.Context, id int64) (payload []byte, found bool, err error) {
	err = d.sql.QueryRowContext(ctx, d.query("SELECT payload FROM "+payloadTable+" WHERE id = $1"), id).Scan(&payload)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, fmt.Errorf("read payload %d: %w", id, err)
	}
	return payload, true, nil
}

// maxBatch bounds one commit; a larger burst takes several.
const maxBatch = 256

// batcher is group commit: one goroutine writes whatever waits as one transaction, and every
// caller in it learns the outcome when it commits. While a commit runs the next batch gathers,
// so the batch grows with the load and an idle queue commits a lone delivery at once. The
// payloads of handled deliveries are deleted in the same commits (or in one of their own
// when no delivery comes), so a burst costs no transaction per delivery for them either.
type batcher struct {
	write   func(ctx context.Context, batch []Delivery, handled []int64) error
	in      chan *pendingDelivery
	handled chan int64
	quit    chan struct{}
	done    chan struct{}
}

type pendingDelivery struct {
	delivery Delivery
	result   chan error
}

func newBatcher(write func(ctx context.Context, batch []Delivery, handled []int64) error) *batcher {
	b := &batcher{write: write, in: make(chan *pendingDelivery), handled: make(chan int64, maxBatch),
		quit: make(chan struct{}), done: make(chan struct{})}
	go b.run()
	return b
}

// add waits until d is committed (nil) or not (the error).
func (b *batcher) add(ctx context.Context, d Delivery) error {
	pending := &pendingDelivery{delivery: d, result: make(chan error, 1)}
	select {
	case b.in <- pending:
	case <-b.quit:
		return ErrStopped
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case err := <-pending.result:
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

// drop has the payload deleted with the next commit. A payload whose deletion a crash lost
// stays behind; the delivery worker skips it if its job runs again.
func (b *batcher) drop(ctx context.Context, id int64) {
	select {
	case b.handled <- id:
	case <-b.quit:
	case <-ctx.Done():
	}
}

func (b *batcher) run() {
	defer close(b.done)
	for {
		var batch []*pendingDelivery
		var handled []int64
		select {
		case p := <-b.in:
			batch = append(batch, p)
		case id := <-b.handled:
			handled = append(handled, id)
		case <-b.quit:
			return
		}
		b.commit(more(b.in, batch), more(b.handled, handled))
	}
}

// more adds to got what waits in ch now, up to maxBatch in all.
func more[T any](ch <-chan T, got []T) []T {
	for len(got) < maxBatch {
		select {
		case v := <-ch:
			got = append(got, v)
		default:
			return got
		}
	}
	return got
}

func (b *batcher) commit(batch []*pendingDelivery, handled []int64) {
	deliveries := make([]Delivery, len(batch))
	for i, p := range batch {
		deliveries[i] = p.delivery
	}
	// Not a caller's context: a sender that gave up must not fail the others' commit.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	err := b.write(ctx, deliveries, handled)
	for _, p := range batch {
		p.result <- err
	}
}

// stop ends the batcher after the commit under way; later adds get ErrStopped.
func (b *batcher) stop() {
	close(b.quit)
	<-b.done
}
