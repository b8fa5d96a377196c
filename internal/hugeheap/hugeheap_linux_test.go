package hugeheap

import (
	"bufio"
	"fmt"
	"os"
	"strings"
	"syscall"
	"testing"
	"unsafe"
)

// hugeRanges returns the mappings of the process marked for huge pages
// (VmFlags "hg" in /proc/self/smaps).
func hugeRanges(t *testing.T) [][2]uintptr {
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
		if n, _ := fmt.Sscanf(line, "%x-%x", &lo, &hi); n == 2 {
			continue
		}
		if strings.HasPrefix(line, "VmFlags:") && strings.Contains(line+" ", " hg ") {
			out = append(out, [2]uintptr{lo, hi})
		}
	}
	return out
}

func faults() int64 {
	var ru syscall.Rusage
	syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return int64(ru.Minflt)
}

// After Reserve, what the program allocates next lies in memory marked
// for huge pages, and, where the kernel gives them, touching it costs a
// fault per 2 MB rather than per 4 KB.
func TestReserveMarksWhatIsAllocatedNext(t *testing.T) {
	Reserve(96 << 20)
	if reserved == 0 {
		t.Skip("the kernel refused MADV_HUGEPAGE")
	}
	const size = 32 << 20
	var bufs [][]byte
	f0 := faults()
	for range size / (64 << 10) {
		b := make([]byte, 64<<10)
		for i := 0; i < len(b); i += 4096 {
			b[i] = 1
		}
		bufs = append(bufs, b)
	}
	touched := faults() - f0
	// Most of it: some may go to room the heap had before.
	huge := hugeRanges(t)
	marked := 0
	for _, b := range bufs {
		p := uintptr(unsafe.Pointer(&b[0]))
		for _, r := range huge {
			if r[0] <= p && p < r[1] {
				marked++
				break
			}
		}
	}
	t.Logf("%d of %d allocations marked; %d faults", marked, len(bufs), touched)
	if marked < len(bufs)*3/4 {
		t.Fatalf("%d of %d allocations after Reserve are in memory marked for huge pages", marked, len(bufs))
	}
	mode, err := os.ReadFile("/sys/kernel/mm/transparent_hugepage/enabled")
	if raceEnabled {
		return // its shadow memory faults 4 KB at a time
	}
	if err != nil || strings.Contains(string(mode), "[never]") {
		t.Logf("huge pages not in use here (%q): faults not checked", strings.TrimSpace(string(mode)))
		return
	}
	// 8192 faults in 4 KB pages; in 2 MB pages, 16 and a few.
	if touched > size/4096/4 {
		t.Errorf("touching %d MB took %d page faults; huge pages would take about %d", size>>20, touched, size/hugePage)
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
