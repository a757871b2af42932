package server

import (
	"context"
	"net/http"
	"strconv"

	"github.com/iec62304-bot/iec62304-bot/internal/details"
	"github.com/iec62304-bot/iec62304-bot/internal/evaluation"
	"github.com/iec62304-bot/iec62304-bot/internal/queue"
	"github.com/iec62304-bot/iec62304-bot/internal/records"
	"github.com/iec62304-bot/iec62304-bot/internal/snapshot"
	"github.com/iec62304-bot/iec62304-bot/internal/webauth"
)

// auditTrail records each evaluation in the app's database, with the delivery that caused it.
type auditTrail struct {
	store   *records.Store
	version string
}

func (a auditTrail) Record(ctx context.Context, e evaluation.Evaluated) error {
	cause := queue.CauseOf(ctx)
	trigger := records.TriggerDelivery
	if cause.DeliveryID == "" {
		trigger = records.TriggerReconciler
	}
	written := []string{"check run " + e.Applied.CheckRun, "comment " + e.Applied.Comment}
	if e.AtMerge {
		trigger, written = records.TriggerMerge, []string{e.Report}
	}
	r := records.Record{
		Repo: e.Target.Owner + "/" + e.Target.Repo, Number: e.Target.Number, HeadSHA: e.Snapshot.HeadSHA(), At: e.At,
		Trigger: trigger, DeliveryID: cause.DeliveryID, BotVersion: a.version, PolicyRef: policyRef(e.Snapshot),
		PolicyBlob: e.Snapshot.ConfigBlob(),
		Result:     e.Judgement.Result, Written: written,
		Verdict: e.Judgement.Label(),
	}
	if e.Judgement.Result != nil {
		r.Class = string(e.Judgement.Result.Class)
	}
	if e.Judgement.Kind != evaluation.KindEvaluated {
		r.Problem = "not judged in full: " + string(e.Judgement.Kind)
	}
	_, err := a.store.Append(ctx, r)
	return err
}

// openTrail puts the evaluation records in the queue's database.
func (s *Server) openTrail(ctx context.Context) (*records.Store, error) {
	db, kind := s.queue.DB()
	store := records.New(db, records.Dialect(kind))
	return store, store.Migrate(ctx)
}

// detailsPage serves the per-PR page behind GitHub login, from the records.
func (s *Server) detailsPage(auth *webauth.Auth) http.HandlerFunc {
	return auth.RepoPage(func(w http.ResponseWriter, r *http.Request, v webauth.Viewer) {
		number, err := strconv.Atoi(r.PathValue("number"))
		if err != nil || !prNumber.MatchString(r.PathValue("number")) || !githubName.MatchString(r.PathValue("owner")) || !githubName.MatchString(r.PathValue("repo")) {
			http.NotFound(w, r)
			return
		}
		repo := r.PathValue("owner") + "/" + r.PathValue("repo")
		history, err := s.trail.History(r.Context(), repo, number)
		if err != nil {
			http.Error(w, "the audit trail could not be read; try again shortly", http.StatusServiceUnavailable)
			return
		}
		page, ok := details.NewPull(repo, number, v.Login, history)
		if !ok {
			http.Error(w, "The bot has not evaluated this pull request yet.", http.StatusNotFound)
			return
		}
		out, err := details.HTML(page)
		writeHTML(w, http.StatusOK, out, err)
	})
}

// writeHTML answers with a rendered page, or says it could not be rendered.
func writeHTML(w http.ResponseWriter, status int, out []byte, err error) {
	if err != nil {
		http.Error(w, "the page could not be rendered", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	pageHeaders(w)
	w.WriteHeader(status)
	w.Write(out) //nolint:errcheck // the viewer went away
}

// pageHeaders keep the pages to themselves: no script, no framing by another site.
func pageHeaders(w http.ResponseWriter) {
	w.Header().Set("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; form-action 'self'")
	w.Header().Set("X-Frame-Options", "DENY")
}

// policyRef names where the policy was read: its repository and branch, and the commit the
// branch stood at, so an auditor can read the very file.
func policyRef(s *snapshot.Snapshot) string {
	if s.ConfigCommit == "" {
		return s.ConfigSource
	}
	return s.ConfigSource + " at " + s.ConfigCommit
}
