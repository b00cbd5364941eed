package main

import (
	"bufio"
	"bytes"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"time"
)

// memoryPoll is how often the provider processes' memory is read.
const memoryPoll = 20 * time.Millisecond

// memoryWatch follows the provider processes Terraform starts and keeps
// their peak resident memory.
//
// The kernel keeps each process's peak resident set (VmHWM in
// /proc/PID/status) until it exits, so a late look still sees the peak so
// far: the watch reads it every memoryPoll for each child of Terraform
// running the provider binary, and misses only what a process grows in its
// last memoryPoll. The rusage Go gets when Terraform exits would mix
// Terraform's own peak in, so it cannot tell the provider's.
type memoryWatch struct {
	done chan struct{}
	wg   sync.WaitGroup
	mu   sync.Mutex
	peak int64 // KiB
}

// watchMemory follows the children of pid that run binary. Off Linux
// (no /proc) it reports 0.
func watchMemory(pid int, binary string) *memoryWatch {
	w := &memoryWatch{done: make(chan struct{})}
	w.wg.Add(1)
	go func() {
		defer w.wg.Done()
		ticker := time.NewTicker(memoryPoll)
		defer ticker.Stop()
		for {
			for _, child := range providerChildren(pid, binary) {
				if kib, ok := readVmHWM(child); ok {
					w.mu.Lock()
					w.peak = max(w.peak, kib)
					w.mu.Unlock()
				}
			}
			select {
			case <-w.done:
				return
			case <-ticker.C:
			}
		}
	}()
	return w
}

// stop ends the watch and returns the peak seen, in KiB.
func (w *memoryWatch) stop() int64 {
	close(w.done)
	w.wg.Wait()
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.peak
}

// providerChildren lists the processes whose parent is pid and whose
// executable is binary.
func providerChildren(pid int, binary string) []int {
	entries, err := os.ReadDir("/proc")
	if err != nil {
		return nil
	}
	var found []int
	for _, e := range entries {
		child, err := strconv.Atoi(e.Name())
		if err != nil {
			continue
		}
		stat, err := os.ReadFile(filepath.Join("/proc", e.Name(), "stat"))
		if err != nil || parentPID(stat) != pid {
			continue
		}
		if exe, err := os.Readlink(filepath.Join("/proc", e.Name(), "exe")); err == nil && exe == binary {
			found = append(found, child)
		}
	}
	return found
}

// parentPID reads the ppid field of /proc/PID/stat: "pid (comm) state
// ppid ...", where comm may hold spaces and parentheses.
func parentPID(stat []byte) int {
	i := bytes.LastIndexByte(stat, ')')
	if i < 0 {
		return -1
	}
	fields := strings.Fields(string(stat[i+1:]))
	if len(fields) < 2 {
		return -1
	}
	ppid, err := strconv.Atoi(fields[1])
	if err != nil {
		return -1
	}
	return ppid
}

// readVmHWM reads a process's peak resident set size in KiB.
func readVmHWM(pid int) (int64, bool) {
	f, err := os.Open(filepath.Join("/proc", strconv.Itoa(pid), "status"))
	if err != nil {
		return 0, false
	}
	defer f.Close()
	return parseVmHWM(f)
}

func parseVmHWM(status io.Reader) (int64, bool) {
	sc := bufio.NewScanner(status)
	for sc.Scan() {
		rest, ok := strings.CutPrefix(sc.Text(), "VmHWM:")
		if !ok {
			continue
		}
		fields := strings.Fields(rest)
		if len(fields) != 2 || fields[1] != "kB" {
			return 0, false
		}
		kib, err := strconv.ParseInt(fields[0], 10, 64)
		return kib, err == nil
	}
	return 0, false
}
