package frontdoor

import (
	"context"
	"errors"
	"sync"
	"time"
)

var errNoRoom = errors.New("no room in the body budget")

// budget bounds the bytes of webhook bodies held at once. A body takes room for its declared
// length before its first byte is read and keeps it until the delivery is answered, so bodies
// never wait for each other half-read. Room is not handed out in arrival order: a small
// delivery that fits goes ahead of a large one waiting, so a few huge bodies cannot hold back
// the small ones GitHub sends almost always.
type budget struct {
	mu    sync.Mutex
	free  int64
	freed chan struct{} // closed, and replaced, whenever room is given back
}

func newBudget(bytes int64) *budget { return &budget{free: bytes, freed: make(chan struct{})} }

// reserve waits up to wait for room for n bytes and returns the function that gives it back.
func (b *budget) reserve(ctx context.Context, n int64, wait time.Duration) (release func(), err error) {
	timeout := time.NewTimer(wait)
	defer timeout.Stop()
	for {
		b.mu.Lock()
		if n <= b.free {
			b.free -= n
			b.mu.Unlock()
			return func() { b.give(n) }, nil
		}
		freed := b.freed
		b.mu.Unlock()
		select {
		case <-freed:
		case <-timeout.C:
			return nil, errNoRoom
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

func (b *budget) give(n int64) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.free += n
	close(b.freed)
	b.freed = make(chan struct{})
}
