// Package seeds embeds the corpus precis opens when no --corpus is given:
// 164 machine-learning paper summaries, with a metadata sidecar that gives
// their real titles where they are known.
package seeds

import _ "embed"

// Name is the file name the embedded corpus is reported under.
const Name = "ml-paper-summaries.txt"

// MetaName is the file name of the embedded metadata sidecar.
const MetaName = "ml-paper-summaries.meta.json"

// Corpus is the embedded corpus, in the [link] summary format.
//
//go:embed ml-paper-summaries.txt
var Corpus []byte

// Meta is the embedded metadata sidecar for Corpus.
//
//go:embed ml-paper-summaries.meta.json
var Meta []byte
