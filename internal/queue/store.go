package queue

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"
)

// Delivery is one webhook delivery as the front door took it, its signature already checked
// over Payload; nothing in it has been parsed.
type Delivery struct {
	ID      string // X-GitHub-Delivery
	Event   string // X-GitHub-Event
	Payload []byte // exactly as signed
}

// DeliveryArgs is a stored delivery: the job a delivery worker turns into work.
type DeliveryArgs struct {
	ID      string          `json:"id"`
	Event   string          `json:"event"`
	Payload json.RawMessage `json:"payload"`
}

// Kind implements river.JobArgs.
func (DeliveryArgs) Kind() string { return "webhook_delivery" }

// InsertOpts implements river.JobArgsWithInsertOpts: every delivery is kept, none coalesced
// here; coalescing happens on the work it leads to.
func (DeliveryArgs) InsertOpts() river.InsertOpts { return river.InsertOpts{Queue: QueueDeliveries} }

// ErrNotJSON is Store's answer to a payload that is not JSON: GitHub never sends one, and it
// could not be stored as a job.
var ErrNotJSON = errors.New("payload is not JSON")

// Store keeps a delivery durably and returns once it is committed: only then may the front
// door answer 2xx. Concurrent calls share commits (see batcher), so a burst costs a few
// transactions, not one each.
func (q *Queue) Store(ctx context.Context, d Delivery) error {
	if !json.Valid(d.Payload) {
		return fmt.Errorf("store delivery %s (%s): %w", d.ID, d.Event, ErrNotJSON)
	}
	if q.isStopped() || q.store == nil {
		return ErrStopped
	}
	args := DeliveryArgs{ID: d.ID, Event: d.Event, Payload: d.Payload}
	if err := q.store.add(ctx, river.InsertManyParams{Args: args}); err != nil {
		return fmt.Errorf("store delivery %s (%s): %w", d.ID, d.Event, err)
	}
	return nil
}

// maxBatch bounds one commit; a larger burst takes several.
const maxBatch = 256

// batcher is group commit: one goroutine inserts whatever waits as one transaction, and every
// caller in it learns the outcome when it commits. While a commit runs the next batch gathers,
// so the batch grows with the load and an idle queue commits a lone delivery at once.
type batcher struct {
	insert func(context.Context, []river.InsertManyParams) ([]*rivertype.JobInsertResult, error)
	in     chan *pendingInsert
	quit   chan struct{}
	done   chan struct{}
}

type pendingInsert struct {
	params river.InsertManyParams
	result chan error
}

func newBatcher(insert func(context.Context, []river.InsertManyParams) ([]*rivertype.JobInsertResult, error)) *batcher {
	b := &batcher{insert: insert, in: make(chan *pendingInsert), quit: make(chan struct{}), done: make(chan struct{})}
	go b.run()
	return b
}

// add waits until p is committed (nil) or not (the error).
func (b *batcher) add(ctx context.Context, p river.InsertManyParams) error {
	pending := &pendingInsert{params: p, result: make(chan error, 1)}
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

func (b *batcher) run() {
	defer close(b.done)
	for {
		var first *pendingInsert
		select {
		case first = <-b.in:
		case <-b.quit:
			return
		}
		b.commit(append([]*pendingInsert{first}, b.waiting()...))
	}
}

// waiting takes what is queued now, up to a batch.
func (b *batcher) waiting() []*pendingInsert {
	var batch []*pendingInsert
	for len(batch) < maxBatch-1 {
		select {
		case p := <-b.in:
			batch = append(batch, p)
		default:
			return batch
		}
	}
	return batch
}

func (b *batcher) commit(batch []*pendingInsert) {
	params := make([]river.InsertManyParams, len(batch))
	for i, p := range batch {
		params[i] = p.params
	}
	// Not a caller's context: a sender that gave up must not fail the others' commit.
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	_, err := b.insert(ctx, params)
	for _, p := range batch {
		p.result <- err
	}
}

// stop ends the batcher after the commit under way; later adds get ErrStopped.
func (b *batcher) stop() {
	close(b.quit)
	<-b.done
}
