package policy

import (
	"maps"
	"slices"
	"strconv"
)

// ClassRules holds, per rule, the settings that grow stricter with the safety class: each value
// is the rule's own settings struct (ReviewsRule, ...), read and written by its Settings.
type ClassRules map[RuleID]any

// Clone returns a copy that can be changed without changing r.
func (r ClassRules) Clone() ClassRules { return maps.Clone(r) }

// settingsOf returns rule id's settings of type T; the zero value when unset.
func settingsOf[T any](r ClassRules, id RuleID) T {
	s, _ := r[id].(T)
	return s
}

// Setting is one per-class setting of a rule: how to read it from the policy file, whether a
// value is looser than another (a deviation), and how to show it.
type Setting struct {
	Key string
	// Decode reads v onto r; false when v is invalid (v has reported why).
	Decode func(v Value, r ClassRules) bool
	// Looser reports whether got is less strict than def.
	Looser func(def, got ClassRules) bool
	Show   func(r ClassRules) string
}

// Value is one setting's value in a policy file. The parser implements it; a method that
// returns false has reported the problem at the value's line and column.
type Value interface {
	Bool() (bool, bool)
	Int() (int, bool)
	OneOf(choices ...string) (string, bool)
	// Strings is a list of non-empty strings.
	Strings() ([]string, bool)
	Errorf(format string, args ...any)
}

// field gives typed access to one field of rule id's settings struct T.
func field[T, V any](id RuleID, f func(*T) *V) (get func(ClassRules) V, set func(ClassRules, V)) {
	get = func(r ClassRules) V { s := settingsOf[T](r, id); return *f(&s) }
	set = func(r ClassRules, v V) { s := settingsOf[T](r, id); *f(&s) = v; r[id] = s }
	return get, set
}

// boolSetting: true is the stricter value.
func boolSetting[T any](id RuleID, key string, f func(*T) *bool) Setting {
	get, set := field(id, f)
	return Setting{
		Key: key,
		Decode: func(v Value, r ClassRules) bool {
			b, ok := v.Bool()
			set(r, b)
			return ok
		},
		Looser: func(def, got ClassRules) bool { return get(def) && !get(got) },
		Show:   func(r ClassRules) string { return strconv.FormatBool(get(r)) },
	}
}

// countSetting: a count of 0 or more; more is stricter.
func countSetting[T any](id RuleID, key string, f func(*T) *int) Setting {
	get, set := field(id, f)
	return Setting{
		Key: key,
		Decode: func(v Value, r ClassRules) bool {
			n, ok := v.Int()
			if ok && n < 0 {
				v.Errorf("must be 0 or more, got %d", n)
				return false
			}
			set(r, n)
			return ok
		},
		Looser: func(def, got ClassRules) bool { return get(got) < get(def) },
		Show:   func(r ClassRules) string { return strconv.Itoa(get(r)) },
	}
}

// choiceSetting: one of ranked, which lists the choices least strict first.
func choiceSetting[T any, V ~string](id RuleID, key string, f func(*T) *V, ranked ...V) Setting {
	get, set := field(id, f)
	names := make([]string, len(ranked))
	for i, c := range ranked {
		names[i] = string(c)
	}
	return Setting{
		Key: key,
		Decode: func(v Value, r ClassRules) bool {
			s, ok := v.OneOf(names...)
			set(r, V(s))
			return ok
		},
		Looser: func(def, got ClassRules) bool {
			return slices.Index(ranked, get(got)) < slices.Index(ranked, get(def))
		},
		Show: func(r ClassRules) string { return string(get(r)) },
	}
}

// enforcementSetting is every rule's first setting. Messages offer blocking first: it is the
// default of almost every rule.
func enforcementSetting[T any](id RuleID, f func(*T) *Enforcement) Setting {
	s := choiceSetting(id, "enforcement", f, Advisory, Blocking)
	_, set := field(id, f)
	s.Decode = func(v Value, r ClassRules) bool {
		e, ok := v.OneOf(string(Blocking), string(Advisory))
		set(r, Enforcement(e))
		return ok
	}
	return s
}
