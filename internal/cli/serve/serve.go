// Package serve implements `iec62304-bot serve [--config FILE]`: the GitHub App webhook service.
package serve

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"

	"github.com/rs/zerolog"

	"github.com/iec62304-bot/iec62304-bot/internal/config"
	"github.com/iec62304-bot/iec62304-bot/internal/server"
)

// Run starts the service and blocks until ctx ends (SIGTERM), then drains and exits.
func Run(ctx context.Context, args []string, _, stderr io.Writer) int {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	path := fs.String("config", "", "server configuration file (YAML); every setting can also come from the environment")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	cfg, err := config.Load(*path, os.Getenv)
	if err != nil {
		fmt.Fprintf(stderr, "iec62304-bot serve: %v\n", err)
		return 2
	}
	logger := newLogger(cfg.Logging, stderr)
	srv, err := server.New(cfg, logger)
	if err != nil {
		logger.Error().Err(err).Msg("cannot start")
		return 1
	}
	if err := srv.Run(ctx); err != nil {
		logger.Error().Err(err).Msg("stopped with an error")
		return 1
	}
	return 0
}

// newLogger logs JSON lines (one object per line, for log shippers) unless text is asked for.
func newLogger(settings config.LoggingSettings, w io.Writer) zerolog.Logger {
	level, err := settings.ParseLevel()
	if err != nil { // config.Load has validated it; this only guards other callers
		level = zerolog.InfoLevel
	}
	if settings.Text {
		w = zerolog.ConsoleWriter{Out: w}
	}
	return zerolog.New(w).Level(level).With().Timestamp().Logger()
}
