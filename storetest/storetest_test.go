package storetest

import (
	"testing"

	"plenum"
)

func TestSQLite(t *testing.T) {
	Run(t, func(t *testing.T) plenum.Store { return SQLite(t) })
}

func TestPostgres(t *testing.T) {
	Run(t, func(t *testing.T) plenum.Store { return Postgres(t) })
}
