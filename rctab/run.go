package rctab

import (
	"fmt"
	"slices"

	"plenum/count"
)

// Contest is what a config and its cast-vote records give a count.
type Contest struct {
	Profile *count.Profile
	Options count.IRVOptions
}

// Load reads the config at path and the cast-vote records it names.
func Load(path string) (*Contest, error) {
	cfg, err := LoadConfig(path)
	if err != nil {
		return nil, err
	}
	return cfg.Contest()
}

// Contest reads the config's cast-vote records.
func (c *Config) Contest() (*Contest, error) {
	opt, err := c.options()
	if err != nil {
		return nil, err
	}
	seats, err := c.seats()
	if err != nil {
		return nil, err
	}
	p := &count.Profile{Title: c.OutputSettings.ContestName, Seats: seats}
	aliases := map[string]int{}
	for i, cand := range c.Candidates {
		p.Candidates = append(p.Candidates, cand.Name)
		if cand.Excluded {
			p.Withdrawn = append(p.Withdrawn, i)
		}
		for _, a := range cand.Aliases {
			aliases[a] = i
		}
	}
	uwi := -1
	if opt.UndeclaredWriteIn != "" {
		uwi = len(p.Candidates)
		p.Candidates = append(p.Candidates, opt.UndeclaredWriteIn)
	}
	b := newBuilder(p.Candidates, aliases, uwi)
	for i := range c.CVRFileSources {
		s := &sourceReader{cfg: c, src: &c.CVRFileSources[i], n: i, b: b, maxRankings: opt.MaxRankings}
		if c.OnSource != nil {
			c.OnSource(i+1, len(c.CVRFileSources), c.path(s.src.FilePath))
		}
		if err := s.read(); err != nil {
			return nil, err
		}
	}
	if err := b.err(); err != nil {
		return nil, err
	}
	p.Ballots = b.ballots
	return &Contest{Profile: p, Options: opt}, nil
}

// Count runs the contest's count: one report, or one per pass for
// multi-pass IRV.
func (ct *Contest) Count() ([]*count.Report, error) {
	if ct.Options.Mode == count.MultiPass {
		return count.SequentialIRV(ct.Profile, ct.Options)
	}
	r, err := count.IRV(ct.Profile, ct.Options)
	if err != nil {
		return nil, err
	}
	return []*count.Report{r}, nil
}

// Run counts the RCTab case whose config is at path.
func Run(path string) ([]*count.Report, error) {
	ct, err := Load(path)
	if err != nil {
		return nil, err
	}
	reports, err := ct.Count()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return reports, nil
}

func sorted(s []string) []string {
	slices.Sort(s)
	return s
}
