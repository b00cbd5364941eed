package main

import "syscall"

// childAttr puts a child in its own process group, so that a Ctrl-C at the
// terminal reaches the demo alone and the demo passes on exactly one
// interrupt (a second one makes Terraform quit without writing its state),
// and has the kernel send it onDeath if the demo dies without cleaning up.
func childAttr(onDeath syscall.Signal) *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: onDeath}
}
