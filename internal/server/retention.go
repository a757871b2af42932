package server

import "github.com/iec62304-bot/iec62304-bot/internal/queue"

// pruneRecords deletes, once a day, the evaluation records older than the retention an
// operator set; by default there is none and the app deletes nothing.
func (s *Server) pruneRecords() {
	retention, err := s.cfg.Records.RetentionPeriod()
	if err != nil || retention == 0 { // Validate refused a bad one already
		return
	}
	queue.PruneRecords(s.queue, &queue.PruneRecordsWorker{Records: s.trail, Retention: retention, Logger: s.logger, Pruned: s.metrics.RecordsPruned()})
	s.logger.Info().Str("retention", s.cfg.Records.Retention).Msg("evaluation records older than the retention are deleted once a day (IEC62304_RECORDS_RETENTION)")
}
