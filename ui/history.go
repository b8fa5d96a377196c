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
	if len(h.backStack) == 0 {
		return historyEntry{}, false
	}
	e := h.backStack[len(h.backStack)-1]
	h.backStack = h.backStack[:len(h.backStack)-1]
	if cur.idx >= 0 {
		h.fwdStack = append(h.fwdStack, cur)
	}
	return e, true
}

// forward is back's mirror.
func (h *history) forward(cur historyEntry) (historyEntry, bool) {
	if len(h.fwdStack) == 0 {
		return historyEntry{}, false
	}
	e := h.fwdStack[len(h.fwdStack)-1]
	h.fwdStack = h.fwdStack[:len(h.fwdStack)-1]
	if cur.idx >= 0 {
		h.backStack = append(h.backStack, cur)
	}
	return e, true
}
