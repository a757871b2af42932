package release

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"strconv"
	"strings"
)

// csvHeader names the columns: one row per change, pull request or direct push, then one per
// requirement (the matrix's other direction), so a spreadsheet filters either way by kind.
var csvHeader = []string{"kind", "pull_request", "title", "url", "merged_at", "merged_by", "commit", "class", "verdict", "basis",
	"requirements", "change_requests", "problem_reports", "approvers", "test_files", "checks", "risk_labels", "risk_records",
	"soup_manifests", "reverted_by", "reverts", "deviation", "problem_report", "problem"}

// CSV is the changes of the record as RFC 4180 CSV for a spreadsheet: a header row, CRLF line
// ends, UTF-8 with a byte-order mark (without it, spreadsheets read UTF-8 as a legacy code
// page). Cells that a spreadsheet would run as a formula (a title "=HYPERLINK(…)", say) are
// quoted with a leading apostrophe, as OWASP advises: titles are anyone's text.
func CSV(r *Record) ([]byte, error) {
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	w := csv.NewWriter(&buf)
	w.UseCRLF = true
	rows := [][]string{csvHeader}
	deviation := map[string]Deviation{}
	for _, d := range r.Deviations {
		deviation[d.SHA] = d
	}
	for _, c := range r.Changes {
		d := deviation[c.MergeSHA]
		rows = append(rows, []string{"pull request", strconv.Itoa(c.Number), c.Title, c.URL, c.MergedAt.UTC().Format("2006-01-02T15:04:05Z"),
			c.MergedBy, c.MergeSHA, c.Class, c.Verdict, string(c.Basis), join(c.Requirements), join(c.ChangeRequests), join(c.ProblemReports),
			join(c.Approvers), join(c.TestFiles), join(c.Checks), join(c.RiskLabels), join(c.RiskRecords), join(c.SOUPManifests),
			number(c.RevertedBy), number(c.Reverts), d.Kind, number(d.Report), c.Problem})
	}
	for _, d := range r.Deviations {
		if d.Kind == DeviationDirectPush {
			rows = append(rows, []string{"direct push", "", d.What, d.URL, "", d.Who, d.SHA, "", "", "", "", "", "", "", "", "", "", "", "", "", "", d.Kind, "", ""})
		}
	}
	rows = append(rows, requirementRows(r)...)
	for _, row := range rows {
		for i := range row {
			row[i] = defuse(row[i])
		}
		if err := w.Write(row); err != nil {
			return nil, err
		}
	}
	w.Flush()
	return buf.Bytes(), w.Error()
}

// defuse keeps a spreadsheet from reading a cell as a formula.
func defuse(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func join(items []string) string { return strings.Join(items, "; ") }

func number(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// JSON is the record as indented JSON, for tools.
func JSON(r *Record) ([]byte, error) {
	out, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, err
	}
	return append(out, '\n'), nil
}
