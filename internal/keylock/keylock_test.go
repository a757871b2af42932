package keylock

import (
	"context"
	"sync"
	"testing"
)

// One key is held by one caller at a time; other keys do not wait for it; and a released key
// leaves nothing behind.
func TestLocalSerialisesPerKey(t *testing.T) {
	var l Local
	ctx := context.Background()
	const workers, rounds = 8, 200
	var inside, most int
	var mu sync.Mutex
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for range rounds {
				unlock, _ := l.Lock(ctx, "a")
				mu.Lock()
				inside++
				most = max(most, inside)
				mu.Unlock()
				other, _ := l.Lock(ctx, "b") // another key is free while "a" is held
				other()
				mu.Lock()
				inside--
				mu.Unlock()
				unlock()
			}
		}()
	}
	wg.Wait()
	if most != 1 {
		t.Errorf("%d callers held one key at once, want 1", most)
	}
	if len(l.keys) != 0 {
		t.Errorf("%d keys left after every lock was released, want 0", len(l.keys))
	}
}
