package demo

import (
	"bytes"
	"context"
	"strings"
	"testing"
)

func TestStoryEndsAsExpected(t *testing.T) {
	var out bytes.Buffer
	if err := Run(context.Background(), &out); err != nil {
		t.Fatalf("%v\n%s", err, out.String())
	}
	for _, want := range []string{
		"10 of 10 steps ended as expected.",
		"4 of 4 problem-report steps ended as expected.",
		"x40 sent at once -> 40 of 40 accepted (202)",
		"not counted: @\u200ddan: co-author of", // the summary never pings reviewers
		"not counted: @\u200derin: approved",
		"redelivered -> 202 Accepted",
		" reads, 0 writes\n",
		"[10/10] CI passes on the fork's commit", // a fork's PR turns from pending to its verdict
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("demo output lacks %q:\n%s", want, out.String())
		}
	}
}
