package queue

import (
	"context"
	"path/filepath"
	"testing"
	"time"
)

func TestLeaseIsHeldByOneHolder(t *testing.T) {
	ctx := context.Background()
	db, err := openDatabase(ctx, "sqlite://"+filepath.Join(t.TempDir(), "l.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.close()
	if err := db.migrate(ctx); err != nil {
		t.Fatal(err)
	}
	steps := []struct {
		name   string
		holder int64
		ttl    time.Duration
		want   bool
	}{
		{"free", 1, time.Minute, true},
		{"held by another", 2, time.Minute, false},
		{"the holder again", 1, time.Minute, true},
	}
	for _, s := range steps {
		got, err := db.acquire(ctx, "pr", s.holder, s.ttl)
		if err != nil || got != s.want {
			t.Fatalf("%s: %v, %v; want %v", s.name, got, err, s.want)
		}
	}
	if err := db.release(ctx, "pr", 1); err != nil {
		t.Fatal(err)
	}
	if got, _ := db.acquire(ctx, "pr", 2, -time.Second); !got {
		t.Fatal("released lease not taken")
	}
	if got, _ := db.acquire(ctx, "pr", 3, time.Minute); !got {
		t.Fatal("expired lease not taken")
	}
}
