module plenum

go 1.26.0

require (
	filippo.io/edwards25519 v1.2.0
	go.yaml.in/yaml/v3 v3.0.6
	golang.org/x/text v0.44.0
)
