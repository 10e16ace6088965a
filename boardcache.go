package plenum

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"sync"
	"time"

	"plenum/secretballot"
)

// The election's page, the trustees' view and the booth show what an
// election's secret-ballot record says: checked, every event, which for a
// large election is minutes of work. Each process keeps what it has read of
// each record, keyed by the record's head: a request reads the head (one
// row), and when the record has grown since, reads and checks only the
// events added. A record that is not the one read (begun again, or changed
// behind plenum's back) has another head and is read afresh, so the state
// shown is never stale, however many processes serve the same database.
// The tally, the result and the record's download read the whole record.
//
// A process that starts knows no record: WarmBoards reads those of the
// elections in voting and tally ahead of the first request, which would
// otherwise read a whole record itself (at 100,000 ballots, a minute and a
// half of checking, longer than a request may take).

// boardsKept bounds the records a process keeps: those of the elections
// most recently looked at.
const boardsKept = 16

// boardWarmChunk is how many events the warm-up reads in one read
// transaction, holding the election's entry: about a second of checking,
// so that a request for the same election waits at most that long for it.
// A variable for tests.
var boardWarmChunk = 1024

// boardStatesKept is how many states an entry keeps before its latest: a
// request whose transaction began before a ballot that another request
// has read already finds its state there.
const boardStatesKept = 64

// boardState is what an election's record says up to a head.
type boardState struct {
	*secretballot.Board
	Events int
	Head   secretballot.Hash
	// Key is the payload of the election-key event (a dkg.Result), nil
	// before: what the booth hands to the voter's device.
	Key []byte
}

// boardCache is the records a process has read, by election.
type boardCache struct {
	mu      sync.Mutex
	entries map[ElectionID]*boardEntry
}

// boardEntry is what a process has read of one election's record.
type boardEntry struct {
	mu     sync.Mutex
	used   time.Time
	reader *secretballot.BoardReader
	key    []byte
	states []*boardState // the latest last

	// The election as a ballot is checked against, and the hash of the
	// record's event that completes it.
	prefix   secretballot.Hash
	election *secretballot.Election
}

// entry returns the entry of election id, made if need be.
func (c *boardCache) entry(id ElectionID) *boardEntry {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.entries == nil {
		c.entries = map[ElectionID]*boardEntry{}
	}
	e := c.entries[id]
	if e == nil {
		if len(c.entries) >= boardsKept {
			var oldest ElectionID
			for k, o := range c.entries {
				if oldest == 0 || o.used.Before(c.entries[oldest].used) {
					oldest = k
				}
			}
			delete(c.entries, oldest)
		}
		e = &boardEntry{}
		c.entries[id] = e
	}
	e.used = time.Now()
	return e
}

// boardOf returns what election id's record says at its head in tx, read
// from what this process read before and the events added since.
func (a *App) boardOf(ctx context.Context, tx Tx, id ElectionID) (*boardState, error) {
	n, head, err := tx.BallotHead(ctx, id)
	if err != nil {
		return nil, err
	}
	if n == 0 {
		return nil, Errorf(Conflict, "ballot record", "the key ceremony has not begun: nominations have not closed")
	}
	e := a.boards.entry(id)
	e.mu.Lock()
	defer e.mu.Unlock()
	if s := e.at(n, head); s != nil {
		return s, nil
	}
	if e.reader != nil {
		if m, _ := e.reader.Head(); m < n {
			err := e.readTo(ctx, tx, id, n)
			if s := e.at(n, head); err == nil && s != nil {
				return s, nil
			}
			if e.reader != nil && err != nil {
				return nil, err // the store failed, not the record
			}
		}
	}
	// Another record than the one read, or an older state of it.
	fresh := &boardEntry{}
	if err := fresh.readTo(ctx, tx, id, n); err != nil {
		return nil, err
	}
	s := fresh.at(n, head)
	if s == nil {
		return nil, internalError("ballot record", fmt.Errorf("the record's head is not the hash of its last event"))
	}
	if e.reader == nil || len(e.states) == 0 || e.states[len(e.states)-1].Events <= n {
		e.reader, e.key, e.states = fresh.reader, fresh.key, fresh.states
	}
	return s, nil
}

// at returns the state kept at head, or nil.
func (e *boardEntry) at(n int, head secretballot.Hash) *boardState {
	for i := len(e.states) - 1; i >= 0; i-- {
		if s := e.states[i]; s.Events == n && s.Head == head {
			return s
		}
	}
	return nil
}

// readTo reads and checks the events of election id's record from where
// e stands to height n. A record that does not extend what e read, or does
// not verify, drops e's reader.
func (e *boardEntry) readTo(ctx context.Context, tx Tx, id ElectionID, n int) error {
	if e.reader == nil {
		e.reader, e.key, e.states = secretballot.NewBoardReader(), nil, nil
	}
	earlier := recordOf{ctx: ctx, tx: tx, id: id}
	for {
		from, _ := e.reader.Head()
		if from >= n {
			return nil
		}
		evs, err := tx.BallotEvents(ctx, id, from, min(n, from+256))
		if err != nil {
			return err
		}
		if len(evs) == 0 {
			return internalError("ballot record", fmt.Errorf("events %d to %d are missing", from, n))
		}
		for _, ev := range evs {
			if err := e.reader.Add(ev.File, earlier); err != nil {
				e.reader, e.states = nil, nil
				return internalError("ballot record", err)
			}
			if ev.Type == secretballot.EventElectionKey {
				if e.key, err = eventPayload(ev.File); err != nil {
					return err
				}
			}
			events, head := e.reader.Head()
			e.states = append(e.states, &boardState{Board: e.reader.Board(), Events: events, Head: head, Key: e.key})
			if len(e.states) > 2*boardStatesKept {
				e.states = append(e.states[:0:0], e.states[len(e.states)-boardStatesKept:]...)
			}
		}
	}
}

// recordOf opens the events of an election's record by their file names.
type recordOf struct {
	ctx context.Context
	tx  Tx
	id  ElectionID
}

func (r recordOf) Open(name string) (fs.File, error) {
	var height int
	var typ string
	if _, err := fmt.Sscanf(name, "%06d-%s", &height, &typ); err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	evs, err := r.tx.BallotEvents(r.ctx, r.id, height, height+1)
	if err != nil {
		return nil, &fs.PathError{Op: "open", Path: name, Err: err}
	}
	fsys := eventsFS(evs)
	return fsys.Open(name)
}

// secretElection returns election id's election for checking ballots: the
// manifest and the key, read from the record up to the credentials and
// checked once per process.
func (a *App) secretElection(ctx context.Context, tx Tx, id ElectionID) (*secretballot.Election, error) {
	trustees, err := tx.Trustees(ctx, id)
	if err != nil {
		return nil, err
	}
	// The election, each trustee's keys and shares, the complaints, the key.
	evs, err := tx.BallotEvents(ctx, id, 0, 2*len(trustees)+3)
	if err != nil {
		return nil, err
	}
	if len(evs) == 0 {
		return nil, Errorf(Conflict, "ballot", "the election has no key yet")
	}
	last := secretballot.Hash(evs[len(evs)-1].Hash)
	e := a.boards.entry(id)
	e.mu.Lock()
	defer e.mu.Unlock()
	if e.election != nil && e.prefix == last {
		return e.election, nil
	}
	b, err := secretballot.ReadBoard(eventsFS(evs))
	if err != nil {
		return nil, internalError("ballot record", err)
	}
	if b.Election == nil {
		return nil, Errorf(Conflict, "ballot", "the election has no key yet")
	}
	e.prefix, e.election = last, b.Election
	return b.Election, nil
}

// WarmBoards reads into this process's cache the ballot records of the
// elections in voting, then in tally, up to the number the cache keeps:
// one election at a time, a chunk of events a read transaction, until ctx
// ends. A request that comes for an election meanwhile goes on from where
// the warm-up got. Run it in the background when the process starts.
// Errors: the store's, ctx's, and a record's that does not verify (the
// others are read all the same).
func (a *App) WarmBoards(ctx context.Context) error {
	var errs []error
	warmed := 0
	for _, s := range []ElectionStatus{ElectionVoting, ElectionTally} {
		for after := ElectionID(0); warmed < boardsKept; {
			var list []*Election
			err := a.Store.View(ctx, func(tx Tx) (err error) {
				list, err = tx.ElectionsIn(ctx, s, after, boardsKept-warmed)
				return err
			})
			if err != nil {
				return errors.Join(append(errs, err)...)
			}
			if len(list) == 0 {
				break
			}
			for _, e := range list {
				if err := a.warmBoard(ctx, e.ID); ctx.Err() != nil {
					return errors.Join(append(errs, ctx.Err())...)
				} else if err != nil {
					errs = append(errs, fmt.Errorf("election %s: %w", e.ID, err))
				}
				warmed++
			}
			after = list[len(list)-1].ID
		}
	}
	return errors.Join(errs...)
}

// warmBoard reads election id's record into the cache, boardWarmChunk
// events at a time, up to its head.
func (a *App) warmBoard(ctx context.Context, id ElectionID) error {
	for done := false; !done; {
		err := a.Store.View(ctx, func(tx Tx) error {
			n, _, err := tx.BallotHead(ctx, id)
			if err != nil || n == 0 {
				done = true
				return err
			}
			e := a.boards.entry(id)
			e.mu.Lock()
			defer e.mu.Unlock()
			from := 0
			if e.reader != nil {
				from, _ = e.reader.Head()
			}
			done = from+boardWarmChunk >= n
			return e.readTo(ctx, tx, id, min(n, from+boardWarmChunk))
		})
		if err != nil {
			return err
		}
	}
	return nil
}
