package evaluation

import "sync"

// coalescer runs at most one evaluation per pull request at a time. A request that arrives
// while one is running does not wait in line: it marks the running one to go round again, so
// a burst of events for one PR becomes at most two evaluations, and the last one always reads
// state newer than the last event. Serialising per PR is also what keeps two workers from both
// creating the PR's check run.
type coalescer struct {
	mu      sync.Mutex
	running map[string]*run
}

type run struct {
	again bool
}

// do runs fn for key now, or leaves it to the evaluation already running for key; it reports
// whether it ran fn itself. The error returned is that of the last round fn ran.
func (c *coalescer) do(key string, fn func() error) (ran bool, err error) {
	c.mu.Lock()
	if c.running == nil {
		c.running = map[string]*run{}
	}
	if r, busy := c.running[key]; busy {
		r.again = true
		c.mu.Unlock()
		return false, nil
	}
	r := &run{}
	c.running[key] = r
	c.mu.Unlock()

	for {
		err = fn()
		c.mu.Lock()
		if !r.again {
			delete(c.running, key)
			c.mu.Unlock()
			return true, err
		}
		r.again = false
		c.mu.Unlock()
	}
}
