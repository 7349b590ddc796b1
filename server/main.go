// Command server is onedoor's central server: the queue, the API, the live stream.
package main

import (
	"os"

	"onedoor/server/internal/app"
)

func main() { os.Exit(app.Main(os.Args[1:], os.Stdout, os.Stderr)) }
