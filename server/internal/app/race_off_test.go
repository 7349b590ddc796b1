//go:build !race

package app

// raceDetector says the tests run with -race (see race_on_test.go).
const raceDetector = false
