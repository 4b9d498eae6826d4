// Package authn mirrors Oathkeeper's authentication session (TemplateData.Session in TemplateData.cs).
package authn

import (
	"net/http"
	"net/url"

	"../template"
)

// MatchContext is what the matched rule knows about the request.
type MatchContext struct {
	RegexpCaptureGroups []string
	URL                 *url.URL
	Method              string
	Header              http.Header
}

// AuthenticationSession is the data of Oathkeeper's mutator templates.
type AuthenticationSession struct {
	Subject      string
	Extra        map[string]interface{}
	Header       http.Header
	MatchContext MatchContext
}

// NewSession returns the session of a request GET https://api.example.com/users/42?tenant=acme&x=1&x=2.
func NewSession() *AuthenticationSession {
	u, err := url.Parse("https://api.example.com/users/42?tenant=acme&x=1&x=2")
	if err != nil {
		panic(err)
	}
	return &AuthenticationSession{
		Subject: "user-42",
		Extra:   template.JSON(`{"email": "a@example.com", "roles": ["admin", "dev"], "age": 30, "org": {"id": "o1"}}`),
		Header:  http.Header{"X-User": {"alice"}, "Accept": {"a", "b"}},
		MatchContext: MatchContext{
			RegexpCaptureGroups: []string{"users", "42"},
			URL:                 u,
			Method:              "GET",
			Header:              http.Header{"Authorization": {"Bearer t0k"}, "Content-Type": {"application/json"}},
		},
	}
}
