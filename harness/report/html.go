package report

import (
	"bytes"
	"fmt"
	"html/template"
	"io"
)

// pageTemplate is the self-contained HTML report: inline CSS, inline SVG,
// no scripts and no external resources, so it reads the same offline.
var pageTemplate = template.Must(template.New("page").Parse(`<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{.Title}}</title>
<style>
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 72em; padding: 0 1em; color: #222; }
table { border-collapse: collapse; margin: 0.5em 0 1.5em; font-variant-numeric: tabular-nums; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.6em; text-align: right; }
th { background: #f3f3f3; }
td.best { background: #d9f2d9; font-weight: bold; }
td.bad { background: #f8d7d7; font-weight: bold; }
tfoot td { background: #fafafa; font-style: italic; }
figure { margin: 1em 0 2em; }
figure svg { max-width: 100%; height: auto; }
dl.meta { display: grid; grid-template-columns: max-content auto; gap: 0.1em 1em; }
dl.meta dt { font-weight: bold; }
dl.meta dd { margin: 0; }
.note { color: #555; }
</style>
</head>
<body>
<h1>{{.Title}}</h1>
<dl class="meta">{{range .Meta}}<dt>{{.Key}}</dt><dd>{{.Value}}</dd>{{end}}</dl>
{{range .Notes}}<p class="note">{{.}}</p>
{{end}}
<nav><h2>Contents</h2><ul>
{{range .Sections}}{{range .Tables}}<li><a href="#{{.ID}}">{{.Title}}</a></li>
{{end}}{{end}}{{range .Figures}}<li><a href="#chart-{{.Name}}">{{.Title}}</a></li>
{{end}}</ul></nav>
{{range .Sections}}<section>
<h2>{{.Heading}}</h2>
{{range .Tables}}<table id="{{.ID}}">
<caption>{{.Title}}</caption>
<thead><tr>{{range .Header}}<th>{{.}}</th>{{end}}</tr></thead>
<tbody>
{{range .Rows}}<tr>{{range .}}<td{{if .Best}} class="best"{{else if .Bad}} class="bad"{{end}}>{{.Text}}</td>{{end}}</tr>
{{end}}</tbody>
{{if .Footer}}<tfoot><tr>{{range .Footer}}<td>{{.}}</td>{{end}}</tr></tfoot>
{{end}}</table>
{{end}}{{range .Notes}}<p class="note">{{.}}</p>
{{end}}</section>
{{end}}{{if .Figures}}<section>
<h2>Charts</h2>
{{range .Figures}}<figure id="chart-{{.Name}}">
{{.SVG}}
<figcaption>{{.Title}}</figcaption>
</figure>
{{end}}</section>
{{end}}{{if .Warnings}}<section>
<h2>Warnings</h2>
<ul>{{range .Warnings}}<li>{{.}}</li>{{end}}</ul>
</section>
{{end}}</body>
</html>
`))

type htmlFigure struct {
	Name, Title string
	SVG         template.HTML
}

func writeHTML(w io.Writer, doc document, figs []Figure) error {
	page := struct {
		document
		Figures []htmlFigure
	}{document: doc}
	for _, f := range figs {
		svg, err := inlineSVG(f.SVG)
		if err != nil {
			return fmt.Errorf("report: figure %s: %w", f.Name, err)
		}
		page.Figures = append(page.Figures, htmlFigure{Name: f.Name, Title: f.Title, SVG: svg})
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
