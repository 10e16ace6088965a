package shuffle

import (
	"runtime"
	"sync"
)

// chunkRows is the number of rows a worker takes at a time: large enough for
// the bucket method to reach its speed (a chunk of width-1 rows makes an
// MSM of 32,768 terms), small enough that a chunk of decoded points stays a
// few megabytes. Tests lower it to run many chunks on few rows.
var chunkRows = 4096

// forChunks calls f(lo, hi) for consecutive chunks of [0, n) on every core
// and returns the error of the lowest failing chunk, so that a failure is
// reported the same way however the chunks were scheduled.
func forChunks(n, size int, f func(lo, hi int) error) error {
	chunks := (n + size - 1) / size
	errs := make([]error, chunks)
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), chunks) {
		wg.Go(func() {
			for c := range next {
				errs[c] = f(c*size, min(n, (c+1)*size))
			}
		})
	}
	for c := range chunks {
		next <- c
	}
	close(next)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}
