package main

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"time"

	"github.com/ecsnet/terraform-provider-aliyun/internal/ecsmock"
	"github.com/ecsnet/terraform-provider-aliyun/internal/tfharness"
)

const (
	demoInstance  = "i-prepaid-vpc" // PrePaid in the built-in world, so a raise places an order
	demoOut       = 20              // the upgrade the demo applies
	refusedOut    = 101             // one past the API's maximum
	refusedAttr   = "internet_max_bandwidth_out"
	modifyAction  = "ModifyInstanceNetworkSpec"
	paidStatus    = "Paid"
	successStatus = 200
	adminTimeout  = 10 * time.Second // per admin API request
)

// run is the whole demo. The simulator is stopped on every way out,
// interrupts included.
func run(ctx context.Context, opts options) error {
	ws, err := newWorkspace(opts.dir)
	if err != nil {
		return err
	}
	if err := ws.prepare(); err != nil {
		return err
	}
	tf, err := newTerraform(ws.workDir, ws.cliConfig)
	if err != nil {
		return err
	}

	heading("Building the provider and the simulator into " + relative(ws.binDir))
	if err := tfharness.Build(ctx, ws.binDir, os.Stdout); err != nil {
		return err
	}
	fmt.Printf("Terraform takes the provider from there through dev_overrides in %s: no terraform init, nothing downloaded.\n", relative(ws.cliConfig))

	heading("Starting the simulator")
	simLog, err := os.Create(ws.mockLog)
	if err != nil {
		return err
	}
	defer simLog.Close()
	sim, err := tfharness.StartSimulator(ctx, filepath.Join(ws.binDir, tfharness.SimulatorBinary), simLog,
		"-settle", opts.settle.String(), "-pay-delay", opts.payDelay.String())
	if err != nil {
		return fmt.Errorf("%w (see %s)", err, ws.mockLog)
	}
	defer func() {
		sim.Stop()
		fmt.Println("\nSimulator stopped.")
	}()
	fmt.Printf("Listening on %s with its built-in world: an order is paid %s after it is placed and the new bandwidth shows %s later. Its log: %s\n",
		sim.BaseURL, opts.payDelay, opts.settle, relative(ws.mockLog))

	d := demo{tf: tf, admin: tfharness.NewAdmin(sim.BaseURL, adminTimeout), baseURL: sim.BaseURL, endpoint: sim.Endpoint, opts: opts}
	steps := []struct {
		title string
		do    func(context.Context) error
	}{
		{fmt.Sprintf("A plan with %s = %d must be refused before anything is sent", refusedAttr, refusedOut), d.refusedPlan},
		{fmt.Sprintf("Apply: %s to %d Mbit/s out, waiting for the order and the new bandwidth", demoInstance, demoOut), d.apply},
		{"What Terraform and the simulator now hold", d.report},
		{"A second plan shows no changes", d.noChangePlan},
	}
	for i, s := range steps {
		heading(fmt.Sprintf("%d/%d %s", i+1, len(steps), s.title))
		if err := s.do(ctx); err != nil {
			return fmt.Errorf("step %d/%d: %w", i+1, len(steps), err)
		}
	}
	fmt.Printf("\nDemo passed. The Terraform state is in %s.\n", relative(filepath.Join(ws.workDir, "terraform.tfstate")))
	return nil
}

type demo struct {
	tf       terraform
	admin    *tfharness.Admin
	baseURL  string // the simulator's, for the admin API
	endpoint string
	opts     options
}

func (d demo) vars(out int) []string {
	return []string{"-var", "endpoint=" + d.endpoint, "-var", fmt.Sprintf("out=%d", out)}
}

func (d demo) refusedPlan(ctx context.Context) error {
	res, err := d.tf.run(ctx, append([]string{"plan", "-compact-warnings"}, d.vars(refusedOut)...)...)
	if err != nil {
		return err
	}
	if err := checkRefused(res, refusedAttr); err != nil {
		return err
	}
	calls, err := d.admin.Calls(ctx)
	if err != nil {
		return err
	}
	if n := tfharness.CountAction(calls, modifyAction); n != 0 {
		return fmt.Errorf("the refused plan sent %d %s call(s) to the simulator, want none", n, modifyAction)
	}
	ok("terraform plan exited %d naming %s; the simulator received no %s call.", res.ExitCode, refusedAttr, modifyAction)
	return nil
}

func (d demo) apply(ctx context.Context) error {
	before, err := d.admin.State(ctx)
	if err != nil {
		return err
	}
	inst, found := findInstance(before, demoInstance)
	if !found {
		return fmt.Errorf("the simulator's world has no instance %s", demoInstance)
	}
	if inst.InternetMaxBandwidthOut == demoOut {
		return fmt.Errorf("%s is already at %d Mbit/s out: nothing would change", demoInstance, demoOut)
	}
	fmt.Printf("The simulator has %s (%s, %s) at %d Mbit/s out.\n",
		demoInstance, inst.InstanceChargeType, inst.InternetChargeType, inst.InternetMaxBandwidthOut)

	res, err := d.tf.run(ctx, append([]string{"apply", "-auto-approve", "-compact-warnings"}, d.vars(demoOut)...)...)
	if err != nil {
		return err
	}
	if res.ExitCode != 0 {
		return fmt.Errorf("terraform apply exited %d, want 0", res.ExitCode)
	}
	w, err := d.admin.State(ctx)
	if err != nil {
		return err
	}
	calls, err := d.admin.Calls(ctx)
	if err != nil {
		return err
	}
	paid, err := checkApplied(w, calls, demoInstance, demoOut)
	if err != nil {
		return err
	}
	// The order needs pay-delay and the bandwidth settle on top: an apply
	// that returned sooner did not wait for what it reports.
	if res.Elapsed < d.opts.settle {
		return fmt.Errorf("terraform apply returned after %s, before the simulator's settle time of %s", res.Elapsed.Round(100*time.Millisecond), d.opts.settle)
	}
	ok("apply returned after %s (the simulator pays after %s and settles %s later); order %s is %s and %s went from %d to %d Mbit/s out.",
		res.Elapsed.Round(100*time.Millisecond), d.opts.payDelay, d.opts.settle, paid.OrderId, paid.PaymentStatus,
		demoInstance, inst.InternetMaxBandwidthOut, demoOut)
	return nil
}

func (d demo) report(ctx context.Context) error {
	res, err := d.tf.run(ctx, "output")
	if err != nil {
		return err
	}
	if res.ExitCode != 0 {
		return fmt.Errorf("terraform output exited %d, want 0", res.ExitCode)
	}
	if got, _ := outputValue(res.Output, refusedAttr); got != fmt.Sprint(demoOut) {
		return fmt.Errorf("terraform output %s = %q, want %d", refusedAttr, got, demoOut)
	}
	calls, err := d.admin.Calls(ctx)
	if err != nil {
		return err
	}
	w, err := d.admin.State(ctx)
	if err != nil {
		return err
	}
	fmt.Printf("\nCalls the simulator received (GET %s/_mock/calls):\n", d.baseURL)
	printCalls(os.Stdout, calls)
	fmt.Printf("\nOrders for %s (GET %s/_mock/state):\n", demoInstance, d.baseURL)
	printOrders(os.Stdout, ordersFor(w, demoInstance))
	return nil
}

func (d demo) noChangePlan(ctx context.Context) error {
	before, err := d.admin.Calls(ctx)
	if err != nil {
		return err
	}
	res, err := d.tf.run(ctx, append([]string{"plan", "-detailed-exitcode", "-compact-warnings"}, d.vars(demoOut)...)...)
	if err != nil {
		return err
	}
	if err := checkNoChanges(res); err != nil {
		return err
	}
	after, err := d.admin.Calls(ctx)
	if err != nil {
		return err
	}
	if n := tfharness.CountAction(after, modifyAction) - tfharness.CountAction(before, modifyAction); n != 0 {
		return fmt.Errorf("the plan sent %d %s call(s), want none", n, modifyAction)
	}
	ok("terraform plan -detailed-exitcode exited 0: the state matches the configuration and the simulator.")
	return nil
}

// checkRefused passes when Terraform failed and named the attribute at fault.
func checkRefused(res tfharness.Result, attribute string) error {
	switch {
	case res.ExitCode == 0:
		return errors.New("terraform plan accepted the out-of-range value, want it refused")
	case !strings.Contains(res.Output, attribute):
		return fmt.Errorf("terraform plan failed (exit %d) without naming %s", res.ExitCode, attribute)
	}
	return nil
}

// checkApplied passes when the simulator holds the new bandwidth, received
// exactly one successful ModifyInstanceNetworkSpec call for the instance, and
// holds a paid order for it. It returns that order.
func checkApplied(w ecsmock.World, calls []ecsmock.Call, instanceID string, out int) (ecsmock.Order, error) {
	inst, found := findInstance(w, instanceID)
	if !found {
		return ecsmock.Order{}, fmt.Errorf("the simulator has no instance %s", instanceID)
	}
	if inst.InternetMaxBandwidthOut != out {
		return ecsmock.Order{}, fmt.Errorf("the simulator shows %s at %d Mbit/s out, want %d", instanceID, inst.InternetMaxBandwidthOut, out)
	}
	succeeded := 0
	for _, c := range calls {
		if c.Action == modifyAction && c.InstanceId == instanceID && c.HttpStatus == successStatus {
			succeeded++
		}
	}
	if succeeded != 1 {
		return ecsmock.Order{}, fmt.Errorf("the simulator accepted %d %s call(s) for %s, want exactly one", succeeded, modifyAction, instanceID)
	}
	orders := ordersFor(w, instanceID)
	if len(orders) != 1 {
		return ecsmock.Order{}, fmt.Errorf("the simulator holds %d order(s) for %s, want one", len(orders), instanceID)
	}
	if orders[0].PaymentStatus != paidStatus {
		return ecsmock.Order{}, fmt.Errorf("order %s is %s, want %s", orders[0].OrderId, orders[0].PaymentStatus, paidStatus)
	}
	return orders[0], nil
}

// checkNoChanges reads `terraform plan -detailed-exitcode`: 0 is no changes,
// 2 is a diff, anything else an error.
func checkNoChanges(res tfharness.Result) error {
	switch res.ExitCode {
	case 0:
		return nil
	case 2:
		return errors.New("terraform plan shows changes after the apply, want none")
	default:
		return fmt.Errorf("terraform plan failed (exit %d)", res.ExitCode)
	}
}

var outputLine = regexp.MustCompile(`(?m)^([a-z_]+) = (.*)$`)

// outputValue finds `name = value` in the human output of `terraform output`.
func outputValue(output, name string) (string, bool) {
	for _, m := range outputLine.FindAllStringSubmatch(output, -1) {
		if m[1] == name {
			return strings.TrimSpace(m[2]), true
		}
	}
	return "", false
}

func heading(s string) {
	fmt.Printf("\n==> %s\n", s)
}

func ok(format string, args ...any) {
	fmt.Printf("\nOK: "+format+"\n", args...)
}

// relative shows a path under the working directory as a relative one.
func relative(path string) string {
	wd, err := os.Getwd()
	if err != nil {
		return path
	}
	if rel, err := filepath.Rel(wd, path); err == nil && !strings.HasPrefix(rel, "..") {
		return rel
	}
	return path
}
