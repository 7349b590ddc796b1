// Command city is the city tier (市级平台): the centers' uploads into PostgreSQL and the
// dashboards above them. It is a program of its own, not a mode of the center's
// server: a city runs it on other machines, several behind a load balancer, beside
// PostgreSQL, and a center's binary carries no database driver it never uses.
package main

import (
	"os"

	"onedoor/server/internal/city"
)

func main() { os.Exit(city.Main(os.Args[1:], os.Stdout, os.Stderr)) }
