// Package session seals what a logged-in viewer's browser carries between requests: who they
// are on GitHub and the token that proves what they may read. The cookie is encrypted and
// authenticated (AES-256-GCM under a key derived from IEC62304_SESSION_KEY), so a viewer can
// neither read the token of another nor forge a login, and it expires on its own.
package session

import (
	"crypto/aes"
	"crypto/cipher"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// MinKeyLength is the shortest session key accepted: 32 characters, what
// `openssl rand -base64 32` prints and more than a person types by chance.
const MinKeyLength = 32

// ErrInvalid is any cookie that is missing, forged, tampered with, sealed under another key or
// expired: the viewer logs in again.
var ErrInvalid = errors.New("no valid session")

// Codec seals and opens values of one purpose ("session", "login-state") under one key; a value
// sealed for one purpose never opens as another.
type Codec struct {
	aead    cipher.AEAD
	purpose string
	ttl     time.Duration
	now     func() time.Time
}

// NewCodec derives the cipher from key; purpose binds sealed values to their use.
func NewCodec(key, purpose string, ttl time.Duration) (*Codec, error) {
	if len(key) < MinKeyLength {
		return nil, fmt.Errorf("session key: %d characters, want at least %d (generate one with `openssl rand -base64 32`)", len(key), MinKeyLength)
	}
	sum := sha256.Sum256([]byte("iec62304-bot session v1\x00" + key))
	block, err := aes.NewCipher(sum[:])
	if err != nil {
		return nil, fmt.Errorf("session cipher: %w", err)
	}
	aead, err := cipher.NewGCM(block)
	if err != nil {
		return nil, fmt.Errorf("session cipher: %w", err)
	}
	return &Codec{aead: aead, purpose: purpose, ttl: ttl, now: time.Now}, nil
}

// envelope carries the expiry inside the sealed bytes, so it cannot be extended.
type envelope struct {
	Expires int64           `json:"exp"`
	Value   json.RawMessage `json:"v"`
}

// Seal encrypts v with an expiry of now plus the codec's lifetime.
func (c *Codec) Seal(v any) (string, error) {
	value, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("seal %s: %w", c.purpose, err)
	}
	plain, err := json.Marshal(envelope{Expires: c.now().Add(c.ttl).Unix(), Value: value})
	if err != nil {
		return "", fmt.Errorf("seal %s: %w", c.purpose, err)
	}
	nonce := make([]byte, c.aead.NonceSize())
	if _, err := rand.Read(nonce); err != nil {
		return "", fmt.Errorf("seal %s: %w", c.purpose, err)
	}
	sealed := c.aead.Seal(nonce, nonce, plain, []byte(c.purpose))
	return base64.RawURLEncoding.EncodeToString(sealed), nil
}

// Open decrypts s into v; any failure is ErrInvalid, so callers never branch on why.
func (c *Codec) Open(s string, v any) error {
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil || len(raw) < c.aead.NonceSize() {
		return ErrInvalid
	}
	nonce, sealed := raw[:c.aead.NonceSize()], raw[c.aead.NonceSize():]
	plain, err := c.aead.Open(nil, nonce, sealed, []byte(c.purpose))
	if err != nil {
		return ErrInvalid
	}
	var env envelope
	if json.Unmarshal(plain, &env) != nil || c.now().Unix() >= env.Expires {
		return ErrInvalid
	}
	if json.Unmarshal(env.Value, v) != nil {
		return ErrInvalid
	}
	return nil
}

// Cookie is an HttpOnly, Secure, SameSite=Lax cookie holding value, scoped to the whole site:
// scripts cannot read it, it never travels in the clear, and a cross-site form post does not
// carry it.
func (c *Codec) Cookie(name, value string) *http.Cookie {
	return &http.Cookie{
		Name: name, Value: value, Path: "/",
		MaxAge: int(c.ttl.Seconds()), HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode,
	}
}

// Expired is the cookie that makes a browser forget name.
func Expired(name string) *http.Cookie {
	return &http.Cookie{Name: name, Value: "", Path: "/", MaxAge: -1, HttpOnly: true, Secure: true, SameSite: http.SameSiteLaxMode}
}
