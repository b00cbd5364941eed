package ecs

// Test helpers of this package that the acceptance tests (package ecs_test)
// share.
var (
	ClosedPort     = closedPort
	SilentListener = silentListener
)
