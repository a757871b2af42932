package policy

// VocabularyChange is a class-independent setting that says what things are (a test file, a
// requirement ID, a dependency manifest) and differs from the bundled default. Such words
// decide what every rule sees, so a reviewer is shown each one: `test_paths: ["**"]` would
// otherwise loosen every class without a word.
type VocabularyChange struct {
	// Setting is the key as the file spells it: "rules.test_evidence.test_paths".
	Setting    string `json:"setting"`
	Default    string `json:"default"`
	Configured string `json:"configured"`
}
