// Package tfharness is what the demo and the benchmark commands share to
// drive the real Terraform CLI against the simulator on one machine: it
// builds the provider and the simulator, writes a dev_overrides CLI
// configuration so that nothing is downloaded, filters the environment
// Terraform runs with, starts and stops the simulator command, reads its
// admin API, and runs terraform in its own process group.
package tfharness
