// Command go-oracle runs the template cases of GoTemplateTests with Go's text/template and sprig and records what
// Go printed (see README.md). It reads the cases exported by GoOracleTests and writes go-results.json; on standard
// error it lists every case whose table expectation disagrees with Go.
package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strings"
	"text/template"
	"unicode/utf8"

	"github.com/Masterminds/sprig"

	"./authn"
	data "./template"
)

type exported struct {
	Functions []string   `json:"functions"`
	Cases     []testCase `json:"cases"`
}

type testCase struct {
	Data       string `json:"data"`
	Template   string `json:"template"`
	MissingKey string `json:"missingkey"`
	Functions  string `json:"functions"`
	Expected   string `json:"expected"`
}

type result struct {
	testCase
	Kind   string `json:"kind"`
	Text   string `json:"text,omitempty"`
	Reason string `json:"reason,omitempty"`
}

// unchecked are cases Go 1.19 cannot decide, or where the engine differs from Go on purpose
// (docs/design/templates.md).
var unchecked = map[string]string{
	"{{range 3}}{{.}}{{end}}":                             "range over an int needs Go 1.22",
	"{{range $i := 3}}{{$i}}{{end}}":                      "range over an int needs Go 1.22",
	"{{range 0}}x{{else}}none{{end}}":                     "range over an int needs Go 1.22",
	"{{with .Nil}}a{{else with .X}}{{.}}{{else}}c{{end}}": "else with needs Go 1.23",
	"{{.}}x":               "Go prints the *U field as a pointer address",
	"{{$}}":                "Go prints the *U field as a pointer address",
	"{{keys .MSI}}":        "Go's map order is random; the engine sorts",
	"{{1i}}":               "the engine refuses complex numbers at parse time",
	"{{1+2i}}":             "the engine refuses complex numbers at parse time",
	"{{call .X}}":          "call is a Go builtin; the engine refuses it at parse time",
	"{{set .MSI \"x\" 1}}": "by design the engine does not mutate request data",
}

// messageDiffers are errors the engine reports with a different text on purpose: only the kind is compared.
var messageDiffers = map[string]string{
	`{{define "inf"}}{{template "inf"}}{{end}}{{template "inf"}}`: "the engine stops at depth 1000 (Go: 100000)",
	`{{regexFind "(" "x"}}`: "the engine reports .NET's regular expression parse error",
}

func functions(allowed []string, set string) template.FuncMap {
	names := map[string]bool{}
	for _, name := range allowed {
		names[name] = true
	}
	funcs := template.FuncMap{}
	for name, f := range sprig.TxtFuncMap() {
		if names[name] {
			funcs[name] = f
		}
	}
	if set == "custom" {
		funcs["print"] = func(i interface{}) string {
			if i == nil {
				return ""
			}
			return fmt.Sprint(i)
		}
		funcs["shout"] = func(s string) string { return s + "!" }
	}
	return funcs
}

func run(c testCase, allowed []string) result {
	r := result{testCase: c}
	if reason, ok := unchecked[c.Template]; ok {
		r.Kind, r.Reason = "unchecked", reason
		return r
	}
	t, err := template.New("t").Option("missingkey=" + c.MissingKey).Funcs(functions(allowed, c.Functions)).Parse(c.Template)
	if err != nil {
		r.Kind, r.Text = "parse-error", err.Error()
		return r
	}
	var d interface{}
	switch c.Data {
	case "T":
		d = data.NewT()
	case "Session":
		d = authn.NewSession()
	default:
		panic("unknown data " + c.Data)
	}
	var out bytes.Buffer
	if err := t.Execute(&out, d); err != nil {
		r.Kind, r.Text, r.Reason = "exec-error", err.Error(), messageDiffers[c.Template]
		return r
	}
	if !utf8.Valid(out.Bytes()) {
		r.Kind, r.Reason = "unchecked", fmt.Sprintf("Go printed invalid UTF-8 %q", out.String())
		return r
	}
	r.Kind, r.Text = "output", out.String()
	return r
}

func agrees(r result) bool {
	switch r.Kind {
	case "unchecked":
		return true
	case "output":
		return r.Expected == "!" || r.Expected == r.Text
	default:
		return strings.HasPrefix(r.Expected, "!") && strings.Contains(r.Text, r.Expected[1:])
	}
}

func main() {
	if len(os.Args) != 3 {
		fmt.Fprintln(os.Stderr, "usage: go-oracle CASES.json RESULTS.json")
		os.Exit(2)
	}
	raw, err := os.ReadFile(os.Args[1])
	if err != nil {
		panic(err)
	}
	var in exported
	if err := json.Unmarshal(raw, &in); err != nil {
		panic(err)
	}
	results := make([]result, 0, len(in.Cases))
	checked, disagree := 0, 0
	for _, c := range in.Cases {
		r := run(c, in.Functions)
		results = append(results, r)
		if r.Kind != "unchecked" {
			checked++
		}
		if !agrees(r) {
			disagree++
			fmt.Fprintf(os.Stderr, "DISAGREE %s %q\n  table: %q\n  go:    %s %q\n", c.Data, c.Template, c.Expected, r.Kind, r.Text)
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(results); err != nil {
		panic(err)
	}
	if err := os.WriteFile(os.Args[2], buf.Bytes(), 0o644); err != nil {
		panic(err)
	}
	fmt.Fprintf(os.Stderr, "%d cases, %d checked by Go, %d unchecked, %d disagree with the table\n",
		len(in.Cases), checked, len(in.Cases)-checked, disagree)
}
