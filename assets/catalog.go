// Package assets holds what ships inside the programs: the sample catalog, the CJK font.
package assets

import _ "embed"

// CatalogJSON is the illustrative sample catalog of a fictional Guangzhou district
// center (copied from the project's shared data), used when no catalog file is given.
//
//go:embed catalog-sample.json
var CatalogJSON []byte
