package hugeheap

import (
	"bufio"
	"fmt"
	"os"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

// rangesWith returns the mappings of the process whose VmFlags in
// /proc/self/smaps have flag: "hg" marked for huge pages, "nh" marked
// against them.
func rangesWith(t *testing.T, flag string) [][2]uintptr {
	t.Helper()
	f, err := os.Open("/proc/self/smaps")
	if err != nil {
		t.Skip(err)
	}
	defer f.Close()
	var out [][2]uintptr
	var lo, hi uintptr
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		line := sc.Text()
		// Scanned apart: "FilePmdMapped: 0 kB" scans one number, 0xF.
		var a, b uintptr
		if n, _ := fmt.Sscanf(line, "%x-%x", &a, &b); n == 2 {
			lo, hi = a, b
			continue
		}
		if strings.HasPrefix(line, "VmFlags:") && strings.Contains(line+" ", " "+flag+" ") {
			out = append(out, [2]uintptr{lo, hi})
		}
	}
	return out
}

// in counts the buffers that start in one of ranges.
func in(bufs [][]byte, ranges [][2]uintptr) int {
	n := 0
	for _, b := range bufs {
		p := uintptr(unsafe.Pointer(&b[0]))
		for _, r := range ranges {
			if r[0] <= p && p < r[1] {
				n++
				break
			}
		}
	}
	return n
}

// thpCounters returns the kernel's count of huge pages given on a fault
// and of faults that fell back to 4 KB pages.
func thpCounters() (alloc, fallback int64) {
	b, err := os.ReadFile("/proc/vmstat")
	if err != nil {
		return 0, 0
	}
	for _, l := range strings.Split(string(b), "\n") {
		f := strings.Fields(l)
		if len(f) != 2 {
			continue
		}
		n, _ := strconv.ParseInt(f[1], 10, 64)
		switch f[0] {
		case "thp_fault_alloc":
			alloc = n
		case "thp_fault_fallback":
			fallback = n
		}
	}
	return alloc, fallback
}

func faults() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return int64(ru.Minflt)
}

// After Reserve, what the program allocates next lies in memory marked
// for huge pages, and touching it costs a fault per 2 MB rather than per
// 4 KB where the kernel gives them. After Release it is marked against
// them.
func TestReserveMarksWhatIsAllocatedNext(t *testing.T) {
	Reserve(96 << 20)
	if reserved == 0 {
		t.Skip("the kernel refused MADV_HUGEPAGE")
	}
	const size = 32 << 20
	var bufs [][]byte
	a0, fb0 := thpCounters()
	f0 := faults()
	for range size / (64 << 10) {
		b := make([]byte, 64<<10)
		for i := 0; i < len(b); i += 4096 {
			b[i] = 1
		}
		bufs = append(bufs, b)
	}
	touched := faults() - f0
	a1, fb1 := thpCounters()
	// Most of it: some may go to room the heap had before.
	marked := in(bufs, rangesWith(t, "hg"))
	t.Logf("%d of %d allocations marked; %d faults; %d huge pages given, %d fallbacks", marked, len(bufs), touched, a1-a0, fb1-fb0)
	if marked < len(bufs)*3/4 {
		t.Fatalf("%d of %d allocations after Reserve are in memory marked for huge pages", marked, len(bufs))
	}
	switch {
	case raceEnabled:
		// Its shadow memory faults 4 KB at a time.
	case a1 == a0 || fb1 > fb0:
		// No huge pages here (not enabled, or none free): the kernel
		// fell back to 4 KB pages, as it may.
		t.Logf("the kernel gave no huge pages: faults not checked")
	case touched > size/4096/4:
		// 8192 faults in 4 KB pages; in 2 MB pages, 16 and a few.
		t.Errorf("touching %d MB took %d page faults; huge pages would take about %d", size>>20, touched, size/hugePage)
	}

	Release()
	if n := in(bufs, rangesWith(t, "hg")); n > 0 {
		t.Errorf("after Release, %d of %d allocations are still in memory marked for huge pages", n, len(bufs))
	}
	if n := in(bufs, rangesWith(t, "nh")); n < marked {
		t.Errorf("after Release, %d of the %d marked allocations are marked against huge pages", n, marked)
	}
}

// Memory named to Reuse is marked for huge pages by the next Reserve,
// wherever it is, and touching it then faults once per 2 MB rather than
// per 4 KB: as the runtime does when it clears memory it reuses. (Here
// the memory is a mapping of the test's own, outside the heap: Reserve's
// own range, from the start of a 64 MB arena, may cover freed heap
// memory anyway.)
func TestReuseIsMarkedByReserve(t *testing.T) {
	Release()
	defer Release()
	m, err := syscall.Mmap(-1, 0, 6<<20, syscall.PROT_READ|syscall.PROT_WRITE, syscall.MAP_PRIVATE|syscall.MAP_ANON)
	if err != nil {
		t.Skip(err)
	}
	defer syscall.Munmap(m)
	start := uintptr(unsafe.Pointer(&m[0]))
	off := (start+hugePage-1)&^(hugePage-1) - start
	b := m[off : off+4<<20]
	isMarked := func() bool {
		p := uintptr(unsafe.Pointer(&b[0]))
		for _, r := range rangesWith(t, "hg") {
			if r[0] <= p && p+uintptr(len(b)) <= r[1] {
				return true
			}
		}
		return false
	}
	Reuse(b)
	if isMarked() {
		t.Fatal("Reuse marked the memory itself: only Reserve, for a large corpus, should")
	}
	Reserve(64 << 20)
	if reserved == 0 {
		t.Skip("the kernel refused MADV_HUGEPAGE")
	}
	if !isMarked() {
		t.Fatal("the memory given to Reuse is not marked for huge pages after Reserve")
	}
	a0, fb0 := thpCounters()
	f0 := faults()
	for i := 0; i < len(b); i += 4096 {
		b[i] = 1
	}
	touched := faults() - f0
	a1, fb1 := thpCounters()
	t.Logf("touching %d MB: %d faults; %d huge pages given, %d fallbacks", len(b)>>20, touched, a1-a0, fb1-fb0)
	switch {
	case raceEnabled:
	case a1 == a0 || fb1 > fb0:
		t.Logf("the kernel gave no huge pages: faults not checked")
	case touched > int64(len(b))/4096/4:
		t.Errorf("touching %d MB took %d page faults; huge pages would take %d", len(b)>>20, touched, len(b)/hugePage)
	}
}

// GODEBUG=disablethp=1, the runtime's switch to keep the heap out of
// huge pages, keeps Reserve from marking any.
func TestDisableTHPIsHeeded(t *testing.T) {
	for v, want := range map[string]bool{
		"":                            false,
		"disablethp=1":                true,
		"gctrace=1,disablethp=1":      true,
		"disablethp=1,gctrace=1":      true,
		"disablethp=0":                false,
		"xdisablethp=1,disablethp=10": false,
		"disablethp=1,disablethp=0":   false,
		"disablethp=0,disablethp=1":   true,
	} {
		t.Setenv("GODEBUG", v)
		if got := thpDisabled(); got != want {
			t.Errorf("GODEBUG=%q: disabled %v, want %v", v, got, want)
		}
	}
}

// A second, smaller reservation adds nothing.
func TestReserveIsCumulative(t *testing.T) {
	Reserve(16 << 20)
	before := reserved
	Reserve(before / 2)
	if reserved != before {
		t.Errorf("Reserve(%d) after %d changed the reservation to %d", before/2, before, reserved)
	}
}
