package githubfake

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"

	"github.com/google/go-github/v62/github"
)

var (
	checkStatuses    = map[string]bool{"queued": true, "in_progress": true, "completed": true, "waiting": true, "requested": true, "pending": true}
	checkConclusions = map[string]bool{"action_required": true, "cancelled": true, "failure": true, "neutral": true, "success": true, "skipped": true, "stale": true, "timed_out": true}
)

func (s *Server) listCheckRuns(w http.ResponseWriter, r *http.Request, repo *repository) {
	q := r.URL.Query()
	var runs []*github.CheckRun
	for _, run := range repo.checkRuns[r.PathValue("ref")] {
		if name := q.Get("check_name"); name != "" && run.GetName() != name {
			continue
		}
		if app := q.Get("app_id"); app != "" && strconv.FormatInt(run.GetApp().GetID(), 10) != app {
			continue
		}
		runs = append(runs, run)
	}
	if q.Get("filter") != "all" {
		runs = latestByName(runs)
	}
	// GitHub lists the newest first.
	newestFirst := make([]*github.CheckRun, len(runs))
	for i, run := range runs {
		newestFirst[len(runs)-1-i] = run
	}
	pageRuns, link := pageOf(r, newestFirst)
	if link != "" {
		w.Header().Set("Link", link)
	}
	shaped := make([]json.RawMessage, len(pageRuns))
	for i, run := range pageRuns {
		shaped[i] = s.shapeRun(repo, run)
	}
	writeJSON(w, 200, map[string]any{"total_count": len(newestFirst), "check_runs": shaped})
}

// shapeRun renders a check run in GitHub's shape: as seeded, or from the template.
func (s *Server) shapeRun(repo *repository, run *github.CheckRun) json.RawMessage {
	if raw, ok := repo.raw[rawKey("check-run", run.GetID())]; ok {
		return shape(raw, run)
	}
	return shape(s.checkRunTemplate(repo, run), run)
}

// latestByName keeps the most recent run of each name (GitHub's filter=latest).
func latestByName(runs []*github.CheckRun) []*github.CheckRun {
	latest := map[string]int{}
	for i, run := range runs {
		latest[run.GetName()] = i
	}
	var out []*github.CheckRun
	for i, run := range runs {
		if latest[run.GetName()] == i {
			out = append(out, run)
		}
	}
	return out
}

func (s *Server) createCheckRun(w http.ResponseWriter, r *http.Request, repo *repository) {
	var opts github.CreateCheckRunOptions
	if !decodeBody(w, r, &opts) {
		return
	}
	if opts.Name == "" || opts.HeadSHA == "" {
		writeError(w, http.StatusUnprocessableEntity, "Invalid request.\n\n\"name\" and \"head_sha\" wasn't supplied.", "https://docs.github.com/rest/checks/runs#create-a-check-run")
		return
	}
	if outputTooLong(w, opts.Output, "https://docs.github.com/rest/checks/runs#create-a-check-run") {
		return
	}
	status := "queued"
	if opts.Status != nil {
		status = *opts.Status
	}
	if msg := checkStateProblem(status, opts.Conclusion); msg != "" {
		writeError(w, http.StatusUnprocessableEntity, msg, "https://docs.github.com/rest/checks/runs#create-a-check-run")
		return
	}
	if opts.Conclusion != nil {
		status = "completed"
	}
	run := &github.CheckRun{
		ID: github.Int64(s.id()), Name: github.String(opts.Name), HeadSHA: github.String(opts.HeadSHA), Status: github.String(status),
		Conclusion: opts.Conclusion, DetailsURL: opts.DetailsURL, ExternalID: opts.ExternalID, Output: outputOf(opts.Output),
		App: s.app, StartedAt: now(),
		HTMLURL: github.String(fmt.Sprintf("https://github.com/%s/runs/%d", repo.repo.GetFullName(), s.nextID)),
	}
	if run.DetailsURL == nil {
		run.DetailsURL = github.String(AppHomepage)
	}
	if status == "completed" {
		run.CompletedAt = now()
	}
	repo.checkRuns[opts.HeadSHA] = append(repo.checkRuns[opts.HeadSHA], run)
	writeJSON(w, 201, s.shapeRun(repo, run))
}

func (s *Server) findRun(repo *repository, id int64) *github.CheckRun {
	for _, runs := range repo.checkRuns {
		for _, run := range runs {
			if run.GetID() == id {
				return run
			}
		}
	}
	return nil
}

func (s *Server) getCheckRun(w http.ResponseWriter, r *http.Request, repo *repository) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if run := s.findRun(repo, id); run != nil {
		writeJSON(w, 200, s.shapeRun(repo, run))
		return
	}
	notFound(w)
}

func (s *Server) updateCheckRun(w http.ResponseWriter, r *http.Request, repo *repository) {
	id, _ := strconv.ParseInt(r.PathValue("id"), 10, 64)
	run := s.findRun(repo, id)
	if run == nil {
		notFound(w)
		return
	}
	if run.GetApp().GetID() != s.app.GetID() {
		writeError(w, http.StatusForbidden, "Resource not accessible by integration", "https://docs.github.com/rest/checks/runs#update-a-check-run")
		return
	}
	var opts github.UpdateCheckRunOptions
	if !decodeBody(w, r, &opts) {
		return
	}
	if outputTooLong(w, opts.Output, "https://docs.github.com/rest/checks/runs#update-a-check-run") {
		return
	}
	status, conclusion := updatedState(run, opts)
	if msg := checkStateProblem(status, conclusion); msg != "" {
		writeError(w, http.StatusUnprocessableEntity, msg, "https://docs.github.com/rest/checks/runs#update-a-check-run")
		return
	}
	if run.GetStatus() == "completed" && status != "completed" {
		// GitHub: once a check run is completed, its status cannot change any more. The fake
		// refuses loudly what GitHub would not do, so the app is never built on it.
		writeError(w, http.StatusUnprocessableEntity, "Invalid request.\n\nA completed check run cannot return to "+status+".",
			"https://docs.github.com/rest/checks/runs#update-a-check-run")
		return
	}
	applyUpdate(run, opts, status, conclusion)
	writeJSON(w, 200, s.shapeRun(repo, run))
}

// updatedState is the status and conclusion a PATCH leaves: a conclusion completes the run,
// and a PATCH that names neither keeps both.
func updatedState(run *github.CheckRun, opts github.UpdateCheckRunOptions) (string, *string) {
	status, conclusion := run.GetStatus(), run.Conclusion
	if opts.Status != nil {
		status = *opts.Status
		if status != "completed" {
			conclusion = nil
		}
	}
	if opts.Conclusion != nil {
		status, conclusion = "completed", opts.Conclusion
	}
	return status, conclusion
}

func applyUpdate(run *github.CheckRun, opts github.UpdateCheckRunOptions, status string, conclusion *string) {
	if opts.Name != "" {
		run.Name = github.String(opts.Name)
	}
	wasCompleted := run.GetStatus() == "completed"
	run.Status, run.Conclusion = github.String(status), conclusion
	if status == "completed" && (!wasCompleted || opts.Conclusion != nil) {
		run.CompletedAt = now()
	}
	if opts.DetailsURL != nil {
		run.DetailsURL = opts.DetailsURL
	}
	if opts.ExternalID != nil {
		run.ExternalID = opts.ExternalID
	}
	if opts.Output != nil {
		run.Output = outputOf(opts.Output)
	}
}

// checkStateProblem validates a status/conclusion pair as GitHub does.
func checkStateProblem(status string, conclusion *string) string {
	switch {
	case !checkStatuses[status]:
		return fmt.Sprintf("Invalid request.\n\n%q is not a member of the status enum.", status)
	case conclusion != nil && !checkConclusions[*conclusion]:
		return fmt.Sprintf("Invalid request.\n\n%q is not a member of the conclusion enum.", *conclusion)
	case status == "completed" && conclusion == nil:
		return "Invalid request.\n\nNo subschema in \"anyOf\" matched: \"conclusion\" wasn't supplied."
	}
	return ""
}

func outputOf(o *github.CheckRunOutput) *github.CheckRunOutput {
	if o == nil {
		return &github.CheckRunOutput{AnnotationsCount: github.Int(0)}
	}
	out := clone(o)
	out.AnnotationsCount = github.Int(len(o.Annotations))
	out.Annotations = nil
	return out
}
