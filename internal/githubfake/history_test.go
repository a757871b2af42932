package githubfake

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/google/go-github/v62/github"
)

// commitN is the n-th commit of a test history, changing one file.
func commitN(n int, file string) *github.RepositoryCommit {
	when := &github.Timestamp{Time: time.Date(2026, 11, 1, 10, n, 0, 0, time.UTC)}
	return &github.RepositoryCommit{
		SHA:    github.String(fmt.Sprintf("%040d", n)),
		Commit: &github.Commit{Message: github.String(fmt.Sprintf("change %d", n)), Author: &github.CommitAuthor{Name: github.String("Dana"), Email: github.String("dana@example.com"), Date: when}, Committer: &github.CommitAuthor{Name: github.String("GitHub"), Email: github.String("noreply@github.com"), Date: when}},
		Author: &github.User{Login: github.String("dana"), ID: github.Int64(5), Type: github.String("User")},
		Files:  []*github.CommitFile{{Filename: github.String(file), Status: github.String("modified"), Additions: github.Int(1), Changes: github.Int(1)}},
	}
}

// Compare lists the commits between two refs page by page, and the files they changed, in
// the shape GitHub's description gives.
func TestCompareMatchesGitHubsDescription(t *testing.T) {
	fake := New()
	defer fake.Close()
	const o, r = "acme-medical", "infusion-pump"
	for n := 1; n <= 7; n++ {
		fake.PushCommits(o, r, "main", commitN(n, fmt.Sprintf("dose/f%d.go", n%3)))
	}
	fake.Tag(o, r, "v1.0", fmt.Sprintf("%040d", 2))
	v := &validatingTransport{t: t, router: loadDescription(t), checked: map[string]bool{}}
	client, _ := github.NewClient(&http.Client{Transport: v}).WithEnterpriseURLs(fake.URL(), fake.URL())
	client.BaseURL, _ = url.Parse(fake.URL())
	ctx := context.Background()

	var shas []string
	opts := &github.ListOptions{PerPage: 2}
	for {
		cmp, resp, err := client.Repositories.CompareCommits(ctx, o, r, "v1.0", "main", opts)
		if err != nil {
			t.Fatal(err)
		}
		// GitHub lists the files on the first page only.
		if wantFiles := map[bool]int{true: 3, false: 0}[opts.Page <= 1]; cmp.GetTotalCommits() != 5 || cmp.GetStatus() != "ahead" || len(cmp.Files) != wantFiles {
			t.Fatalf("compare v1.0...main page %d: total %d, status %s, %d files; want 5 ahead, %d files", opts.Page, cmp.GetTotalCommits(), cmp.GetStatus(), len(cmp.Files), wantFiles)
		}
		for _, c := range cmp.Commits {
			shas = append(shas, c.GetSHA())
		}
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	if len(shas) != 5 || shas[0] != fmt.Sprintf("%040d", 3) || shas[4] != fmt.Sprintf("%040d", 7) {
		t.Fatalf("commits between v1.0 and main = %v; want 3..7 oldest first", shas)
	}
	if _, _, err := client.Repositories.CompareCommits(ctx, o, r, "v9", "main", nil); err == nil {
		t.Fatal("compare from an unknown ref answered")
	}
	if !v.checked["GET /repos/{owner}/{repo}/compare/{basehead}"] {
		t.Fatalf("compare not validated: %v", v.checked)
	}
}

// A commit lists the files it changed, a page at a time.
func TestGetCommitMatchesGitHubsDescription(t *testing.T) {
	fake := New()
	defer fake.Close()
	const o, r = "acme-medical", "infusion-pump"
	wide := commitN(1, "dose/f0.go")
	for n := 1; n < 150; n++ {
		wide.Files = append(wide.Files, &github.CommitFile{Filename: github.String(fmt.Sprintf("dose/g%d.go", n)), Status: github.String("added")})
	}
	fake.PushCommits(o, r, "main", wide)
	v := &validatingTransport{t: t, router: loadDescription(t), checked: map[string]bool{}}
	client, _ := github.NewClient(&http.Client{Transport: v}).WithEnterpriseURLs(fake.URL(), fake.URL())
	client.BaseURL, _ = url.Parse(fake.URL())
	var files int
	opts := &github.ListOptions{PerPage: 100}
	for {
		c, resp, err := client.Repositories.GetCommit(context.Background(), o, r, wide.GetSHA(), opts)
		if err != nil {
			t.Fatal(err)
		}
		files += len(c.Files)
		if resp.NextPage == 0 {
			break
		}
		opts.Page = resp.NextPage
	}
	if files != 150 || !v.checked["GET /repos/{owner}/{repo}/commits/{ref}"] {
		t.Fatalf("%d files over the pages (validated: %v); want 150", files, v.checked)
	}
	if _, _, err := client.Repositories.GetCommit(context.Background(), o, r, "unknown", nil); err == nil {
		t.Fatal("an unknown commit answered")
	}
}
