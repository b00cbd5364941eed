package tfharness

import "syscall"

// childAttr puts a child in its own process group, so that a Ctrl-C at the
// terminal reaches the command alone and it passes on exactly one interrupt
// (a second one makes Terraform quit without writing its state) and stops
// its children in order, and has the kernel send the child onDeath if the
// command dies without cleaning up.
func childAttr(onDeath syscall.Signal) *syscall.SysProcAttr {
	return &syscall.SysProcAttr{Setpgid: true, Pdeathsig: onDeath}
}
