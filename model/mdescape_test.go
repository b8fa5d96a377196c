package model_test

import (
	"testing"

	"codeberg.org/precis/precis/model"
)

func TestEscapeMarkdown(t *testing.T) {
	for in, want := range map[string]string{
		"Plain title":               "Plain title",
		"*Bold* _it_ [x](y) #1 <b>": `\*Bold\* \_it\_ \[x\](y) \#1 \<b\>`,
		"A & B ~ C | D `code` \\":   "A \\& B \\~ C \\| D \\`code\\` \\\\",
		"&#27;]52;c;x":              `\&\#27;\]52;c;x`,
		"Ünïcode “quotes” — dash":   "Ünïcode “quotes” — dash",
	} {
		if got := model.EscapeMarkdown(in); got != want {
			t.Errorf("EscapeMarkdown(%q) = %q, want %q", in, got, want)
		}
	}
}
