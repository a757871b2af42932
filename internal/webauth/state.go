package webauth

import (
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net/http"
)

// loginState travels in a sealed cookie between leaving for GitHub and coming back: the
// random state GitHub must echo (so nobody can plant their own login in a viewer's browser),
// and the page to return to.
type loginState struct {
	State string `json:"state"`
	Next  string `json:"next"`
}

// stateStore implements go-githubapp's oauth2.StateStore with a sealed cookie, so any
// replica can finish a login that another one started.
type stateStore struct{ a *Auth }

func (s stateStore) GenerateState(w http.ResponseWriter, r *http.Request) (string, error) {
	b := make([]byte, 20)
	if _, err := rand.Read(b); err != nil {
		return "", fmt.Errorf("generate login state: %w", err)
	}
	st := loginState{State: hex.EncodeToString(b), Next: r.URL.Query().Get("next")}
	sealed, err := s.a.states.Seal(st)
	if err != nil {
		return "", err
	}
	http.SetCookie(w, s.a.states.Cookie(stateCookie, sealed))
	return st.State, nil
}

func (s stateStore) VerifyState(r *http.Request, state string) (bool, error) {
	c, err := r.Cookie(stateCookie)
	if err != nil {
		return false, nil
	}
	var st loginState
	if s.a.states.Open(c.Value, &st) != nil || st.State == "" {
		return false, nil
	}
	return subtle.ConstantTimeCompare([]byte(st.State), []byte(state)) == 1, nil
}
