using System.Text;
using Tessera.Platform.Templates;

namespace Tessera.Platform.Tests.Templates;

/// <summary>
/// Table-driven cases after Go's text/template exec_test.go and parse_test.go (and sprig's tests): a template, run
/// against <see cref="TemplateData.T"/>, and the expected output, or "!" and a substring of the expected error.
/// </summary>
public sealed class GoTemplateTests
{
    public static TheoryData<string, string> Cases() => new()
    {
        // Text, comments and trim markers.
        { "hello, world", "hello, world" },
        { "", "" },
        { "{{/* a comment */}}x", "x" },
        { "a {{- /* c */ -}} b", "ab" },
        { "a  \n {{- 3 }} b", "a3 b" },
        { "a {{ 3 -}} \n\t b", "a 3b" },
        { "{{- 3 -}}", "3" },
        { "x{{-3}}", "x-3" },
        { "{{\"a\" -}}\n\n{{\"b\"}}", "ab" },
        { "{{/* c */ 3}}", "!comment ends before closing delimiter" },
        { "{{/* c", "!unclosed comment" },

        // Literals and constants.
        { "{{1}}", "1" },
        { "{{-1}}", "-1" },
        { "{{+1}}", "1" },
        { "{{1.5}}", "1.5" },
        { "{{1e3}}", "1000" },
        { "{{1e6}}", "1e+06" },
        { "{{1.0}}", "1" },
        { "{{0x1F}}", "31" },
        { "{{0o17}}", "15" },
        { "{{017}}", "15" },
        { "{{0b101}}", "5" },
        { "{{1_000}}", "1000" },
        { "{{0x1p-2}}", "0.25" },
        { "{{'a'}}", "97" },
        { "{{'\\n'}}", "10" },
        { "{{\"a\\tb\\u00e9\\x41\"}}", "a\tbéA" },
        { "{{`raw\\n`}}", "raw\\n" },
        { "{{true}} {{false}}", "true false" },
        { "{{1i}}", "!complex numbers are not supported" },
        { "{{1+2i}}", "!complex numbers are not supported" },
        { "{{3k}}", "!bad number syntax: \"3k\"" },
        { "{{9223372036854775808}}", "!overflows int" },
        { "{{nil}}", "!nil is not a command" },
        { "{{\"unterminated}}", "!unterminated quoted string" },
        { "{{`raw", "!unterminated raw quoted string" },

        // Dot and fields.
        { "{{.X}}", "x" },
        { "{{.I}}", "17" },
        { "{{.U.V}}", "v" },
        { "{{.MSI.one}}", "1" },
        { "{{.MSI.nope}}", "<no value>" },
        { "{{.MSI.nope.deeper}}", "<no value>" },
        { "{{.Nil.x}}", "!nil pointer evaluating interface {}.x" },
        { "{{.J.z.x}}", "!nil pointer evaluating interface {}.x" },
        { "{{(.J.z).x}}", "<no value>" },
        { "{{$x := .Nil}}{{$x}}|{{print $x}}|{{$x.y}}", "<no value>|<nil>|<no value>" },
        { "{{.J.s}}", "str" },
        { "{{.J.obj.k}}", "v" },
        { "{{.J.z}}", "<no value>" },
        { "{{.X.Y}}", "!can't evaluate field Y in type string" },
        { "{{.Missing}}", "!can't evaluate field Missing in type template.T" },
        { "{{.MSI.one 1}}", "!one is not a method but has arguments" },
        { "{{.X 1}}", "!X has arguments but cannot be invoked as function" },
        { "{{3 | .X}}", "!X has arguments but cannot be invoked as function" },
        { "{{(.U).V}}", "v" },
        { "{{(index .SI 1)}}", "4" },
        { "{{1.X}}", "!bad number syntax: \"1.X\"" },
        { "{{true.X}}", "!unexpected . after term \"true\"" },
        { "{{.}}x", "!" },

        // Printing of each kind (fmt's %v).
        { "{{.True}}", "true" },
        { "{{.F}}", "1.5" },
        { "{{.FloatZero}}", "0" },
        { "{{.Big}}", "1e+06" },
        { "{{.J.n}}", "1" },
        { "{{.J.big}}", "1e+06" },
        { "{{.J.small}}", "1e-05" },
        { "{{.SI}}", "[3 4 5]" },
        { "{{.SS}}", "[a b]" },
        { "{{.SIEmpty}}", "[]" },
        { "{{.MSI}}", "map[one:1 three:3 two:2]" },
        { "{{.MSIEmpty}}", "map[]" },
        { "{{.J.list}}", "[1 a <nil>]" },
        { "{{.J.obj}}", "map[k:v]" },
        { "{{.U}}", "{v}" },
        { "{{printf \"%+v\" .U}}", "&{V:v}" },
        { "{{print .U}} {{printf \"%v|%s\" .U .U}} {{toString .U}} {{.U | print}}", "&{v} &{v}|&{v} &{v} &{v}" },
        { "{{.Nil}}", "<no value>" },

        // Variables.
        { "{{$}}", "!" },
        { "{{$x := 3}}{{$x}}", "3" },
        { "{{$x := 3}}{{$x = 4}}{{$x}}", "4" },
        { "{{$x := .U}}{{$x.V}}", "v" },
        { "{{$.X}}", "x" },
        { "{{with .U}}{{$.X}}{{.V}}{{end}}", "xv" },
        { "{{$y}}", "!undefined variable \"$y\"" },
        { "{{if true}}{{$x := 1}}{{end}}{{$x}}", "!undefined variable \"$x\"" },
        { "{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}", "2" },
        { "{{$x := 1}}{{if true}}{{$x := 2}}{{$x}}{{end}}{{$x}}", "21" },
        { "{{$x := \"a\" | printf \"%s%s\" \"b\"}}{{$x}}", "ba" },

        // Pipelines and parentheses.
        { "{{.X | printf \"%s!\"}}", "x!" },
        { "{{\"a\" | printf \"%s%s\" \"b\"}}", "ba" },
        { "{{1 | 2}}", "!non executable command in pipeline stage 2" },
        { "{{printf \"%d\" (len .SI)}}", "3" },
        { "{{(1)}}", "1" },
        { "{{( 3 )}}", "3" },
        { "{{(printf \"%s\" \"a\") | len}}", "1" },
        { "{{}}", "!missing value for command" },
        { "{{(}}", "!unclosed left paren" },
        { "{{)}}", "!unexpected \")\" in command" },
        { "{{.X", "!unclosed action" },

        // if / else if / else.
        { "{{if true}}T{{end}}", "T" },
        { "{{if false}}T{{else}}F{{end}}", "F" },
        { "{{if 0}}T{{else}}F{{end}}", "F" },
        { "{{if 1.5}}T{{else}}F{{end}}", "T" },
        { "{{if .FloatZero}}T{{else}}F{{end}}", "F" },
        { "{{if \"\"}}T{{else}}F{{end}}", "F" },
        { "{{if .SIEmpty}}T{{else}}F{{end}}", "F" },
        { "{{if .SI}}T{{else}}F{{end}}", "T" },
        { "{{if .MSIEmpty}}T{{else}}F{{end}}", "F" },
        { "{{if .Nil}}T{{else}}F{{end}}", "F" },
        { "{{if .MSI.nope}}T{{else}}F{{end}}", "F" },
        { "{{if .U}}T{{else}}F{{end}}", "T" },
        { "{{if eq .I 1}}one{{else if eq .I 17}}seventeen{{else}}other{{end}}", "seventeen" },
        { "{{if false}}a{{else if false}}b{{else}}c{{end}}", "c" },
        { "{{if true}}", "!unexpected EOF" },
        { "{{end}}", "!unexpected {{end}}" },
        { "{{else}}", "!unexpected {{else}}" },
        { "{{if}}{{end}}", "!missing value for if" },
        { "{{if true}}a{{else}}b{{else}}c{{end}}", "!expected end; found {{else}}" },

        // with.
        { "{{with .U}}{{.V}}{{end}}", "v" },
        { "{{with .SIEmpty}}x{{else}}empty{{end}}", "empty" },
        { "{{with $x := .X}}{{$x}}{{.}}{{end}}", "xx" },
        { "{{with .Nil}}a{{else with .X}}{{.}}{{else}}c{{end}}", "x" },
        { "{{with .MSI.nope}}a{{else}}b{{end}}", "b" },

        // range.
        { "{{range .SI}}<{{.}}>{{end}}", "<3><4><5>" },
        { "{{range $i, $e := .SI}}{{$i}}={{$e}};{{end}}", "0=3;1=4;2=5;" },
        { "{{range $e := .SI}}{{$e}}{{end}}", "345" },
        { "{{range .MSI}}{{.}}{{end}}", "132" },
        { "{{range $k, $v := .MSI}}{{$k}}={{$v}} {{end}}", "one=1 three=3 two=2 " },
        { "{{range .SIEmpty}}x{{else}}empty{{end}}", "empty" },
        { "{{range .Nil}}x{{else}}nil{{end}}", "nil" },
        { "{{range 3}}{{.}}{{end}}", "012" },
        { "{{range $i := 3}}{{$i}}{{end}}", "012" },
        { "{{range 0}}x{{else}}none{{end}}", "none" },
        { "{{range .SI}}{{if eq . 4}}{{break}}{{end}}{{.}}{{end}}", "3" },
        { "{{range .SI}}{{if eq . 4}}{{continue}}{{end}}{{.}}{{end}}", "35" },
        { "{{range .X}}{{end}}", "!template: t:1:8: executing \"t\" at <.X>: range can't iterate over x" },
        { "{{range $a, $b, $c := .SI}}{{end}}", "!too many declarations in range" },
        { "{{break}}", "!{{break}} outside {{range}}" },
        { "{{continue}}", "!{{continue}} outside {{range}}" },
        { "{{range .J.list}}[{{.}}]{{end}}", "[1][a][<no value>]" },
        { "{{range $i, $x := .SS}}{{$i}}{{$x}}{{end}}{{$i}}", "!undefined variable \"$i\"" },
        { "{{$x := 0}}{{range .SI}}{{$x = .}}{{end}}{{$x}}", "5" },

        // define, template, block.
        { "{{define \"a\"}}A{{.}}{{end}}{{template \"a\" 1}}", "A1" },
        { "{{define \"a\"}}A{{end}}{{template \"a\"}}", "A" },
        { "{{define \"a\"}}[{{.}}]{{end}}{{template \"a\"}}", "[<no value>]" },
        { "{{template \"nope\"}}", "!template: t:1:11: executing \"t\" at <{{template \"nope\"}}>: template \"nope\" not defined" },
        { "{{block \"b\" .X}}<{{.}}>{{end}}", "<x>" },
        { "{{define \"a\"}}1{{end}}{{define \"a\"}}2{{end}}", "!multiple definition of template" },
        { "{{define \"a\"}}{{$x}}{{end}}", "!undefined variable \"$x\"" },
        { "{{define \"r\"}}{{if gt . 0}}{{.}}{{template \"r\" (sub . 1)}}{{end}}{{end}}{{template \"r\" 3}}", "321" },
        { "{{define \"inf\"}}{{template \"inf\"}}{{end}}{{template \"inf\"}}", "!exceeded maximum template depth" },
        { "{{template .X}}", "!unexpected \".X\" in template clause" },
        { "{{if true}}{{define \"a\"}}x{{end}}{{end}}", "!unexpected <define> in command" },

        // Functions: and, or, not, len, index, slice.
        { "{{and 1 0 \"x\"}}", "0" },
        { "{{and 1 2 3}}", "3" },
        { "{{or 0 \"\" 7}}", "7" },
        { "{{or 0 \"\"}}", "" },
        { "{{or 1 .Nope}}", "1" },
        { "{{and 0 .Nope}}", "0" },
        { "{{or 0 .Nope}}", "!can't evaluate field Nope" },
        { "{{not true}} {{not 0}} {{not .X}}", "false true false" },
        { "{{len .SI}} {{len .MSI}} {{len \"héllo\"}}", "3 3 6" },
        { "{{len 3}}", "!len of type int" },
        { "{{index .SI 1}}", "4" },
        { "{{index .MSI \"two\"}}", "2" },
        { "{{index .MSI \"nope\"}}", "<no value>" },
        { "{{index .J \"list\" 1}}", "a" },
        { "{{index .SI 5}}", "!error calling index: index out of range: 5" },
        { "{{index .SI \"a\"}}", "!cannot index slice/array with type string" },
        { "{{index .X 0}}", "120" },
        { "{{index .I 0}}", "!can't index item of type int" },
        { "{{slice .SI 1}}", "[4 5]" },
        { "{{slice .SI 1 2}}", "[4]" },
        { "{{slice .SI}} {{slice .SIEmpty 0 9}}", "[3 4 5] <no value>" },
        { "{{slice .X 0 1}}", "!error calling slice: list should be type of slice or array but string" },
        { "{{slice \"hello\" 1 3}}", "!list should be type of slice or array but string" },
        { "{{slice .SI 2 1}}", "!error calling slice: reflect.Value.Slice: slice index out of bounds" },

        // print, printf, println.
        { "{{print 1 2 \"a\" 3}}", "1 2a3" },
        { "{{print \"a\" \"b\"}}", "ab" },
        { "{{print .Nil}}", "<nil>" },
        { "{{print .MSI.nope}}", "<nil>" },
        { "{{println 1 \"a\"}}", "1 a\n" },
        { "{{printf \"%d-%s-%v\" 1 \"a\" .SI}}", "1-a-[3 4 5]" },
        { "{{printf \"%5.2f|%-4d|%04d|%x|%X|%o|%b\" 3.14159 7 42 255 255 8 5}}", " 3.14|7   |0042|ff|FF|10|101" },
        { "{{printf \"%q %q\" \"a\\\"b\" 'x'}}", "\"a\\\"b\" 'x'" },
        { "{{printf \"%t %v\" true .F}}", "true 1.5" },
        { "{{printf \"%e %g %.3g\" 1234.5678 0.000012 1234567.0}}", "1.234568e+03 1.2e-05 1.23e+06" },
        { "{{printf \"%T %T %T %T\" 1 1.0 \"s\" .SS}}", "int float64 string []string" },
        { "{{printf \"%d\" \"x\"}}", "%!d(string=x)" },
        { "{{printf \"%d %d\" 1}}", "1 %!d(MISSING)" },
        { "{{printf \"%d\" 1 2}}", "1%!(EXTRA int=2)" },
        { "{{printf \"%s|%6s|%-6s|%.2s\" \"abc\" \"abc\" \"abc\" \"abc\"}}", "abc|   abc|abc   |ab" },
        { "{{printf \"%x\" \"hi\"}}", "6869" },
        { "{{printf \"100%%\"}}", "100%" },
        { "{{printf \"%+d % d\" 5 5}}", "+5  5" },
        { "{{printf 3}}", "!template: t:1:9: executing \"t\" at <3>: expected string; found 3" },
        { "{{printf .I}}", "!template: t:1:9: executing \"t\" at <.I>: wrong type for value; expected string; got int" },

        // Comparisons.
        { "{{eq 1 1}} {{eq 1 2}} {{eq \"a\" \"a\"}} {{eq 1.5 1.5}} {{eq true true}}", "true false true true true" },
        { "{{eq 3 1 2 3}}", "true" },
        { "{{eq 3 1 2}}", "false" },
        { "{{eq .MSI.nope \"x\"}}", "false" },
        { "{{eq .Nil .MSI.nope}}", "true" },
        { "{{eq 1 1.0}}", "!error calling eq: incompatible types for comparison" },
        { "{{eq .J.n 1}}", "!incompatible types for comparison" },
        { "{{eq .J.n 1.0}}", "true" },
        { "{{eq .SI .SI}}", "!non-comparable type [%!s(int=3) %!s(int=4) %!s(int=5)]: []interface {}" },
        { "{{eq 1}}", "!missing argument for comparison" },
        { "{{ne 1 2}} {{ne \"a\" \"a\"}}", "true false" },
        { "{{lt 1 2}} {{le 2 2}} {{gt 3 2}} {{ge 1 2}}", "true true true false" },
        { "{{lt \"a\" \"b\"}} {{gt 1.5 0.5}}", "true true" },
        { "{{lt true false}}", "!invalid type for comparison" },
        { "{{lt 1 \"a\"}}", "!incompatible types for comparison" },
        { "{{lt .Nil 1}}", "!invalid type for comparison" },
        { "{{lt .SI 1}}", "!invalid type for comparison" },

        // html, js, urlquery.
        { "{{html .HTML}}", "&lt;a href=&#34;x&#34;&gt;&amp;&#39;&lt;/a&gt;" },
        { "{{js \"a'b\\\"c<d>=&\"}}", "a\\'b\\\"c\\u003Cd\\u003E\\u003D\\u0026" },
        { "{{urlquery \"a b&c=d/é\"}}", "a+b%26c%3Dd%2F%C3%A9" },
        { "{{.X | html}}", "x" },
        { "{{html .Nil}}|{{js .MSI.nope}}|{{urlquery .J.z}}|{{html .U}}", "&lt;no value&gt;|\\u003Cno value\\u003E|%3Cno+value%3E|{v}" },

        // Errors: unknown functions are refused at parse time; arity at run time.
        { "{{foo}}", "!function \"foo\" not defined" },
        { "{{env \"HOME\"}}", "!function \"env\" not defined" },
        { "{{expandenv \"$HOME\"}}", "!function \"expandenv\" not defined" },
        { "{{call .X}}", "!function \"call\" not defined" },
        { "{{now}}", "!function \"now\" not defined" },
        { "{{len}}", "!wrong number of args for len: want 1 got 0" },
        { "{{len 1 2}}", "!wrong number of args for len: want 1 got 2" },
        { "{{.X 3 | len}}", "!X has arguments but cannot be invoked as function" },
        { "{{\"x\" 3}}", "!can't give argument to non-function \"x\"" },
        { "{{if true}}{{range}}{{end}}{{end}}", "!missing value for range" },
        { "{{range .SI}}{{else}}{{else}}{{end}}", "!expected end; found {{else}}" },
        { "{{$x := 1}}{{$x 2}}", "!can't give argument to non-function $x" },
        { "{{.X}}{{.Y}}", "!template: t:1:8: executing \"t\" at <.Y>: can't evaluate field Y in type template.T" },
        { "a\n{{index .SI 9}}", "!template: t:2:2: executing \"t\" at <index .SI 9>: error calling index: index out of range: 9" },
        { "a\n\n{{foo}}", "!template: t:3: function \"foo\" not defined" },

        // sprig: defaults and flow.
        { "{{default \"d\" .Empty}}", "d" },
        { "{{default \"d\" .X}}", "x" },
        { "{{default \"d\" .MSI.nope}}", "d" },
        { "{{.MSI.nope | default \"d\"}}", "d" },
        { "{{default 5 0}}", "5" },
        { "{{empty .SIEmpty}} {{empty .SI}} {{empty .Nil}} {{empty 0}} {{empty .U}}", "true false true true false" },
        { "{{coalesce .Empty .Nil .X}}", "x" },
        { "{{coalesce .Empty 0}}", "<no value>" },
        { "{{ternary \"y\" \"n\" true}} {{true | ternary \"y\" \"n\"}} {{ternary \"y\" \"n\" false}}", "y y n" },
        { "{{ternary \"y\" \"n\" 1}}", "!expected bool; found 1" },
        { "{{fail \"boom\"}}", "!error calling fail: boom" },

        // sprig: strings.
        { "{{upper \"abc\"}} {{lower \"ABC\"}} {{title \"hello wide world\"}}", "ABC abc Hello Wide World" },
        { "{{trim \"  a b \\n\"}}|{{trimAll \"$\" \"$5.00$\"}}|{{trimPrefix \"-\" \"-x-\"}}|{{trimSuffix \"-\" \"-x-\"}}", "a b|5.00|x-|-x" },
        { "{{contains \"b\" \"abc\"}} {{hasPrefix \"a\" \"abc\"}} {{hasSuffix \"a\" \"abc\"}}", "true true false" },
        { "{{replace \" \" \"-\" \"a b c\"}}", "a-b-c" },
        { "{{repeat 3 \"ab\"}}", "ababab" },
        { "{{substr 1 3 \"hello\"}}|{{substr 0 -1 \"hello\"}}|{{substr 2 99 \"hello\"}}", "el|hello|llo" },
        { "{{nospace \" a b\\tc \"}}", "abc" },
        { "{{trunc 3 \"hello\"}} {{trunc -2 \"hello\"}} {{trunc 10 \"hi\"}}", "hel lo hi" },
        { "{{cat \"a\" 1 .Nil \"b\"}}", "a 1 b" },
        { "{{indent 2 \"a\\nb\"}}", "  a\n  b" },
        { "{{nindent 2 \"a\"}}", "\n  a" },
        { "{{quote \"a\" 1 .Nil}} {{squote \"b\"}}", "\"a\" \"1\" 'b'" },
        { "{{toString 1.5}} {{toString .SS}} {{toString .Nil}}", "1.5 [a b] <nil>" },
        { "{{split \"/\" \"a/b/c\"}}", "map[_0:a _1:b _2:c]" },
        { "{{(split \"/\" \"a/b\")._1}}", "b" },
        { "{{splitList \",\" \"a,b,c\"}}", "[a b c]" },
        { "{{join \"-\" .SS}} {{join \",\" .SI}} {{join \",\" (list 1 \"a\")}}", "a-b 3,4,5 1,a" },
        { "{{sortAlpha (list \"b\" \"a\" \"c\")}}", "[a b c]" },
        { "{{upper 3}}", "!template: t:1:8: executing \"t\" at <3>: expected string; found 3" },
        { "{{upper .I}}", "!template: t:1:8: executing \"t\" at <.I>: wrong type for value; expected string; got int" },

        // sprig: numbers.
        { "{{atoi \"42\"}} {{atoi \"x\"}}", "42 0" },
        { "{{int \"12\"}} {{int 3.9}} {{int .J.n}} {{int64 \"0x10\"}} {{float64 \"1.5\"}} {{float64 2}}", "12 3 1 16 1.5 2" },
        { "{{add 1 2 3}} {{add1 1}} {{sub 5 2}} {{mul 2 3 4}} {{div 7 2}} {{mod 7 2}}", "6 2 3 24 3 1" },
        { "{{add .J.n 1}}", "2" },
        { "{{max 1 7 3}} {{min 4 2 9}}", "7 2" },
        { "{{div 1 0}}", "!error calling div: runtime error: integer divide by zero" },

        // sprig: lists.
        { "{{list 1 \"a\" true}}", "[1 a true]" },
        { "{{first .SI}} {{last .SI}} {{rest .SI}} {{initial .SI}}", "3 5 [4 5] [3 4]" },
        { "{{first .SIEmpty}} {{rest .SIEmpty}} {{initial .SIEmpty}} {{print (first .SIEmpty)}}", "<no value> [] [] <nil>" },
        { "{{first .Nil}}", "!error calling first: runtime error: invalid memory address or nil pointer dereference" },
        { "{{append .SI 6}} {{push .SS \"c\"}} {{prepend .SI 2}}", "[3 4 5 6] [a b c] [2 3 4 5]" },
        { "{{uniq (list 1 1 2 1 \"1\")}}", "[1 2 1]" },
        { "{{without .SI 4}}", "[3 5]" },
        { "{{has 4 .SI}} {{has 9 .SI}} {{has \"a\" .SS}} {{has 1 .Nil}}", "true false true false" },
        { "{{reverse .SI}} {{compact (list 1 0 \"\" \"a\")}}", "[5 4 3] [1 a]" },
        { "{{concat .SI .SS}}", "[3 4 5 a b]" },
        { "{{until 3}}", "[0 1 2]" },
        { "{{first .X}}", "!Cannot find first on type string" },

        // sprig: dicts.
        { "{{dict \"b\" 2 \"a\" 1}}", "map[a:1 b:2]" },
        { "{{(dict \"a\" 1).a}}", "1" },
        { "{{get .MSI \"one\"}} [{{get .MSI \"nope\"}}]", "1 []" },
        { "{{$d := dict \"a\" 1}}{{$_ := set $d \"b\" 2}}{{$d}}", "map[a:1 b:2]" },
        { "{{$d := dict \"a\" 1 \"b\" 2}}{{$_ := unset $d \"a\"}}{{$d}}", "map[b:2]" },
        { "{{hasKey .MSI \"one\"}} {{hasKey .MSI \"x\"}}", "true false" },
        { "{{keys .MSI}}", "[one three two]" },
        { "{{pluck \"a\" (dict \"a\" 1) (dict \"b\" 2) (dict \"a\" 3)}}", "[1 3]" },
        { "{{pick .MSI \"one\" \"two\"}} {{omit .MSI \"one\"}}", "map[one:1 two:2] map[three:3 two:2]" },
        { "{{set .MSI \"x\" 1}}", "!set can only change a dict made by the template" },

        // sprig: encodings and regular expressions.
        { "{{toJson .J.obj}}", "{\"k\":\"v\"}" },
        { "{{toJson .J.list}} {{toJson .SI}} {{toJson .J.big}} {{toJson \"<&>\"}}", "[1,\"a\",null] [3,4,5] 1000000 \"\\u003c\\u0026\\u003e\"" },
        { "{{toJson .Nil}} {{toJson .MSI}}", "null {\"one\":1,\"three\":3,\"two\":2}" },
        { "{{toPrettyJson (dict \"a\" (list 1 2))}}", "{\n  \"a\": [\n    1,\n    2\n  ]\n}" },
        { "{{(fromJson \"{\\\"a\\\": [1, 2]}\").a}}", "[1 2]" },
        { "{{b64enc \"hello\"}} {{b64dec \"aGVsbG8=\"}}", "aGVsbG8= hello" },
        { "{{sha256sum \"abc\"}}", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad" },
        { "{{len uuidv4}}", "36" },
        { "{{regexMatch \"^[a-z]+$\" \"abc\"}} {{regexMatch \"^[a-z]+$\" \"ab1\"}} {{regexMatch \"(\" \"x\"}}", "true false false" },
        { "{{regexFind \"[0-9]+\" \"ab12cd34\"}}", "12" },
        { "{{regexFindAll \"[0-9]\" \"a1b2c3\" -1}} {{regexFindAll \"[0-9]\" \"a1b2c3\" 2}}", "[1 2 3] [1 2]" },
        { "{{regexReplaceAll \"a(x*)b\" \"-ab-axxb-\" \"${1}W\"}}", "-W-xxW-" },
        { "{{regexReplaceAllLiteral \"a(x*)b\" \"-ab-\" \"${1}\"}}", "-${1}-" },
        { "{{regexSplit \",\" \"a,b,c\" -1}}", "[a b c]" },
        { "{{regexFind \"(\" \"x\"}}", "!error calling regexFind: regexp: Compile(`(`): " },
        { "{{kindOf .SI}} {{kindOf .MSI}} {{kindOf 1}} {{typeOf .SS}}", "slice map int []string" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Go_behaviour(string text, string expected) => Check(text, TemplateData.T, expected);

    public static TheoryData<string, string> SessionCases() => new()
    {
        { "{{ print .Subject }}", "user-42" },
        { "{{ .Subject }}", "user-42" },
        { "{{ .Extra.email }}", "a@example.com" },
        { "{{ print .Extra.missing }}", "<nil>" },
        { "{{ .Extra.missing }}", "<no value>" },
        { "{{ .Extra.org.id }}", "o1" },
        { "{{ index .Extra.roles 0 }}", "admin" },
        { "{{ .Extra.age }}", "30" },
        { "{{ range .Extra.roles }}{{ . }},{{ end }}", "admin,dev," },
        { "{{ index .MatchContext.RegexpCaptureGroups 0 }}/{{ index .MatchContext.RegexpCaptureGroups 1 }}", "users/42" },
        { "{{ .MatchContext.Header.Get \"Authorization\" }}", "Bearer t0k" },
        { "{{ .MatchContext.Header.Get \"authorization\" }}", "Bearer t0k" },
        { "{{ .MatchContext.Header.Get \"X-Nope\" }}|", "|" },
        { "{{ index .MatchContext.Header \"Authorization\" }}", "[Bearer t0k]" },
        { "{{ .MatchContext.Header.Values \"Content-Type\" }}", "[application/json]" },
        { "{{ .Header.Get \"X-User\" }} {{ .Header }}", "alice map[Accept:[a b] X-User:[alice]]" },
        { "{{ .MatchContext.Method }}", "GET" },
        { "[{{ .MatchContext.URL.User }}][{{ print .MatchContext.URL.User }}][{{ .MatchContext.URL.User.Username }}]{{ if .MatchContext.URL.User }}user{{ end }}", "[][][]" },
        { "{{ .MatchContext.URL.Host }}|{{ .MatchContext.URL.Path }}|{{ .MatchContext.URL.RawQuery }}|{{ .MatchContext.URL.Scheme }}", "api.example.com|/users/42|tenant=acme&x=1&x=2|https" },
        { "{{ .MatchContext.URL }}", "https://api.example.com/users/42?tenant=acme&x=1&x=2" },
        { "{{ .MatchContext.URL.Query.Get \"tenant\" }}", "acme" },
        { "{{ .MatchContext.URL.Query }}", "map[tenant:[acme] x:[1 2]]" },
        { "{{ index .MatchContext.URL.Query.x 1 }}", "2" },
        { "{{ .MatchContext.URL.Hostname }}", "api.example.com" },
        { "{{ .MatchContext.URL.String }}", "https://api.example.com/users/42?tenant=acme&x=1&x=2" },
        { "{{ .MatchContext.URL.Query.Get }}", "!wrong number of args for Get: want 1 got 0" },
        { "{{ toJson .Extra }}", "{\"age\":30,\"email\":\"a@example.com\",\"org\":{\"id\":\"o1\"},\"roles\":[\"admin\",\"dev\"]}" },
        { "{{ if has \"admin\" .Extra.roles }}yes{{ end }}", "yes" },
        { "https://login.example.com/?return_to={{ .MatchContext.URL | urlquery }}", "https://login.example.com/?return_to=https%3A%2F%2Fapi.example.com%2Fusers%2F42%3Ftenant%3Dacme%26x%3D1%26x%3D2" },
    };

    [Theory]
    [MemberData(nameof(SessionCases))]
    public void Oathkeeper_session(string text, string expected) => Check(text, TemplateData.Session, expected);

    /// <summary>Cases with Go's missingkey option or Oathkeeper-style functions (see <see cref="CustomFunctions"/>).</summary>
    internal static IReadOnlyList<GoOracleTests.OracleCase> OptionCases { get; } =
    [
        new("Session", "{{ .Extra.missing }}|{{ .Header.Nope }}|{{ print .Extra.missing }}", "zero", "sprig", "<no value>|[]|<nil>"),
        new("Session", "{{ .Extra.missing }}", "error", "sprig", "!template: t:1:9: executing \"t\" at <.Extra.missing>: map has no entry for key \"missing\""),
        new("Session", "[{{ print .Extra.missing }}]{{ shout .Subject }}", "default", "custom", "[]user-42!"),
    ];

    /// <summary>Sprig with Oathkeeper's one-argument print (nil prints nothing) and a function of our own.</summary>
    internal static TemplateFunctions CustomFunctions { get; } = TemplateFunctions.Sprig.With(
    [
        new TemplateFunction("print", 1, false, args => TemplateValue.String(args[0].IsNothing ? "" : args[0].ToString())),
        new TemplateFunction("shout", 1, false, args => TemplateValue.String(TemplateArgs.String(args, 0) + "!")),
    ]);

    public static TheoryData<int> OptionIndexes() => new(Enumerable.Range(0, OptionCases.Count));

    [Theory]
    [MemberData(nameof(OptionIndexes))]
    public void Options_and_custom_functions(int index)
    {
        var c = OptionCases[index];
        var (kind, text) = GoOracleTests.Run(c);
        if (c.Expected.StartsWith('!'))
        {
            Assert.NotEqual("output", kind);
            Assert.Contains(c.Expected[1..], text, StringComparison.Ordinal);
        }
        else
        {
            Assert.Equal(("output", c.Expected), (kind, text));
        }
    }

    [Fact]
    public void Custom_functions_are_checked_at_parse_time()
        => Assert.Throws<TemplateParseException>(() => GoTemplate.Parse("t", "{{ upper .X }}", TemplateFunctions.Builtins));

    [Fact]
    public void Parse_errors_carry_line_and_column()
    {
        var e = Assert.Throws<TemplateParseException>(() => GoTemplate.Parse("rule:header", "ok\n  {{ nope .X }}"));
        Assert.Equal("template: rule:header:2: function \"nope\" not defined", e.Message);
        Assert.Equal(2, e.Line);
        Assert.Equal("rule:header", e.TemplateName);
    }

    [Fact]
    public void Lookup_executes_a_defined_template_and_executions_run_concurrently()
    {
        var template = GoTemplate.Parse("t", "{{define \"sub\"}}<{{.X}}>{{end}}main");
        Assert.Equal("<x>", template.Lookup("sub")!.Execute(TemplateData.T));
        Assert.Null(template.Lookup("nope"));
        var compiled = GoTemplate.Parse("t", "{{range $i, $e := .SI}}{{$i}}{{$e}}{{end}}{{.X}}");
        Parallel.For(0, 200, _ => Assert.Equal("031425x", compiled.Execute(TemplateData.T)));
    }

    [Fact]
    public void Writes_to_a_text_writer()
    {
        using var writer = new StringWriter();
        GoTemplate.Parse("t", "{{.X}}").Execute(TemplateData.T, writer);
        Assert.Equal("x", writer.ToString());
    }

    [Fact]
    public void Json_nodes_are_exposed_with_go_number_kinds()
    {
        var node = System.Text.Json.Nodes.JsonNode.Parse("""{"a": 1.0, "b": [true]}""")!;
        node["c"] = 5;
        var template = GoTemplate.Parse("t", "{{.a}} {{.b}} {{.c}} {{printf \"%T %T\" .a .c}}");
        Assert.Equal("1 [true] 5 float64 int", template.Execute(TemplateJson.From(node)));
    }

    private static void Check(string text, TemplateValue data, string expected)
    {
        string actual;
        try
        {
            var template = GoTemplate.Parse("t", text);
            var output = new StringBuilder();
            template.Execute(data, output);
            actual = output.ToString();
        }
        catch (Exception e) when (e is TemplateParseException or TemplateExecutionException)
        {
            Assert.True(expected.StartsWith('!'), $"unexpected error for {text}: {e.Message}");
            Assert.Contains(expected[1..], e.Message, StringComparison.Ordinal);
            return;
        }

        Assert.False(expected.StartsWith('!') && expected.Length > 1, $"expected error {expected} for {text}, got {actual}");
        if (expected != "!")
        {
            Assert.Equal(expected, actual);
        }
    }
}
