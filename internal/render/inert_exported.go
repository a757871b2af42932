package render

// Other documents the bot writes (the release record) quote GitHub's text too; these are the
// same guards, for them.

// Code is s as a code span no content can close.
func Code(s string) string { return code(s) }

// Cell is s made literal inside a Markdown table cell: it cannot split the cell, ping, link
// or embed.
func Cell(s string) string { return inertInCell(s) }

// Inert is s made literal in running Markdown text.
func Inert(s string) string { return inert(s) }
