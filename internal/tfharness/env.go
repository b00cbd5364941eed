package tfharness

import "strings"

// droppedEnv are the prefixes of the caller's variables that could send
// Terraform or the provider elsewhere than the simulator or change what the
// commands do.
var droppedEnv = []string{
	"ALICLOUD_", "ALIBABA_CLOUD_", // credentials, region, endpoints of a real account
	"TF_CLI_CONFIG_FILE=", "TF_CLI_ARGS", "TF_VAR_", "TF_DATA_DIR=", "TF_WORKSPACE=",
	"TF_REATTACH_PROVIDERS=", "TF_IN_AUTOMATION=", "TF_INPUT=", "CHECKPOINT_DISABLE=",
}

// Env is the environment for Terraform and so for the provider it runs:
// environ less droppedEnv and the prefixes in alsoDropped, plus cliConfig as
// Terraform's CLI configuration, no checkpoint calls, no prompts, and then
// the KEY=VALUE pairs in extra.
func Env(environ []string, cliConfig string, alsoDropped []string, extra ...string) []string {
	env := make([]string, 0, len(environ)+4+len(extra))
	for _, kv := range environ {
		if !hasAnyPrefix(kv, droppedEnv) && !hasAnyPrefix(kv, alsoDropped) {
			env = append(env, kv)
		}
	}
	env = append(env,
		"TF_CLI_CONFIG_FILE="+cliConfig,
		"CHECKPOINT_DISABLE=1",
		"TF_IN_AUTOMATION=1",
		"TF_INPUT=0",
	)
	return append(env, extra...)
}

func hasAnyPrefix(s string, prefixes []string) bool {
	for _, p := range prefixes {
		if strings.HasPrefix(s, p) {
			return true
		}
	}
	return false
}
