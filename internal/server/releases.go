package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/google/go-github/v62/github"
	"github.com/palantir/go-githubapp/githubapp"
	"github.com/rs/zerolog"

	"github.com/iec62304-bot/iec62304-bot/internal/buildinfo"
	"github.com/iec62304-bot/iec62304-bot/internal/githubio"
	"github.com/iec62304-bot/iec62304-bot/internal/release"
	"github.com/iec62304-bot/iec62304-bot/internal/webauth"
)

// releasePattern is the release record of a repository: ?from=REF&to=REF[&format=csv].
const releasePattern = "GET /repos/{owner}/{repo}/release-record"

// releaseBudget is how long a page may spend reading GitHub: well inside the server's write
// timeout, so a slow range gets a clear answer rather than a cut connection.
const releaseBudget = 20 * time.Second

// releasePage serves the release record behind GitHub login: the viewer's token only answers
// whether they may read the repository; the record is read as the app's installation, from
// the recorded evaluations first, within release.PageLimits.
func (s *Server) releasePage(auth *webauth.Auth) http.HandlerFunc {
	return auth.RepoPage(func(w http.ResponseWriter, r *http.Request, v webauth.Viewer) {
		owner, repo := r.PathValue("owner"), r.PathValue("repo")
		if !githubName.MatchString(owner) || !githubName.MatchString(repo) {
			http.NotFound(w, r)
			return
		}
		q := r.URL.Query()
		form := release.RangeForm{Repo: owner + "/" + repo, Viewer: v.Login, From: q.Get("from"), To: q.Get("to")}
		format, ok := release.Formats[q.Get("format")]
		switch {
		case form.From == "" && form.To == "":
			writeChoose(w, http.StatusOK, form)
			return
		case q.Get("format") == "":
			format = release.Formats["html"]
		case !ok:
			form.Problem = fmt.Sprintf("%q is not a format: use markdown, html, csv or json", q.Get("format"))
			writeChoose(w, http.StatusBadRequest, form)
			return
		}
		for _, ref := range []string{form.From, form.To} {
			if err := release.CheckRef(ref); err != nil {
				form.Problem = err.Error()
				writeChoose(w, http.StatusBadRequest, form)
				return
			}
		}
		rec, status, err := s.releaseRecord(r.Context(), owner, repo, form.From, form.To)
		if err != nil {
			form.Problem = err.Error()
			writeChoose(w, status, form)
			return
		}
		s.writeRecord(w, r, rec, v.Login, q.Get("format"), format)
	})
}

// releaseRecord reads the range as the app's installation; an error comes with the status
// and wording the viewer should see.
func (s *Server) releaseRecord(ctx context.Context, owner, repo, from, to string) (*release.Record, int, error) {
	client, err := s.installationClient(ctx, owner, repo)
	var notInstalled githubapp.InstallationNotFound
	switch {
	case errors.As(err, &notInstalled):
		return nil, http.StatusNotFound, fmt.Errorf("iec62304-bot is not installed on %s/%s, so it has no record of it", owner, repo)
	case err != nil:
		zerolog.Ctx(ctx).Error().Err(err).Msg("release record: cannot act as the app's installation")
		return nil, http.StatusBadGateway, errors.New("GitHub could not be reached as the app; try again shortly")
	}
	ctx, cancel := context.WithTimeout(ctx, releaseBudget)
	defer cancel()
	calls := &githubio.CallCounter{}
	rec, err := release.Generate(ctx, calls.Counted(client), s.reader, release.Request{
		Owner: owner, Repo: repo, From: from, To: to, BotVersion: buildinfo.Read().String(),
		Records: s.trail, Calls: calls.Count, Limits: release.PageLimits,
	})
	var tooLarge *release.TooLargeError
	var gh *github.ErrorResponse
	switch {
	case err == nil:
		zerolog.Ctx(ctx).Info().Str("repo", owner+"/"+repo).Str("from", from).Str("to", to).Int("github_calls", calls.Count()).Msg("release record served")
		return rec, http.StatusOK, nil
	case errors.As(err, &tooLarge):
		return nil, http.StatusUnprocessableEntity, err
	case rateLimited(err):
		return nil, http.StatusServiceUnavailable, err
	case errors.Is(err, context.DeadlineExceeded):
		return nil, http.StatusServiceUnavailable, fmt.Errorf("reading this range from GitHub took longer than %s (%d calls so far); choose a shorter range or run `iec62304-bot report`", releaseBudget, calls.Count())
	case errors.As(err, &gh) && gh.Response != nil && gh.Response.StatusCode == http.StatusNotFound:
		return nil, http.StatusNotFound, fmt.Errorf("GitHub knows no commit between %q and %q: check that both are tags, branches or commits of %s/%s and that %q comes first", from, to, owner, repo, from)
	default:
		zerolog.Ctx(ctx).Error().Err(err).Msg("release record failed")
		return nil, http.StatusBadGateway, errors.New("GitHub could not be read for this range; try again shortly")
	}
}

// rateLimited: GitHub's rate limit is spent, and it said until when.
func rateLimited(err error) bool {
	wait, transient := githubio.RetryAfter(err)
	return transient && wait > 0
}

// installationClient acts as the app's installation on owner/repo.
func (s *Server) installationClient(ctx context.Context, owner, repo string) (*github.Client, error) {
	app, err := s.clients.NewAppClient()
	if err != nil {
		return nil, err
	}
	inst, err := githubapp.NewInstallationsService(app).GetByRepository(ctx, owner, repo)
	if err != nil {
		return nil, err
	}
	return s.clients.NewInstallationClient(inst.ID)
}

// writeRecord answers with the record: the page, or a download in the format asked for.
func (s *Server) writeRecord(w http.ResponseWriter, r *http.Request, rec *release.Record, viewer, name string, format release.Format) {
	var out []byte
	var err error
	if name == "" {
		out, err = release.Page(rec, viewer, downloads(r.URL))
	} else {
		out, err = format.Write(rec)
		w.Header().Set("Content-Disposition", fmt.Sprintf(`attachment; filename="%s"`, recordFileName(rec, format.Ext)))
	}
	if err != nil {
		http.Error(w, "the release record could not be written", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", format.ContentType)
	pageHeaders(w)
	w.Write(out) //nolint:errcheck // the viewer went away
}

func writeChoose(w http.ResponseWriter, status int, form release.RangeForm) {
	out, err := release.ChoosePage(form)
	writeHTML(w, status, out, err)
}

// downloads links the same range in every other format.
func downloads(page *url.URL) []release.Download {
	var out []release.Download
	for _, f := range []struct{ label, name string }{{"Markdown", "markdown"}, {"CSV", "csv"}, {"JSON", "json"}, {"HTML", "html"}} {
		q := page.Query()
		q.Set("format", f.name)
		out = append(out, release.Download{Label: f.label, URL: page.Path + "?" + q.Encode()})
	}
	return out
}

// recordFileName is e.g. release-record-acme-pump-v1.0-v1.1.csv; refs may hold slashes.
func recordFileName(rec *release.Record, ext string) string {
	name := strings.Join([]string{"release-record", rec.Repo, rec.From.Name, rec.To.Name}, "-")
	return strings.ReplaceAll(name, "/", "-") + "." + ext
}
