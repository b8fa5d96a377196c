package ui

// historyEntry is a summary that was read and how far down it was.
type historyEntry struct{ idx, offset int }

// history is what was read, like a browser's: back and forward stacks.
type history struct {
	backStack, fwdStack []historyEntry
}

// push records the summary being left for a new one; it clears forward.
func (h *history) push(idx, offset int) {
	h.backStack = append(h.backStack, historyEntry{idx, offset})
	h.fwdStack = h.fwdStack[:0]
}

// back returns the previous entry and puts cur on the forward stack.
func (h *history) back(cur historyEntry) (historyEntry, bool) {
	return step(&h.backStack, &h.fwdStack, cur)
}

// forward is back's mirror.
func (h *history) forward(cur historyEntry) (historyEntry, bool) {
	return step(&h.fwdStack, &h.backStack, cur)
}

// step pops the top of from and pushes cur (when it is a summary) on to.
func step(from, to *[]historyEntry, cur historyEntry) (historyEntry, bool) {
	if len(*from) == 0 {
		return historyEntry{}, false
	}
	e := (*from)[len(*from)-1]
	*from = (*from)[:len(*from)-1]
	if cur.idx >= 0 {
		*to = append(*to, cur)
	}
	return e, true
}
