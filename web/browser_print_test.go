package web

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	cdppage "github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// TestBrowserPrintsArticle reads an article with JavaScript disabled, follows
// its print link, and prints that to PDF with Chromium's own printing; the
// PDF's text must hold the title, the byline, the date and the address.
func TestBrowserPrintsArticle(t *testing.T) {
	ctx, dir := newBrowser(t)
	pdftotext, err := exec.LookPath("pdftotext")
	if err != nil {
		t.Skip("pdftotext (poppler-utils) is not installed: scripts/test installs it")
	}
	s := newTestServer(t, Config{})
	s.app.Mail.BaseURL = "https://riverside.example"
	err = chromedp.Do(ctx,
		chromedp.Navigate(s.ts.URL+"/articles/"+s.publicArticle),
		chromedp.WaitVisible(`//h1[text()="Rent strike: day 3"]`),
		chromedp.Click(`//a[text()="Print version"]`),
		chromedp.WaitVisible(`//footer[contains(., "Printed from")]`),
	)
	if err != nil {
		t.Fatal(err)
	}
	screenshot(t, ctx, dir, "20-article-print")
	res, err := chromedp.Call(ctx, cdppage.PrintToPDF, cdppage.PrintToPDFParams{})
	if err != nil {
		t.Fatalf("print to PDF: %v", err)
	}
	pdf := filepath.Join(dir, "article.pdf")
	if err := os.WriteFile(pdf, res.Data, 0o644); err != nil {
		t.Fatal(err)
	}
	out, err := exec.Command(pdftotext, "-layout", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	text := strings.Join(strings.Fields(string(out)), " ")
	for _, want := range []string{"Rent strike: day 3", "Statement of Grace Okafor", "Published 1 November 2026",
		"https://riverside.example/articles/" + s.publicArticle} {
		if !strings.Contains(text, want) {
			t.Errorf("the PDF lacks %q:\n%s", want, text)
		}
	}
}
