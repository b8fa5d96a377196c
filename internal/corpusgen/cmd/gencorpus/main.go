// Command gencorpus writes a generated corpus of n summaries:
//
//	go run ./internal/corpusgen/cmd/gencorpus -n 100000 -o /tmp/big.txt
package main

import (
	"bufio"
	"flag"
	"fmt"
	"os"

	"codeberg.org/precis/precis/internal/corpusgen"
)

func main() {
	n := flag.Int("n", 10000, "number of summaries")
	seed := flag.Int64("seed", 1, "random seed (same seed, same corpus)")
	out := flag.String("o", "-", "output file (- for standard output)")
	flag.Parse()
	var err error
	if *out == "-" {
		w := bufio.NewWriterSize(os.Stdout, 1<<20)
		if err = corpusgen.Write(w, *n, *seed); err == nil {
			err = w.Flush()
		}
	} else {
		err = corpusgen.WriteFile(*out, *n, *seed)
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "gencorpus:", err)
		os.Exit(1)
	}
}
