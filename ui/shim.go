package ui

// TEMPORARY shim until model's SearchContext lands.

import (
	"context"

	"codeberg.org/precis/precis/model"
)

func searchContext(ctx context.Context, c *model.Corpus, q string) ([]model.Hit, error) {
	h := c.Search(q, 0)
	return h, ctx.Err()
}
