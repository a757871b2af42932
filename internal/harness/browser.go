package harness

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
)

// Browser is an HTTP client that keeps cookies as a browser does for the loopback server: the
// app's session cookies are Secure, which a browser honours on 127.0.0.1 but Go's cookie jar
// would drop over plain HTTP.
func Browser() *http.Client {
	jar, _ := cookiejar.New(nil) // cookiejar.New never fails without options
	return &http.Client{Jar: loopbackJar{jar}}
}

type loopbackJar struct{ *cookiejar.Jar }

func (j loopbackJar) SetCookies(u *url.URL, cookies []*http.Cookie) {
	for _, c := range cookies {
		c.Secure = false
	}
	j.Jar.SetCookies(u, cookies)
}
