package report

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
)

// pageTemplate is the self-contained HTML report: inline CSS, inline SVG,
// one small inline script that sorts tables, and no external resources, so
// it reads the same offline. The answer comes first: the verdict, then the
// key charts, then the tables, one collapsed section per group.
var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 72em; padding: 0 1em; color: #222; line-height: 1.4; overflow-wrap: anywhere; }
.verdict { border-left: 4px solid #0072b2; background: #f0f6fb; padding: 0.5em 1em; }
.verdict li { margin: 0.4em 0; }
.scroll { overflow-x: auto; margin: 0.5em 0 1.5em; }
table { border-collapse: collapse; font-variant-numeric: tabular-nums; font-size: 0.9em; }
caption { text-align: left; font-weight: bold; padding-bottom: 0.2em; }
th, td { border: 1px solid #ccc; padding: 0.2em 0.5em; text-align: right; white-space: nowrap; overflow-wrap: normal; }
th[scope=row] { text-align: left; }
th { background: #f3f3f3; }
th[scope=col] { cursor: pointer; }
th[aria-sort=ascending]::after { content: " ▲"; }
th[aria-sort=descending]::after { content: " ▼"; }
td.best { background: #d9f2d9; font-weight: bold; }
td.best::after { content: " ★"; }
td.bad { background: #f8d7d7; font-weight: bold; }
td.suspect { background: #fff3cd; }
tfoot td, tfoot th { background: #fafafa; font-style: italic; }
figure { margin: 1em 0 2em; }
figure svg { max-width: 100%; height: auto; }
.panels { display: flex; flex-wrap: wrap; gap: 0.5em; }
.panels > svg { flex: 1 1 14em; min-width: 0; max-width: 26em; }
figcaption { font-weight: bold; margin-bottom: 0.3em; }
.caption { white-space: pre-line; font-size: 0.85em; color: #555; margin: 0.3em 0 0; }
details { margin: 0.5em 0; }
summary { cursor: pointer; font-weight: bold; font-size: 1.1em; }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: 0.1em 1em; }
dl.meta dt { font-weight: bold; }
dl.meta dd { margin: 0; }
.note { color: #555; }
</style>
</head>
<body>
<main>
<h1>{{.Title}}</h1>
{{if .Verdict}}<section class="verdict" aria-labelledby="verdict"><h2 id="verdict">Verdict</h2>
<ul>{{range .Verdict}}<li>{{.}}</li>{{end}}</ul>
</section>
{{end}}{{if .Noise}}<p class="note">{{.Noise}}</p>
{{end}}{{if .KeyFigures}}<section aria-labelledby="charts"><h2 id="charts">Key charts</h2>
{{range .KeyFigures}}{{template "figure" .}}{{end}}</section>
{{end}}<section aria-labelledby="tables"><h2 id="tables">Tables</h2>
<p class="note">Click a column heading to sort by it.</p>
{{range .Notes}}<p class="note">{{.}}</p>
{{end}}{{range $i, $sec := .Sections}}<details{{if eq $i 0}} open{{end}}>
<summary>{{$sec.Heading}}</summary>
{{range $sec.Tables}}<div class="scroll"><table id="{{.ID}}" class="sortable">
<caption>{{.Title}}</caption>
<thead><tr>{{range .Header}}<th scope="col">{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr>{{range $j, $c := .}}{{if eq $j 0}}<th scope="row" data-v="{{$c.Num}}">{{$c.Text}}</th>{{else}}<td data-v="{{$c.Num}}"{{if $c.Title}} title="{{$c.Title}}"{{end}}{{if $c.Best}} class="best"{{else if $c.Bad}} class="bad"{{else if $c.Suspect}} class="suspect"{{end}}>{{$c.Text}}</td>{{end}}{{end}}</tr>
{{end}}</tbody>
{{if .Footer}}<tfoot><tr>{{range $j, $f := .Footer}}{{if eq $j 0}}<th scope="row">{{$f}}</th>{{else}}<td>{{$f}}</td>{{end}}{{end}}</tr></tfoot>
{{end}}</table></div>
{{end}}{{range $sec.Notes}}<p class="note">{{.}}</p>
{{end}}</details>
{{end}}</section>
{{if .OtherFigures}}<section aria-labelledby="more-charts"><h2 id="more-charts">More charts</h2>
{{range .OtherFigures}}{{template "figure" .}}{{end}}</section>
{{end}}{{if .Warnings}}<section aria-labelledby="warnings"><h2 id="warnings">Warnings</h2>
<ul>{{range .Warnings}}<li>{{.}}</li>{{end}}</ul>
</section>
{{end}}<section aria-labelledby="run"><h2 id="run">The run</h2>
<dl class="meta">{{range .Meta}}<dt>{{.Key}}</dt><dd>{{.Value}}</dd>{{end}}</dl>
</section>
</main>
<script>
// Sort a table by the column whose heading is clicked, numerically by
// each cell's data-v, toggling the direction.
document.querySelectorAll("table.sortable").forEach(function (t) {
  t.querySelectorAll("thead th").forEach(function (th, col) {
    th.setAttribute("tabindex", "0");
    function sort() {
      var asc = th.getAttribute("aria-sort") !== "ascending";
      t.querySelectorAll("thead th").forEach(function (o) { o.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", asc ? "ascending" : "descending");
      var body = t.tBodies[0];
      var rows = Array.prototype.slice.call(body.rows);
      rows.sort(function (a, b) {
        var x = parseFloat(a.cells[col].getAttribute("data-v")), y = parseFloat(b.cells[col].getAttribute("data-v"));
        if (isNaN(x)) { x = Infinity; }
        if (isNaN(y)) { y = Infinity; }
        return asc ? x - y : y - x;
      });
      rows.forEach(function (r) { body.appendChild(r); });
    }
    th.addEventListener("click", sort);
    th.addEventListener("keydown", function (e) { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); sort(); } });
  });
});
</script>
</body>
</html>
{{define "figure"}}<figure id="chart-{{.Name}}">
{{if .Panels}}<figcaption>{{.Title}}</figcaption>
<div class="panels">{{range .Panels}}{{.}}{{end}}</div>
<p class="caption">{{.Caption}}</p>
{{else}}{{.SVG}}
<figcaption>{{.Title}}</figcaption>
{{end}}</figure>
{{end}}`))

type htmlFigure struct {
	Name, Title, Caption string
	SVG                  template.HTML
	Panels               []template.HTML
}

// writeHTML writes doc as one page. Its tables are transposed (see
// transposed), so that they fit a wide screen, and scroll on their own on
// a narrow one; a figure's panels sit side by side or stack, as the width
// allows.
func writeHTML(w io.Writer, doc document, figs []Figure) error {
	for i := range doc.Sections {
		for j, t := range doc.Sections[i].Tables {
			doc.Sections[i].Tables[j] = transposed(t)
		}
	}
	page := struct {
		document
		KeyFigures, OtherFigures []htmlFigure
	}{document: doc}
	for _, f := range figs {
		svg, err := inlineSVG(f.SVG)
		if err != nil {
			return fmt.Errorf("report: figure %s: %w", f.Name, err)
		}
		hf := htmlFigure{Name: f.Name, Title: f.Title, Caption: f.Caption, SVG: svg}
		for i, p := range f.Panels {
			svg, err := inlineSVG(p)
			if err != nil {
				return fmt.Errorf("report: figure %s panel %d: %w", f.Name, i+1, err)
			}
			hf.Panels = append(hf.Panels, svg)
		}
		if f.Key {
			page.KeyFigures = append(page.KeyFigures, hf)
		} else {
			page.OtherFigures = append(page.OtherFigures, hf)
		}
	}
	if err := pageTemplate.Execute(w, page); err != nil {
		return fmt.Errorf("report: html: %w", err)
	}
	return nil
}

// inlineSVG strips the XML prolog and doctype of a standalone SVG document
// so that it can be embedded in HTML. The SVG comes from our own chart
// renderer, not from the user, so it is trusted markup.
func inlineSVG(doc []byte) (template.HTML, error) {
	i := bytes.Index(doc, []byte("<svg"))
	if i < 0 {
		return "", fmt.Errorf("no <svg> element")
	}
	return template.HTML(doc[i:]), nil
}

// transposed returns a per-n table (a row per n, a column per strategy,
// maybe a footer row) with a row per strategy and a column per n instead,
// the footer becoming the last column: sixteen strategies are too many
// columns for a screen, six sizes are not. Other tables are returned as
// they are.
func transposed(t table) table {
	if !t.PerN || len(t.Header) == 0 {
		return t
	}
	out := table{ID: t.ID, Title: t.Title, Header: []string{"strategy"}}
	for _, r := range t.Rows {
		out.Header = append(out.Header, "n="+r[0].Text)
	}
	if t.Footer != nil {
		out.Header = append(out.Header, t.Footer[0])
	}
	for j, name := range t.Header[1:] {
		row := []cell{{Text: name}}
		for _, r := range t.Rows {
			row = append(row, r[j+1])
		}
		if t.Footer != nil {
			row = append(row, cell{Text: t.Footer[j+1]})
		}
		out.Rows = append(out.Rows, row)
	}
	return out
}
