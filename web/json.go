package web

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
)

// maxBody bounds the JSON bodies the API reads.
const maxBody = 64 << 10

// decodeJSON reads one JSON object into dst, refusing unknown fields and
// trailing data, and names the field at fault when it can.
func decodeJSON(w http.ResponseWriter, r *http.Request, dst any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return invalid("", "the body must be JSON (Content-Type: application/json)")
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(dst); err != nil {
		return jsonProblem(err)
	}
	if err := dec.Decode(&struct{}{}); !errors.Is(err, io.EOF) {
		return invalid("", "the body must hold one JSON object and nothing after it")
	}
	return nil
}

func jsonProblem(err error) *problem {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	var tooBig *http.MaxBytesError
	switch {
	case errors.Is(err, io.EOF):
		return invalid("", "the body is empty; it must be a JSON object")
	case errors.As(err, &syn):
		return invalid("", fmt.Sprintf("malformed JSON at byte %d", syn.Offset))
	case errors.As(err, &typ):
		return invalid(typ.Field, fmt.Sprintf("%s must be a JSON %s", typ.Field, typ.Type))
	case errors.As(err, &tooBig):
		return invalid("", fmt.Sprintf("the body is larger than %d bytes", maxBody))
	case strings.HasPrefix(err.Error(), "json: unknown field "):
		f := strings.Trim(strings.TrimPrefix(err.Error(), "json: unknown field "), `"`)
		return invalid(f, "unknown field "+strconv.Quote(f))
	}
	return invalid("", "malformed JSON: "+err.Error())
}
