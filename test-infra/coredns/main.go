// Command coredns is CoreDNS with only the plugins the test cluster's DNS needs: the cluster domain
// from the kubernetes plugin, plus bind, errors, log, health, ready, cache and loadbalance. Built by
// test-infra/build-coredns.sh like the Kubernetes binaries (the full CoreDNS pulls every cloud SDK).
package main

import (
	"github.com/coredns/coredns/core/dnsserver"
	"github.com/coredns/coredns/coremain"

	_ "github.com/coredns/coredns/plugin/bind"
	_ "github.com/coredns/coredns/plugin/cache"
	_ "github.com/coredns/coredns/plugin/errors"
	_ "github.com/coredns/coredns/plugin/health"
	_ "github.com/coredns/coredns/plugin/kubernetes"
	_ "github.com/coredns/coredns/plugin/loadbalance"
	_ "github.com/coredns/coredns/plugin/log"
	_ "github.com/coredns/coredns/plugin/ready"
)

// The order in which the plugins see a query (CoreDNS's plugin.cfg order, restricted).
var directives = []string{
	"bind",
	"errors",
	"log",
	"health",
	"ready",
	"cache",
	"loadbalance",
	"kubernetes",
}

func init() {
	dnsserver.Directives = directives
}

func main() {
	coremain.Run()
}
