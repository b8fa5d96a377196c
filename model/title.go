package model

import "strings"

// DeriveTitles sets DerivedTitle on every summary. PLACEHOLDER: the first
// words of the text until title derivation lands.
func DeriveTitles(ss []Summary) {
	for i := range ss {
		w := strings.Fields(ss[i].Text)
		if len(w) > 8 {
			w = w[:8]
		}
		ss[i].DerivedTitle = strings.Join(w, " ")
	}
}
