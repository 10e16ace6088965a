module plenum

go 1.26.0

require (
	filippo.io/edwards25519 v1.2.0
	github.com/emersion/go-sasl v0.0.0-20241020182733-b788ff22d5a6
	github.com/emersion/go-smtp v0.25.1
	go.yaml.in/yaml/v3 v3.0.6
	golang.org/x/text v0.44.0
)
