// Package diag holds the kiosk binary's tools for installers: probe-reader reads one ID
// card and prints it as JSON, test-print prints a sample ticket, and sim-reader and
// sim-printer run the device simulators standalone for demonstrations and for trying
// the first two without hardware. Each is a function of its arguments and standard
// streams returning an exit code (0 success, 1 device fault, 2 usage), so tests run them
// as they are and main stays thin. README.md in this folder walks an installer through.
package diag
