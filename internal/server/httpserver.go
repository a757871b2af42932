package server

import (
	"log"
	"net/http"
	"time"

	"github.com/rs/zerolog"
)

// Limits of the webhook and metrics servers. GitHub waits 10 seconds for an answer, sends
// headers of a few kilobytes and bodies of at most 25 MB from a data centre: anything slower
// or larger is not GitHub, and a connection that holds a descriptor without getting on with
// it is closed. The front door cuts a trickling body sooner than readTimeout, by its rate.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 30 * time.Second
	writeTimeout      = 30 * time.Second
	idleTimeout       = 30 * time.Second
	maxHeaderBytes    = 64 << 10
)

// newHTTPServer is an http.Server for h with every timeout and the header limit set.
func newHTTPServer(h http.Handler, logger zerolog.Logger) *http.Server {
	return &http.Server{
		Handler:           h,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		// net/http's own complaints (a bad request line, an accept error) as JSON log lines.
		ErrorLog: log.New(logger, "", 0),
	}
}
