package main

import (
	"bufio"
	"context"
	"os"
	"os/exec"
	"runtime"
	"strconv"
	"strings"
)

// machine is what the results were measured on.
type machine struct {
	CPU       string
	Cores     int
	MemoryMiB int64 `json:",omitempty"`
	OS        string
	Kernel    string `json:",omitempty"`
	Go        string
	Terraform string
}

func describeMachine(ctx context.Context) machine {
	m := machine{
		CPU:   procField("/proc/cpuinfo", "model name"),
		Cores: runtime.NumCPU(),
		OS:    runtime.GOOS + "/" + runtime.GOARCH,
		Go:    runtime.Version(),
	}
	if kernel, err := os.ReadFile("/proc/sys/kernel/osrelease"); err == nil {
		m.Kernel = strings.TrimSpace(string(kernel))
	}
	if total := strings.Fields(procField("/proc/meminfo", "MemTotal")); len(total) == 2 {
		if kib, err := strconv.ParseInt(total[0], 10, 64); err == nil {
			m.MemoryMiB = kib / 1024
		}
	}
	if m.CPU == "" {
		m.CPU = runtime.GOARCH
	}
	out, err := exec.CommandContext(ctx, "terraform", "version").Output()
	if err == nil {
		m.Terraform, _, _ = strings.Cut(string(out), "\n")
	}
	return m
}

// procField reads the first "name : value" line of a /proc file.
func procField(path, name string) string {
	f, err := os.Open(path)
	if err != nil {
		return ""
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == name {
			return strings.TrimSpace(v)
		}
	}
	return ""
}
