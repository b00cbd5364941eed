//go:build !linux

package tfharness

import "syscall"

// childAttr leaves a child in the command's process group where Linux's
// parent-death signal is not available: a Ctrl-C then reaches it directly.
func childAttr(syscall.Signal) *syscall.SysProcAttr {
	return nil
}
