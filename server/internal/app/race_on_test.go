//go:build race

package app

// raceDetector says the tests run with -race: bcrypt then takes seconds a login and
// timings say nothing about the server, so timing checks are left to plain runs.
const raceDetector = true
