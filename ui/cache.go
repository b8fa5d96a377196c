package ui

import "container/list"

// renderCache keeps the most recent renderings by (summary, width); the
// style is fixed for the life of the reader, so it is not part of the key.
type renderCache struct {
	cap   int
	order *list.List // front: most recent; values are renderKey
	items map[renderKey]*list.Element
	data  map[renderKey]string
}

func newRenderCache(capacity int) *renderCache {
	return &renderCache{cap: capacity, order: list.New(), items: map[renderKey]*list.Element{}, data: map[renderKey]string{}}
}

func (c *renderCache) get(k renderKey) (string, bool) {
	e, ok := c.items[k]
	if !ok {
		return "", false
	}
	c.order.MoveToFront(e)
	return c.data[k], true
}

func (c *renderCache) put(k renderKey, v string) {
	if e, ok := c.items[k]; ok {
		c.order.MoveToFront(e)
		c.data[k] = v
		return
	}
	c.items[k] = c.order.PushFront(k)
	c.data[k] = v
	for c.order.Len() > c.cap {
		old := c.order.Remove(c.order.Back()).(renderKey)
		delete(c.items, old)
		delete(c.data, old)
	}
}
