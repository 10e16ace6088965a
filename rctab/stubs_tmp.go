package rctab

import "errors"

func (s *sourceReader) readCDF(path string) error         { return errors.New("todo") }
func (s *sourceReader) readDominion(path string) error    { return errors.New("todo") }
func (s *sourceReader) readHart(path string) error        { return errors.New("todo") }
func (s *sourceReader) readClearBallot(path string) error { return errors.New("todo") }
func (s *sourceReader) readCSV(path string) error         { return errors.New("todo") }
