package ui

import "github.com/charmbracelet/bubbles/key"

// keyMap holds every key of the reader. The help overlay is generated from
// these bindings, so it cannot drift from what the keys do.
type keyMap struct {
	Up, Down                 key.Binding
	Top, Bottom              key.Binding
	PageDown, PageUp         key.Binding
	HalfPageDown, HalfPageUp key.Binding
	Filter                   key.Binding
	Next, Prev               key.Binding
	Open, Back, SwitchPane   key.Binding
	Bookmark, Bookmarks      key.Binding
	Related                  key.Binding
	HistoryBack, HistoryFwd  key.Binding
	Links                    key.Binding
	Help, Quit, ForceQuit    key.Binding
	// Wheel is not matched against keys: it lists the mouse in the help.
	Wheel key.Binding
}

func newKeyMap() keyMap {
	return keyMap{
		Up:           key.NewBinding(key.WithKeys("k", "up"), key.WithHelp("k/↑", "up")),
		Down:         key.NewBinding(key.WithKeys("j", "down"), key.WithHelp("j/↓", "down")),
		Top:          key.NewBinding(key.WithKeys("g", "home"), key.WithHelp("g/home", "top")),
		Bottom:       key.NewBinding(key.WithKeys("G", "end"), key.WithHelp("G/end", "bottom")),
		PageDown:     key.NewBinding(key.WithKeys(" ", "ctrl+f", "pgdown"), key.WithHelp("space/ctrl+f", "page down")),
		PageUp:       key.NewBinding(key.WithKeys("ctrl+b", "pgup"), key.WithHelp("ctrl+b/pgup", "page up")),
		HalfPageDown: key.NewBinding(key.WithKeys("ctrl+d"), key.WithHelp("ctrl+d", "half page down")),
		HalfPageUp:   key.NewBinding(key.WithKeys("ctrl+u"), key.WithHelp("ctrl+u", "half page up")),
		Filter:       key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "filter list, search text")),
		Next:         key.NewBinding(key.WithKeys("n"), key.WithHelp("n", "next match")),
		Prev:         key.NewBinding(key.WithKeys("N"), key.WithHelp("N", "previous match")),
		Open:         key.NewBinding(key.WithKeys("enter"), key.WithHelp("enter", "open")),
		Back:         key.NewBinding(key.WithKeys("esc"), key.WithHelp("esc", "back out")),
		SwitchPane:   key.NewBinding(key.WithKeys("tab"), key.WithHelp("tab", "switch pane")),
		Bookmark:     key.NewBinding(key.WithKeys("b"), key.WithHelp("b", "toggle bookmark")),
		Bookmarks:    key.NewBinding(key.WithKeys("B"), key.WithHelp("B", "bookmarks only")),
		Related:      key.NewBinding(key.WithKeys("r"), key.WithHelp("r", "related papers")),
		HistoryBack:  key.NewBinding(key.WithKeys("[", "backspace"), key.WithHelp("[/backspace", "back in history")),
		HistoryFwd:   key.NewBinding(key.WithKeys("]"), key.WithHelp("]", "forward in history")),
		Links:        key.NewBinding(key.WithKeys("o"), key.WithHelp("o", "open a link or figure")),
		Help:         key.NewBinding(key.WithKeys("?"), key.WithHelp("?", "all keys")),
		Quit:         key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit")),
		ForceQuit:    key.NewBinding(key.WithKeys("ctrl+c"), key.WithHelp("ctrl+c", "quit at once")),
		Wheel:        key.NewBinding(key.WithKeys("mouse wheel"), key.WithHelp("wheel", "scroll pane under pointer")),
	}
}

// ShortHelp is the one-line hint in the status bar, for the list.
func (k keyMap) ShortHelp() []key.Binding {
	return []key.Binding{k.Filter, k.Open, k.Bookmark, k.Related, k.Help, k.Quit}
}

// hint is a binding for the status bar's hint only.
func hint(keys, what string) key.Binding {
	return key.NewBinding(key.WithKeys(keys), key.WithHelp(keys, what))
}

// typingHelp, pickerHelp and overlayHelp are the hints while a text
// input, a picker or the help has the keys.
func (k keyMap) typingHelp(filter bool) []key.Binding {
	if filter {
		return []key.Binding{hint("enter", "open the best hit"), hint("↑/↓", "move"), hint("esc", "cancel")}
	}
	return []key.Binding{hint("enter", "done"), hint("esc", "cancel")}
}

func (k keyMap) pickerHelp() []key.Binding {
	return []key.Binding{hint("enter", "choose"), hint("j/k", "move"), hint("esc", "close"), k.Quit}
}

func (k keyMap) overlayHelp() []key.Binding {
	return []key.Binding{hint("j/k", "scroll"), hint("? or esc", "close"), k.Quit}
}

// readerHelp is the hint while the reading pane has the keys.
func (k keyMap) readerHelp() []key.Binding {
	search := key.NewBinding(key.WithKeys("/"), key.WithHelp("/", "search text"))
	return []key.Binding{search, k.Next, k.Back, k.Bookmark, k.Related, k.Links, k.Help, k.Quit}
}

// FullHelp is the help overlay, one column per group.
func (k keyMap) FullHelp() [][]key.Binding {
	return [][]key.Binding{
		{k.Up, k.Down, k.Top, k.Bottom, k.PageDown, k.PageUp, k.HalfPageDown, k.HalfPageUp, k.Wheel},
		{k.Filter, k.Next, k.Prev, k.Open, k.Back, k.SwitchPane},
		{k.Bookmark, k.Bookmarks, k.Related, k.HistoryBack, k.HistoryFwd, k.Links, k.Help, k.Quit, k.ForceQuit},
	}
}
