package main

import "syscall"

// childAttr puts a child in its own process group, so that a Ctrl-C at the
// terminal reaches the benchmark alone and it stops its children in order,
// and has the kernel send the child onDeath if the benchmark dies first.
func childAttr(onDeath syscall.Signal) *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: onDeath}
}
