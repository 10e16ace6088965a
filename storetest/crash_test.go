package storetest

import (
	"bufio"
	"crypto/ed25519"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"

	"plenum"
	"plenum/record"
)

// TestSQLiteCrash kills a process that appends to the record (kill -9) and
// checks that every append it acknowledged survived, with the chain intact.
func TestSQLiteCrash(t *testing.T) {
	path := SQLitePath(t)
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashWriter$")
	cmd.Env = append(os.Environ(), "PLENUM_CRASH_DB="+path)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var acked int64
	sc := bufio.NewScanner(out)
	for sc.Scan() && acked < 40 {
		if seq, ok := strings.CutPrefix(sc.Text(), "acked "); ok {
			acked, _ = strconv.ParseInt(seq, 10, 64)
		}
	}
	cmd.Process.Kill() // SIGKILL: no chance to flush or close anything
	cmd.Wait()
	if acked < 40 {
		t.Fatalf("the writer acknowledged %d appends before dying", acked)
	}
	db := open(t, path)
	v := record.NewVerifier(testKey.Public().(ed25519.PublicKey))
	err = db.View(ctx, func(tx plenum.Tx) error {
		return tx.EachEntry(ctx, func(e *record.Entry) error { return v.Add(*e) })
	})
	if err != nil {
		t.Fatalf("record after the crash: %v", err)
	}
	if v.Count() < acked {
		t.Errorf("record has %d entries after the crash; %d were acknowledged", v.Count(), acked)
	}
}

// TestCrashWriter is TestSQLiteCrash's writer: it appends until killed,
// printing each seq once its transaction has committed.
func TestCrashWriter(t *testing.T) {
	path := os.Getenv("PLENUM_CRASH_DB")
	if path == "" {
		t.Skip("the writer of TestSQLiteCrash; runs only as its child process")
	}
	db := open(t, path)
	for i := 0; ; i++ {
		if err := appendEntry(db, record.Entry{Time: t0, Type: "test.crash", Actor: "system", Payload: []byte(fmt.Sprintf(`{"i":%d}`, i))}); err != nil {
			t.Fatal(err)
		}
		fmt.Printf("acked %d\n", i+1)
	}
}
