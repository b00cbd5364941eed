// Package ecs is the aliyun_ecs_instance_network_spec resource and data
// source: they read an ECS instance's public bandwidth and charge type,
// check a plan against the instance's facts and the API's rules, send the
// change through ModifyInstanceNetworkSpec (paying or awaiting its order
// when one is placed), wait until the instance shows the new spec, and
// resume an interrupted change with its own client token. Calls are
// retried under one policy, and every API refusal becomes a diagnostic
// that says what happened and what to do.
package ecs
