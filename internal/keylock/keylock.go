// Package keylock serialises work per key: the check run of one commit, the report of one
// cause. Locker is what the services ask for; the work queue's leases implement it across
// replicas, and Local within one process, for a service run without a queue.
package keylock

import (
	"context"
	"sync"
)

// Locker takes a named lock, waiting for it, and returns its release.
type Locker interface {
	Lock(ctx context.Context, key string) (unlock func(), err error)
}

// Local serialises work per key within this process; its zero value is ready to use. A key's
// entry lives only while someone holds or waits for it, so the map does not grow with every
// key ever locked.
type Local struct {
	mu   sync.Mutex
	keys map[string]*entry
}

type entry struct {
	sync.Mutex
	users int
}

// Lock waits for key's lock and returns its release. It never fails.
func (l *Local) Lock(_ context.Context, key string) (func(), error) {
	l.mu.Lock()
	if l.keys == nil {
		l.keys = map[string]*entry{}
	}
	e := l.keys[key]
	if e == nil {
		e = &entry{}
		l.keys[key] = e
	}
	e.users++
	l.mu.Unlock()
	e.Lock()
	return func() {
		e.Unlock()
		l.mu.Lock()
		if e.users--; e.users == 0 {
			delete(l.keys, key)
		}
		l.mu.Unlock()
	}, nil
}

var _ Locker = (*Local)(nil)
