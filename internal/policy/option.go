package policy

// Option is one class-independent setting of a rule, under `rules.<rule>` in the policy file:
// how to read it, and which teams it names.
type Option struct {
	Key string
	// Decode reads v onto c; false when v is invalid (v has reported why).
	Decode func(v Value, c *Config) bool
	// Teams lists the team slugs the option names in c, whose members the fetcher reads; nil
	// for an option that names no team.
	Teams func(c Config) []string
}

// optionsOf returns rule id's options struct T; the zero value when unset.
func optionsOf[T any](c Config, id RuleID) T {
	o, _ := c.RuleOptions[id].(T)
	return o
}

// teamsOption is a list of team slugs in the base repository's organisation.
func teamsOption[T any](id RuleID, key string, f func(*T) *[]string) Option {
	get := func(c Config) []string { o := optionsOf[T](c, id); return *f(&o) }
	return Option{
		Key: key,
		Decode: func(v Value, c *Config) bool {
			teams, ok := v.Strings()
			if !ok {
				return false
			}
			o := optionsOf[T](*c, id)
			*f(&o) = teams
			if c.RuleOptions == nil {
				c.RuleOptions = map[RuleID]any{}
			}
			c.RuleOptions[id] = o
			return true
		},
		Teams: get,
	}
}
