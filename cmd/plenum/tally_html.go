package main

import (
	"bytes"
	"html/template"
	"os"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"plenum/count"
)

// writeHTMLFile writes a self-contained report a returning officer can hand
// out: the result, the round table, and a picture of how votes moved.
func writeHTMLFile(path string, r *count.Report) error {
	var table bytes.Buffer
	if err := writeTallyTable(&table, r); err != nil {
		return err
	}
	var buf bytes.Buffer
	err := htmlReport().Execute(&buf, struct {
		R      *count.Report
		Title  string
		SVG    template.HTML
		Rounds []count.Round
	}{r, reportTitle(r), template.HTML(count.FlowSVG(r)), r.Rounds})
	if err != nil {
		return err
	}
	return os.WriteFile(path, buf.Bytes(), 0o644)
}

func reportTitle(r *count.Report) string {
	if r.Title != "" {
		return r.Title
	}
	return "Result of the count"
}

// htmlReport is parsed when first used, not when every command starts.
var htmlReport = sync.OnceValue(func() *template.Template {
	return template.Must(template.New("report").Funcs(template.FuncMap{
		"join": func(s []string) string { return strings.Join(s, ", ") },
		// sentence starts a round's note with a capital: notes are phrases.
		"sentence": func(s string) string {
			r, n := utf8.DecodeRuneInString(s)
			return string(unicode.ToUpper(r)) + s[n:]
		},
	}).Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}}</title>
<style>
body{font-family:system-ui,sans-serif;margin:2em auto;max-width:75em;color:#222}
h1{font-size:1.6em;margin-bottom:.2em} .meta{color:#555}
table{border-collapse:collapse;margin:1em 0;font-variant-numeric:tabular-nums}
th,td{border:1px solid #ccc;padding:.25em .5em;text-align:right;white-space:nowrap} th:first-child,td:first-child{text-align:left}
.scroll{overflow-x:auto} .legend{color:#555;font-size:.9em}
tr.elected td:first-child{font-weight:bold} .win{background:#e6f4e6}
ol.notes li{margin:.2em 0} svg{max-width:100%;height:auto;border:1px solid #eee}
@media print{svg{border:none}}
</style></head><body>
<h1>{{.Title}}</h1>
<p class="meta">Method: {{.R.Method}} · Seats: {{.R.Seats}} · Valid votes: {{.R.Valid}}{{with .R.Quota}} · Quota: {{.}}{{end}}</p>
<p><strong>Elected{{if gt (len .R.Elected) 1}}, in order of election{{end}}:</strong> {{join .R.Elected}}</p>
<h2>How the votes moved</h2>
{{.SVG}}
<p class="legend">Each column is a round; each bar a candidate's votes at that round. Bands show the votes each candidate keeps into the next round and the votes transferred from an excluded candidate or a surplus; grey is exhausted (and lost to rounding).</p>
<h2>Votes at each round</h2>
<div class="scroll"><table><tr><th>Candidate</th>{{range .Rounds}}<th>Round {{.Round}}</th>{{end}}</tr>
{{range $c := .R.Candidates}}<tr><td>{{$c}}</td>{{range $.Rounds}}<td{{range .Elected}}{{if eq . $c}} class="win"{{end}}{{end}}>{{.Cell $c}}</td>{{end}}</tr>
{{end}}<tr><td>Exhausted</td>{{range .Rounds}}<td>{{.Exhausted}}</td>{{end}}</tr>
{{if .Rounds}}{{if (index .Rounds 0).Residual}}<tr><td>Lost to rounding</td>{{range .Rounds}}<td>{{.Residual}}</td>{{end}}</tr>{{end}}{{end}}
</table></div>
<h2>What each round decided</h2>
<ol class="notes">{{range .Rounds}}<li>Round {{.Round}}:{{range .Notes}} {{sentence .}}.{{end}}{{range .Ties}} Tie for {{.For}} between {{join .Candidates}}: {{join .Chosen}} chosen by {{.BrokenBy}}.{{end}}{{if not (or .Notes .Ties)}} no decision.{{end}}</li>
{{end}}</ol>
{{range .R.Notes}}<p>{{.}}</p>{{end}}
</body></html>
`))
})
