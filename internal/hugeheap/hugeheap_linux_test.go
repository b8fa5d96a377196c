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
		if n, _ := fmt.Sscanf(line, "%x-%x", &lo, &hi); n == 2 {
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
