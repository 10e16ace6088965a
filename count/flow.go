package count

import (
	"fmt"
	"html"
	"strings"
)

var palette = []string{"#4e79a7", "#f28e2b", "#e15759", "#76b7b2", "#59a14f", "#edc948", "#b07aa1", "#ff9da7", "#9c755f", "#bab0ac", "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#8c564b", "#17becf"}

// FlowSVG draws how the votes of a count moved, as an SVG image: one
// column per round, a bar per candidate sized by votes, and bands from
// round to round: votes a candidate keeps, and votes transferred from one
// candidate to another or to exhaustion.
func FlowSVG(r *Report) string {
	const colW, barW, height, gap, top, labelW = 150.0, 14.0, 420.0, 6.0, 30.0, 170.0
	if len(r.Rounds) == 0 || r.Valid.Sign() == 0 {
		return ""
	}
	nodes := append(append([]string{}, r.Candidates...), ExhaustedName)
	scale := (height - gap*float64(len(nodes))) / r.Valid.Float64()
	value := func(rd Round, n string) float64 {
		if n == ExhaustedName {
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
	color := map[string]string{ExhaustedName: "#999"}
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
			if n != ExhaustedName {
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
			if n == ExhaustedName {
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

// Cell is candidate c's votes in round rd as a table shows them, or a dash
// once they are out of the count.
func (rd Round) Cell(c string) string {
	if v, ok := rd.Tally[c]; ok {
		return v.String()
	}
	return "–"
}
