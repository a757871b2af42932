package server

import (
	"errors"
	"net"
	"net/http"
)

// serveMetrics serves /metrics alone on ln until the returned stop is called: the metrics
// name installations and repositories, so they are kept off the webhook port the internet
// reaches.
func (s *Server) serveMetrics(ln net.Listener) (stop func()) {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", s.metrics.Handler())
	srv := newHTTPServer(mux, s.logger)
	go func() {
		if err := srv.Serve(ln); err != nil && !errors.Is(err, http.ErrServerClosed) {
			s.logger.Error().Err(err).Msg("metrics listener stopped")
		}
	}()
	s.logger.Info().Str("address", ln.Addr().String()).Msg("serving /metrics")
	return func() { srv.Close() }
}
