package main

import (
	"context"
	"sync/atomic"
	"testing"
	"time"
)

// stop ends what runs in the background and returns only once it has
// returned: serve leaves no goroutine behind.
func TestBackgroundStops(t *testing.T) {
	var ended atomic.Bool
	started := make(chan struct{})
	stop := background(context.Background(), func(ctx context.Context) {
		close(started)
		<-ctx.Done()
		time.Sleep(10 * time.Millisecond) // winding down takes a while
		ended.Store(true)
	})
	<-started
	stop()
	if !ended.Load() {
		t.Fatal("stop returned before the goroutine did")
	}
}
