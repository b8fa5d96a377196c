package corpusgen_test

import "codeberg.org/precis/precis/seeds"

func seedCorpus() []byte { return seeds.Corpus }
