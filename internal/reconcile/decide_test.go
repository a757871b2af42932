package reconcile

import (
	"testing"
	"time"

	"github.com/google/go-github/v62/github"
)

const appID = 62304

var t0 = time.Date(2026, 11, 26, 10, 0, 0, 0, time.UTC)

func at(minutes int) time.Time { return t0.Add(time.Duration(minutes) * time.Minute) }

// run is a check run by app on the head commit; completed zero means still in progress.
func run(app int64, name string, started, completed time.Time) *github.CheckRun {
	r := &github.CheckRun{ID: github.Int64(started.Unix()), Name: github.String(name), App: &github.App{ID: github.Int64(app)},
		StartedAt: &github.Timestamp{Time: started}, Status: github.String("in_progress")}
	if !completed.IsZero() {
		r.Status, r.Conclusion, r.CompletedAt = github.String("completed"), github.String("success"), &github.Timestamp{Time: completed}
	}
	return r
}

func ours(started, completed time.Time) *github.CheckRun {
	return run(appID, "IEC 62304", started, completed)
}

func ci(completed time.Time) *github.CheckRun {
	return run(15368, "build-and-test", completed.Add(-5*time.Minute), completed)
}

func TestDecide(t *testing.T) {
	var never time.Time
	tests := []struct {
		name string
		f    Facts
		want Reason
	}{
		{"no check run at all", Facts{UpdatedAt: at(0)}, Missing},
		{"only another app's check run of the same name", Facts{UpdatedAt: at(0), HeadRuns: []*github.CheckRun{run(1, "IEC 62304", at(1), at(2))}}, Missing},
		{"only CI on the head", Facts{UpdatedAt: at(0), HeadRuns: []*github.CheckRun{ci(at(3))}}, Missing},
		{"judged after the last change", Facts{UpdatedAt: at(0), HeadRuns: []*github.CheckRun{ours(at(1), at(1))}}, Fresh},
		{"changed after the check run, never recorded", Facts{UpdatedAt: at(5), HeadRuns: []*github.CheckRun{ours(at(1), at(1))}}, Changed},
		{"changed in the very second the check run completed", Facts{UpdatedAt: at(1), HeadRuns: []*github.CheckRun{ours(at(1), at(1))}}, Changed},
		{"the bot's own comment after an unchanged check run, recorded after it", Facts{UpdatedAt: at(5), LastEvaluated: at(5).Add(1300 * time.Millisecond),
			HeadRuns: []*github.CheckRun{ours(at(1), at(1))}}, Fresh},
		{"changed in the second of the last record", Facts{UpdatedAt: at(5), LastEvaluated: at(5).Add(300 * time.Millisecond),
			HeadRuns: []*github.CheckRun{ours(at(1), at(1))}}, Changed},
		{"changed after the last record", Facts{UpdatedAt: at(9), LastEvaluated: at(5), HeadRuns: []*github.CheckRun{ours(at(1), at(1))}}, Changed},
		{"CI finished after the verdict", Facts{UpdatedAt: at(0), HeadRuns: []*github.CheckRun{ours(at(1), at(1)), ci(at(4))}}, ChecksChanged},
		{"CI finished before the verdict", Facts{UpdatedAt: at(0), HeadRuns: []*github.CheckRun{ci(at(1)), ours(at(2), at(2))}}, Fresh},
		{"CI finished after the verdict, evaluated since", Facts{UpdatedAt: at(0), LastEvaluated: at(6), HeadRuns: []*github.CheckRun{ours(at(1), at(1)), ci(at(4))}}, Fresh},
		{"CI still running", Facts{UpdatedAt: at(0), HeadRuns: []*github.CheckRun{ours(at(1), at(1)), run(15368, "build", at(2), never)}}, Fresh},
		{"pending, recently", Facts{UpdatedAt: at(0), Now: at(10), PendingAge: 30 * time.Minute, HeadRuns: []*github.CheckRun{ours(at(1), never)}}, Fresh},
		{"pending for too long", Facts{UpdatedAt: at(0), Now: at(40), PendingAge: 30 * time.Minute, HeadRuns: []*github.CheckRun{ours(at(1), never)}}, Stuck},
		{"pending, evaluated again lately", Facts{UpdatedAt: at(0), LastEvaluated: at(35), Now: at(40), PendingAge: 30 * time.Minute,
			HeadRuns: []*github.CheckRun{ours(at(1), never)}}, Fresh},
		{"an older run of ours does not hide the newest", Facts{UpdatedAt: at(3), HeadRuns: []*github.CheckRun{ours(at(5), at(5)), ours(at(1), at(1))}}, Fresh},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			tt.f.AppID = appID
			if got := Decide(tt.f); got != tt.want {
				t.Errorf("Decide = %q, want %q", got, tt.want)
			}
		})
	}
}
