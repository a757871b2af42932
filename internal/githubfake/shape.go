package githubfake

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/google/go-github/v62/github"
)

// go-github's types drop what GitHub sends as null and some keys they do not model (_links).
// The fake answers with GitHub's full shape: the raw JSON an object was seeded with (or a
// template for objects it creates), with the typed value's fields laid over it.

// shape returns typed as JSON, laid over base (raw JSON or a template map), without the keys
// in omit; nil base means typed alone.
func shape(base any, typed any, omit ...string) json.RawMessage {
	out := toMap(typed)
	if base != nil {
		b := toMap(base)
		merge(b, out)
		out = b
	}
	for _, k := range omit {
		delete(out, k)
	}
	completeUsers(out)
	data, err := json.Marshal(out)
	if err != nil {
		panic(fmt.Sprintf("githubfake: encode %T: %v", typed, err))
	}
	return data
}

func toMap(v any) map[string]any {
	var data []byte
	switch v := v.(type) {
	case json.RawMessage:
		data = v
	case map[string]any:
		return v
	default:
		var err error
		if data, err = json.Marshal(v); err != nil {
			panic(fmt.Sprintf("githubfake: encode %T: %v", v, err))
		}
	}
	m := map[string]any{}
	if err := json.Unmarshal(data, &m); err != nil {
		panic(fmt.Sprintf("githubfake: decode %T: %v", v, err))
	}
	return m
}

// merge lays src over dst: nested objects merge, equal-length arrays merge element by
// element, anything else is replaced.
func merge(dst, src map[string]any) {
	for k, sv := range src {
		switch s := sv.(type) {
		case map[string]any:
			if d, ok := dst[k].(map[string]any); ok {
				merge(d, s)
				continue
			}
		case []any:
			if d, ok := dst[k].([]any); ok && len(d) == len(s) {
				for i := range s {
					dm, dok := d[i].(map[string]any)
					sm, sok := s[i].(map[string]any)
					if dok && sok {
						merge(dm, sm)
						s[i] = dm
					}
				}
			}
		}
		dst[k] = sv
	}
}

// completeUsers gives every user object (one with a login and a type) the keys GitHub always
// sends for a user, wherever it sits in a response.
func completeUsers(v any) {
	switch v := v.(type) {
	case map[string]any:
		if login, ok := v["login"].(string); ok && v["type"] != nil {
			id, _ := v["id"].(float64)
			typ, _ := v["type"].(string)
			for k, tv := range userTemplate(&github.User{Login: &login, ID: github.Int64(int64(id)), Type: &typ}) {
				if _, has := v[k]; !has {
					v[k] = tv
				}
			}
		}
		for _, child := range v {
			completeUsers(child)
		}
	case []any:
		for _, child := range v {
			completeUsers(child)
		}
	}
}

// userTemplate is a user in GitHub's full simple-user shape.
func userTemplate(u *github.User) map[string]any {
	login := u.GetLogin()
	api := "https://api.github.com/users/" + login
	return map[string]any{
		"login": login, "id": u.GetID(), "node_id": "U_" + strconv.FormatInt(u.GetID(), 10),
		"avatar_url": fmt.Sprintf("https://avatars.githubusercontent.com/u/%d?v=4", u.GetID()), "gravatar_id": "",
		"url": api, "html_url": "https://github.com/" + login, "followers_url": api + "/followers",
		"following_url": api + "/following{/other_user}", "gists_url": api + "/gists{/gist_id}",
		"starred_url": api + "/starred{/owner}{/repo}", "subscriptions_url": api + "/subscriptions",
		"organizations_url": api + "/orgs", "repos_url": api + "/repos", "events_url": api + "/events{/privacy}",
		"received_events_url": api + "/received_events", "type": u.GetType(), "site_admin": false,
	}
}

// repoURLs are the API links every repository object carries, relative to its API URL.
var repoURLs = map[string]string{
	"archive_url": "/{archive_format}{/ref}", "assignees_url": "/assignees{/user}", "blobs_url": "/git/blobs{/sha}",
	"branches_url": "/branches{/branch}", "collaborators_url": "/collaborators{/collaborator}", "comments_url": "/comments{/number}",
	"commits_url": "/commits{/sha}", "compare_url": "/compare/{base}...{head}", "contents_url": "/contents/{+path}",
	"contributors_url": "/contributors", "deployments_url": "/deployments", "downloads_url": "/downloads", "events_url": "/events",
	"forks_url": "/forks", "git_commits_url": "/git/commits{/sha}", "git_refs_url": "/git/refs{/sha}", "git_tags_url": "/git/tags{/sha}",
	"hooks_url": "/hooks", "issue_comment_url": "/issues/comments{/number}", "issue_events_url": "/issues/events{/number}",
	"issues_url": "/issues{/number}", "keys_url": "/keys{/key_id}", "labels_url": "/labels{/name}", "languages_url": "/languages",
	"merges_url": "/merges", "milestones_url": "/milestones{/number}", "notifications_url": "/notifications{?since,all,participating}",
	"pulls_url": "/pulls{/number}", "releases_url": "/releases{/id}", "stargazers_url": "/stargazers", "statuses_url": "/statuses/{sha}",
	"subscribers_url": "/subscribers", "subscription_url": "/subscription", "tags_url": "/tags", "teams_url": "/teams", "trees_url": "/git/trees{/sha}",
}

// repoTemplate is a repository in GitHub's minimal-repository shape.
func repoTemplate(r *github.Repository) map[string]any {
	api := "https://api.github.com/repos/" + r.GetFullName()
	m := map[string]any{"url": api, "node_id": "R_" + strconv.FormatInt(r.GetID(), 10), "description": "", "fork": false,
		"owner": userTemplate(r.GetOwner())}
	for k, suffix := range repoURLs {
		m[k] = api + suffix
	}
	return m
}

// AppHomepage is the app's homepage (its manifest's url), which GitHub shows as a check run's
// details_url when the app gives none.
const AppHomepage = "https://iec62304-bot.example.com/about"

// appTemplate is the app in GitHub's integration shape.
func (s *Server) appTemplate() map[string]any {
	return map[string]any{
		"id": s.app.GetID(), "slug": s.app.GetSlug(), "node_id": "A_" + strconv.FormatInt(s.app.GetID(), 10),
		"owner": userTemplate(s.app.GetOwner()), "name": s.app.GetName(), "description": "Enforces IEC 62304 on pull requests",
		"external_url": AppHomepage, "html_url": "https://github.com/apps/" + s.app.GetSlug(),
		"created_at": "2026-11-01T00:00:00Z", "updated_at": "2026-11-01T00:00:00Z",
		"permissions": toMap(s.app.GetPermissions()), "events": s.app.Events,
	}
}

// checkRunTemplate holds the keys GitHub always sends for a check run.
func (s *Server) checkRunTemplate(repo *repository, run *github.CheckRun) map[string]any {
	api := "https://api.github.com/repos/" + repo.repo.GetFullName()
	return map[string]any{
		"node_id": "CR_" + strconv.FormatInt(run.GetID(), 10), "url": fmt.Sprintf("%s/check-runs/%d", api, run.GetID()),
		"details_url": nil, "external_id": nil, "conclusion": nil, "completed_at": nil,
		"check_suite": map[string]any{"id": run.GetID() + 1000000}, "pull_requests": []any{}, "app": s.appTemplate(),
		"output": map[string]any{"title": nil, "summary": nil, "text": nil, "annotations_count": 0,
			"annotations_url": fmt.Sprintf("%s/check-runs/%d/annotations", api, run.GetID())},
	}
}

// commentTemplate holds the keys GitHub always sends for an issue comment.
func commentTemplate(repo *repository, c *github.IssueComment) map[string]any {
	return map[string]any{
		"node_id": "IC_" + strconv.FormatInt(c.GetID(), 10),
		"url":     fmt.Sprintf("https://api.github.com/repos/%s/issues/comments/%d", repo.repo.GetFullName(), c.GetID()),
		"user":    userTemplate(c.GetUser()), "performed_via_github_app": repo.viaApp("comment", c.GetID()),
	}
}
