//go:build linux

// Command mapcost measures what reading a mapped corpus file costs the
// first time a process touches it (BENCHMARKS.md, seventh session): it
// maps the file as precis does (read-only, populated), counts "[link]"
// lines twice, and reports both times and how much of the mapping the
// kernel backs with 2 MB pages (FilePmdMapped). On the project's VM a
// 411 MB file cached in small pages (as a program writing 1 MB at a time
// leaves it) took about 210 ms the first time and 15 ms the second; in
// 2 MB pages (read from disk, or written in large writes), 20 ms both.
//
//	go run ./scripts/mapcost big.txt
package main

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"syscall"
	"time"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: mapcost FILE")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, "mapcost:", err)
		os.Exit(1)
	}
	fi, err := f.Stat()
	if err != nil || fi.Size() == 0 {
		fmt.Fprintln(os.Stderr, "mapcost: an empty or unreadable file")
		os.Exit(1)
	}
	t0 := time.Now()
	data, err := syscall.Mmap(int(f.Fd()), 0, int(fi.Size()), syscall.PROT_READ, syscall.MAP_PRIVATE|syscall.MAP_POPULATE)
	if err != nil {
		fmt.Fprintln(os.Stderr, "mapcost:", err)
		os.Exit(1)
	}
	fmt.Printf("map: %v\n", time.Since(t0).Round(time.Millisecond))
	for pass := 1; pass <= 2; pass++ {
		t := time.Now()
		n := bytes.Count(data, []byte("[link]"))
		fmt.Printf("pass %d: %d summaries in %v\n", pass, n, time.Since(t).Round(time.Millisecond))
	}
	if b, err := os.ReadFile("/proc/self/smaps_rollup"); err == nil {
		for _, l := range strings.Split(string(b), "\n") {
			if strings.HasPrefix(l, "FilePmdMapped") {
				fmt.Println(strings.Join(strings.Fields(l), " "), "(of", fi.Size()>>10, "kB)")
			}
		}
	}
}
