package config

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

// RecordsSettings say how long the audit trail is kept.
type RecordsSettings struct {
	// Retention is how long evaluation records are kept: "forever" (the default) or a number
	// of years or days ("10y", "3650d"), at least MinRetention. Older records are deleted
	// once a day; docs/audit.md says what that costs an audit.
	Retention string `yaml:"retention"`
}

// Forever is the default retention: the app deletes no record.
const Forever = "forever"

// MinRetention is the shortest retention accepted. ISO 13485 (4.2.5) and 21 CFR 820.180 ask
// that quality records be kept for the device's lifetime and never less than two years from
// its release; the EU MDR asks ten years after the last device is placed on the market.
const MinRetention = 2 * year

const year = 365 * 24 * time.Hour

// retentionPattern takes up to 99 years or 99999 days: a time.Duration reaches 292 years.
var retentionPattern = regexp.MustCompile(`^(?:([1-9][0-9]?)y|([1-9][0-9]{0,4})d)$`)

// RetentionPeriod is how long records are kept; 0 keeps them forever.
func (r RecordsSettings) RetentionPeriod() (time.Duration, error) {
	s := strings.ToLower(strings.TrimSpace(r.Retention))
	if s == "" || s == Forever {
		return 0, nil
	}
	m := retentionPattern.FindStringSubmatch(s)
	if m == nil {
		return 0, fmt.Errorf("%q is not a retention: use %s, or years (at most 99y) or days such as 10y or 3650d", r.Retention, Forever)
	}
	n, unit := m[1], year
	if n == "" {
		n, unit = m[2], 24*time.Hour
	}
	count, _ := strconv.Atoi(n)
	d := time.Duration(count) * unit
	if d < MinRetention {
		return 0, fmt.Errorf("%s is shorter than the 2 years (730d) ISO 13485 and 21 CFR 820.180 ask records to be kept at least; keep them for your device's lifetime", r.Retention)
	}
	return d, nil
}
