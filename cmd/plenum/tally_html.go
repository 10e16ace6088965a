package main

import (
	"bytes"
	"fmt"
	"html"
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
	}{r, reportTitle(r), template.HTML(sankeySVG(r)), r.Rounds})
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
		"cell": func(rd count.Round, c string) string {
			if v, ok := rd.Tally[c]; ok {
				return v.String()
			}
			return "–"
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
{{range $c := .R.Candidates}}<tr><td>{{$c}}</td>{{range $.Rounds}}<td{{range .Elected}}{{if eq . $c}} class="win"{{end}}{{end}}>{{cell . $c}}</td>{{end}}</tr>
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

var palette = []string{"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#17becf"}

// sankeySVG draws one column per round, a bar per candidate sized by votes,
// and bands from round to round: votes a candidate keeps, and votes
// transferred from one candidate to another or to exhaustion.
func sankeySVG(r *count.Report) string {
	const colW, barW, height, gap, top, labelW = 150.0, 14.0, 420.0, 6.0, 30.0, 170.0
	if len(r.Rounds) == 0 || r.Valid.Sign() == 0 {
		return ""
	}
	nodes := append(append([]string{}, r.Candidates...), count.ExhaustedName)
	scale := (height - gap*float64(len(nodes))) / r.Valid.Float64()
	value := func(rd count.Round, n string) float64 {
		if n == count.ExhaustedName {
			v := rd.Exhausted
			if rd.Residual != nil {
				v = v.Add(*rd.Residual)
			}
			return v.Float64()
		}
		return rd.Tally[n].Float64()
	}
	// y[i][n] is the top of node n's bar in round i.
	y := make([]map[string]float64, len(r.Rounds))
	for i, rd := range r.Rounds {
		y[i] = map[string]float64{}
		pos := top
		for _, n := range nodes {
			y[i][n] = pos
			pos += value(rd, n)*scale + gap
		}
	}
	color := map[string]string{count.ExhaustedName: "#999"}
	for i, c := range r.Candidates {
		color[c] = palette[i%len(palette)]
	}
	width := labelW*2 + colW*float64(len(r.Rounds)-1) + barW
	var b strings.Builder
	fmt.Fprintf(&b, `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 %.0f %.0f" width="100%%" role="img" aria-label="Flow of votes between rounds">`, width, height+top+20)
	x := func(i int) float64 { return labelW + colW*float64(i) }
	for i := range len(r.Rounds) - 1 {
		out := map[string]float64{} // how far down each source bar is used
		in := map[string]float64{}
		band := func(from, to string, v float64) {
			h := v * scale
			if h <= 0 {
				return
			}
			x0, x1 := x(i)+barW, x(i+1)
			y0, y1 := y[i][from]+out[from], y[i+1][to]+in[to]
			out[from] += h
			in[to] += h
			xm := (x0 + x1) / 2
			fmt.Fprintf(&b, `<path d="M%.1f %.1fC%.1f %.1f %.1f %.1f %.1f %.1fL%.1f %.1fC%.1f %.1f %.1f %.1f %.1f %.1fZ" fill="%s" fill-opacity="0.35"><title>%s → %s: %.2f</title></path>`,
				x0, y0, xm, y0, xm, y1, x1, y1, x1, y1+h, xm, y1+h, xm, y0+h, x0, y0+h, color[from], html.EscapeString(from), html.EscapeString(to), v)
		}
		moved := map[string]float64{}
		for _, t := range r.Rounds[i].Transfers {
			moved[t.From] += t.Votes.Float64()
		}
		for _, n := range nodes {
			keep := value(r.Rounds[i], n) - moved[n]
			if n != count.ExhaustedName {
				keep = min(keep, value(r.Rounds[i+1], n))
			}
			band(n, n, keep)
		}
		for _, t := range r.Rounds[i].Transfers {
			band(t.From, t.To, t.Votes.Float64())
		}
	}
	for i, rd := range r.Rounds {
		fmt.Fprintf(&b, `<text x="%.1f" y="18" font-size="12" text-anchor="middle">Round %d</text>`, x(i)+barW/2, rd.Round)
		for _, n := range nodes {
			h := value(rd, n) * scale
			if h <= 0 {
				continue
			}
			fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.0f" height="%.1f" fill="%s"><title>%s, round %d: %.2f</title></rect>`, x(i), y[i][n], barW, max(h, 1), color[n], html.EscapeString(n), rd.Round, value(rd, n))
			label := n
			if n == count.ExhaustedName {
				label = "Exhausted"
			}
			switch i {
			case 0:
				fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="11" text-anchor="end" dominant-baseline="middle">%s</text>`, x(0)-4, y[0][n]+h/2, html.EscapeString(label))
			case len(r.Rounds) - 1:
				fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" font-size="11" dominant-baseline="middle">%s</text>`, x(i)+barW+4, y[i][n]+h/2, html.EscapeString(label))
			}
		}
	}
	b.WriteString("</svg>")
	return b.String()
}
