package frontdoor

import "sync/atomic"

// InFlight counts the deliveries the front door is receiving now. The work queue asks it
// whether to let the front door go first (see queue.Settings.Yield). Its zero value is ready
// to use; safe for concurrent use.
type InFlight struct{ n atomic.Int64 }

// Busy reports whether a delivery is being received.
func (f *InFlight) Busy() bool { return f.n.Load() > 0 }

func (f *InFlight) enter() func() {
	f.n.Add(1)
	return func() { f.n.Add(-1) }
}
