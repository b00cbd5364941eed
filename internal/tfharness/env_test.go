package tfharness

import (
	"slices"
	"strings"
	"testing"
)

func TestEnv(t *testing.T) {
	environ := []string{
		"PATH=/usr/bin",
		"HOME=/root",
		"TF_LOG=DEBUG",
		"ALICLOUD_ACCESS_KEY=LTAIreal",
		"ALIBABA_CLOUD_ACCESS_KEY_SECRET=secret",
		"ALIBABA_CLOUD_ENDPOINT_ECS=ecs.example:443",
		"ALIYUN_POLL_SCHEDULE=fixed:9s",
		"TF_CLI_CONFIG_FILE=/root/.terraformrc",
		"TF_CLI_ARGS_plan=-refresh=false",
		"TF_VAR_out=7",
		"TF_DATA_DIR=/elsewhere",
		"TF_WORKSPACE=prod",
		"TF_REATTACH_PROVIDERS={}",
		"TF_IN_AUTOMATION=",
		"TF_INPUT=1",
		"CHECKPOINT_DISABLE=",
		"TF_DATA_DIRECTORY_NOTE=kept", // only TF_DATA_DIR itself goes
	}
	fixed := []string{"TF_CLI_CONFIG_FILE=/repo/.demo/terraform.rc", "CHECKPOINT_DISABLE=1", "TF_IN_AUTOMATION=1", "TF_INPUT=0"}
	tests := []struct {
		name        string
		alsoDropped []string
		extra       []string
		want        []string
	}{
		{
			name: "the common filter",
			want: append([]string{"PATH=/usr/bin", "HOME=/root", "TF_LOG=DEBUG", "ALIYUN_POLL_SCHEDULE=fixed:9s", "TF_DATA_DIRECTORY_NOTE=kept"}, fixed...),
		},
		{
			name:        "more dropped, extra variables last",
			alsoDropped: []string{"ALIYUN_", "TF_LOG"},
			extra:       []string{"ALIYUN_POLL_SCHEDULE=fixed:1s", "ALIYUN_READ_BATCHING=off"},
			want:        append(append([]string{"PATH=/usr/bin", "HOME=/root", "TF_DATA_DIRECTORY_NOTE=kept"}, fixed...), "ALIYUN_POLL_SCHEDULE=fixed:1s", "ALIYUN_READ_BATCHING=off"),
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Env(environ, "/repo/.demo/terraform.rc", tt.alsoDropped, tt.extra...)
			if !slices.Equal(got, tt.want) {
				t.Errorf("Env =\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(tt.want, "\n"))
			}
		})
	}
}
