// Package template holds the test data T of GoTemplateTests, mirroring TemplateData.T in TemplateData.cs. The
// package is named template so that Go prints the types as template.T and *template.U, as the C# data does.
package template

import "encoding/json"

// U is a struct reached through a pointer field.
type U struct {
	V string
}

// T mirrors TemplateData.T: lists and maps are []interface{} and map[string]interface{} (the C# value model's
// list and map), SS is a []string, J is a decoded JSON document (numbers float64).
type T struct {
	True      bool
	False     bool
	I         int
	Neg       int
	Zero      int
	X         string
	Empty     string
	FloatZero float64
	F         float64
	Big       float64
	SI        []interface{}
	SIEmpty   []interface{}
	SS        []string
	MSI       map[string]interface{}
	MSIEmpty  map[string]interface{}
	Nil       interface{}
	HTML      string
	U         *U
	J         map[string]interface{}
}

// JSON decodes a document as encoding/json does into interface{}.
func JSON(text string) map[string]interface{} {
	var m map[string]interface{}
	if err := json.Unmarshal([]byte(text), &m); err != nil {
		panic(err)
	}
	return m
}

// NewT returns a fresh T (templates may not share state between cases).
func NewT() T {
	return T{
		True: true, False: false, I: 17, Neg: -3, Zero: 0, X: "x", Empty: "",
		FloatZero: 0, F: 1.5, Big: 1e6,
		SI:       []interface{}{3, 4, 5},
		SIEmpty:  []interface{}{},
		SS:       []string{"a", "b"},
		MSI:      map[string]interface{}{"one": 1, "two": 2, "three": 3},
		MSIEmpty: map[string]interface{}{},
		Nil:      nil,
		HTML:     `<a href="x">&'</a>`,
		U:        &U{V: "v"},
		J:        JSON(`{"n": 1, "big": 1000000, "small": 0.00001, "f": 2.5, "s": "str", "b": true, "z": null, "list": [1, "a", null], "obj": {"k": "v"}}`),
	}
}
