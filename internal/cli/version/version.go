// Package version implements `iec62304-bot version`: the bot's version, the commit it was
// built from and that commit's date, as check runs name them.
package version

import (
	"context"
	"fmt"
	"io"

	"github.com/iec62304-bot/iec62304-bot/internal/buildinfo"
)

// Run prints the build information of the running binary.
func Run(_ context.Context, args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintln(stderr, "usage: iec62304-bot version")
		return 2
	}
	info := buildinfo.Read()
	fmt.Fprintf(stdout, "iec62304-bot %s\n", info.Version)
	fmt.Fprintf(stdout, "commit:  %s\n", orUnknown(info.Commit, info.Modified))
	fmt.Fprintf(stdout, "date:    %s\n", orUnknown(info.Time, false))
	return 0
}

func orUnknown(s string, modified bool) string {
	switch {
	case s == "":
		return "not recorded (built outside a git checkout or with -buildvcs=false)"
	case modified:
		return s + " (with uncommitted changes)"
	}
	return s
}
