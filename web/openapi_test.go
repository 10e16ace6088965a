package web

import (
	"encoding/json"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// TestOpenAPIMatchesRoutes checks that every API route is in the OpenAPI
// document and that every operation the document lists is routed.
func TestOpenAPIMatchesRoutes(t *testing.T) {
	var doc struct {
		OpenAPI string `json:"openapi"`
		Servers []struct {
			URL string `json:"url"`
		} `json:"servers"`
		Paths map[string]map[string]json.RawMessage `json:"paths"`
	}
	if err := json.Unmarshal(openAPI, &doc); err != nil {
		t.Fatalf("openapi.json: %v", err)
	}
	if !strings.HasPrefix(doc.OpenAPI, "3.") || len(doc.Servers) != 1 || doc.Servers[0].URL != "/api/v1" {
		t.Fatalf("openapi %q, servers %v", doc.OpenAPI, doc.Servers)
	}
	var documented []string
	for path, ops := range doc.Paths {
		for method := range ops {
			if method == "parameters" || method == "summary" || method == "description" {
				continue
			}
			documented = append(documented, strings.ToUpper(method)+" /api/v1"+path)
		}
	}
	var routed []string
	for _, p := range newTestServer(t, Config{}).srv.patterns {
		if strings.Contains(p, " /api/") {
			routed = append(routed, p)
		}
	}
	for _, p := range routed {
		if !slices.Contains(documented, p) {
			t.Errorf("route %s is not in openapi.json", p)
		}
	}
	for _, p := range documented {
		if !slices.Contains(routed, p) {
			t.Errorf("openapi.json documents %s, which is not routed", p)
		}
	}
	if len(routed) < 2 {
		t.Fatalf("only %d API routes", len(routed))
	}
	// Every reference names a schema the document defines.
	var whole struct {
		Components struct {
			Schemas map[string]json.RawMessage `json:"schemas"`
		} `json:"components"`
	}
	json.Unmarshal(openAPI, &whole)
	refs := regexp.MustCompile(`"\$ref":\s*"#/components/schemas/([^"]+)"`).FindAllStringSubmatch(string(openAPI), -1)
	if len(refs) < 20 {
		t.Fatalf("only %d references to schemas", len(refs))
	}
	for _, m := range refs {
		if _, ok := whole.Components.Schemas[m[1]]; !ok {
			t.Errorf("openapi.json refers to an undefined schema %s", m[1])
		}
	}
}
