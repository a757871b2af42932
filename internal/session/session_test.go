package session

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
)

const testKey = "0123456789abcdef0123456789abcdef"

type viewer struct {
	Login string `json:"login"`
}

func codec(t *testing.T, key, purpose string) *Codec {
	t.Helper()
	c, err := NewCodec(key, purpose, time.Hour)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSealOpenRoundTrip(t *testing.T) {
	c := codec(t, testKey, "session")
	sealed, err := c.Seal(viewer{Login: "erin"})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Contains(sealed, "erin") {
		t.Fatalf("sealed value shows its content: %s", sealed)
	}
	var got viewer
	if err := c.Open(sealed, &got); err != nil || got.Login != "erin" {
		t.Fatalf("Open = %+v, %v; want erin", got, err)
	}
}

func TestOpenRejects(t *testing.T) {
	c := codec(t, testKey, "session")
	sealed, err := c.Seal(viewer{Login: "erin"})
	if err != nil {
		t.Fatal(err)
	}
	expired := codec(t, testKey, "session")
	expired.now = func() time.Time { return time.Now().Add(-2 * time.Hour) }
	old, err := expired.Seal(viewer{Login: "erin"})
	if err != nil {
		t.Fatal(err)
	}
	flipped := []byte(sealed)
	flipped[len(flipped)/2] ^= 'A' ^ 'B'
	tests := []struct {
		name  string
		codec *Codec
		value string
	}{
		{"empty", c, ""},
		{"not base64", c, "%%%"},
		{"too short", c, "AAAA"},
		{"tampered", c, string(flipped)},
		{"other key", codec(t, testKey+"x", "session"), sealed},
		{"other purpose", codec(t, testKey, "login-state"), sealed},
		{"expired", c, old},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got viewer
			if err := tt.codec.Open(tt.value, &got); !errors.Is(err, ErrInvalid) {
				t.Fatalf("Open = %+v, %v; want ErrInvalid", got, err)
			}
		})
	}
}

func TestNewCodecRefusesShortKeys(t *testing.T) {
	_, err := NewCodec("short", "session", time.Hour)
	if err == nil || !strings.Contains(err.Error(), "openssl rand -base64 32") {
		t.Fatalf("NewCodec(short) = %v; want an error saying how to make a key", err)
	}
}

func TestCookieAttributes(t *testing.T) {
	ck := codec(t, testKey, "session").Cookie("s", "v")
	if !ck.HttpOnly || !ck.Secure || ck.SameSite != http.SameSiteLaxMode || ck.Path != "/" || ck.MaxAge != 3600 {
		t.Fatalf("cookie = %+v; want HttpOnly, Secure, SameSite=Lax, Path=/, MaxAge=3600", ck)
	}
}
