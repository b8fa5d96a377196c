// Package hugeheap lets the kernel back the Go heap that a large corpus
// fills with transparent huge pages.
//
// Loading and indexing a corpus of hundreds of megabytes touches as much
// fresh heap, and the kernel maps it a 4 KB page at a time: a page fault
// per page. On a virtual machine a fault can cost 10 to 20 µs, so that a
// 400 MB corpus spends a second or more of CPU in faults alone. Where
// transparent huge pages are enabled "always", the kernel already maps
// 2 MB at a time; where they are enabled on request only ("madvise", the
// usual default), the Go runtime does not ask for them.
//
// Reserve asks for them: it grows the heap by the size given (address
// space, not memory: nothing is touched), marks that range MADV_HUGEPAGE
// and hands it back to the runtime, which fills it as the load allocates.
// Memory is still only used as it is touched, a 2 MB page at a time.
// Reuse names memory the heap will hand out again, which the runtime
// clears first: the next Reserve marks it too, before it allocates.
//
// Release ends it once the heavy allocation is over. Go stopped marking
// its heap itself (golang/go#64332) because the kernel's khugepaged may
// fill a 2 MB page around any 4 KB page still in use, taking back memory
// the runtime has returned; a reader that runs for hours should not
// keep that risk. GODEBUG=disablethp=1, the runtime's switch against
// huge pages, turns Reserve off.
package hugeheap

// MinCorpus is the corpus size from which ForCorpus reserves: below it,
// the faults cost milliseconds at most.
const MinCorpus = 64 << 20

// ForCorpus reserves the heap a corpus of size bytes will fill, about as
// much as the corpus, when it is MinCorpus or larger.
func ForCorpus(size int64) {
	if size >= MinCorpus {
		Reserve(size)
	}
}
