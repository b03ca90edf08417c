//go:build !unix

package snapshots

import "time"

// cpuTime is 0 where getrusage is missing: no cpu-ns/op then.
func cpuTime() time.Duration { return 0 }
