package desk

import (
	"errors"
	"net/http"
	"strings"

	"onedoor/internal/client"
	"onedoor/internal/queue"
)

// RefusedMaterials returns the materials of it that the server named when it refused an
// acceptance (409: a required material missing or defective, "m2 申请人有效身份证件"),
// so that the caller can name them in the clerk's language; nil for any other error.
func RefusedMaterials(it *queue.Item, err error) []queue.Material {
	var e *client.Error
	if it == nil || !errors.As(err, &e) || e.Status != http.StatusConflict {
		return nil
	}
	var out []queue.Material
	for _, m := range it.Materials {
		if strings.Contains(e.Message, m.Code+" "+m.NameZh) {
			out = append(out, m)
		}
	}
	return out
}
