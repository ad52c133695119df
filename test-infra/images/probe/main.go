// Command probe is the test cluster's echo server and client, one static binary with no shell
// needed:
//
//	probe serve [-http :8080] [-udp :9090]   answer every HTTP request and UDP datagram with
//	                                         "host=<hostname> remote=<client address>"
//	probe get URL [-incluster] [-retries N]  GET URL and print the body; exit 1 unless 2xx.
//	                                         -incluster: URL is a path on the API server named by
//	                                         KUBERNETES_SERVICE_HOST/PORT, sent with the pod's
//	                                         ServiceAccount token and checked against its CA
//	probe udp ADDR [-retries N]              send one datagram to ADDR and print the answer
//	probe lookup NAME [-retries N]           resolve NAME and print its addresses
package main

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"time"
)

const saDir = "/var/run/secrets/kubernetes.io/serviceaccount"

func main() {
	if len(os.Args) < 2 {
		fail("usage: probe serve|get|udp|lookup ...")
	}
	cmd, args := os.Args[1], os.Args[2:]
	switch cmd {
	case "serve":
		serve(args)
	case "get":
		get(args)
	case "udp":
		udp(args)
	case "lookup":
		lookup(args)
	default:
		fail("unknown command " + cmd)
	}
}

func fail(msg string) {
	fmt.Fprintln(os.Stderr, "probe:", msg)
	os.Exit(1)
}

func hostname() string {
	h, _ := os.Hostname()
	return h
}

func serve(args []string) {
	fs := flag.NewFlagSet("serve", flag.ExitOnError)
	httpAddr := fs.String("http", ":8080", "HTTP listen address (empty: none)")
	udpAddr := fs.String("udp", ":9090", "UDP listen address (empty: none)")
	fs.Parse(args)
	if *udpAddr != "" {
		pc, err := net.ListenPacket("udp", *udpAddr)
		if err != nil {
			fail(err.Error())
		}
		go func() {
			buf := make([]byte, 2048)
			for {
				n, from, err := pc.ReadFrom(buf)
				if err != nil {
					continue
				}
				reply := fmt.Sprintf("host=%s remote=%s data=%s\n", hostname(), from, buf[:n])
				pc.WriteTo([]byte(reply), from)
			}
		}()
	}
	if *httpAddr == "" {
		select {}
	}
	fmt.Printf("probe: serving HTTP on %s, UDP on %s\n", *httpAddr, *udpAddr)
	err := http.ListenAndServe(*httpAddr, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprintf(w, "host=%s remote=%s\n", hostname(), r.RemoteAddr)
	}))
	fail(err.Error())
}

func retry(n int, f func() error) {
	var err error
	for i := 0; i < n; i++ {
		if err = f(); err == nil {
			return
		}
		fmt.Fprintln(os.Stderr, "probe: attempt", i+1, "failed:", err)
		time.Sleep(time.Second)
	}
	fail(err.Error())
}

func get(args []string) {
	if len(args) < 1 {
		fail("usage: probe get URL [-incluster] [-retries N]")
	}
	url := args[0]
	fs := flag.NewFlagSet("get", flag.ExitOnError)
	incluster := fs.Bool("incluster", false, "URL is a path on the API server; use the pod's token")
	retries := fs.Int("retries", 10, "attempts, one second apart")
	fs.Parse(args[1:])
	client := &http.Client{Timeout: 5 * time.Second}
	var token string
	if *incluster {
		host, port := os.Getenv("KUBERNETES_SERVICE_HOST"), os.Getenv("KUBERNETES_SERVICE_PORT")
		url = "https://" + net.JoinHostPort(host, port) + url
		b, err := os.ReadFile(saDir + "/token")
		if err != nil {
			fail(err.Error())
		}
		token = strings.TrimSpace(string(b))
		ca, err := os.ReadFile(saDir + "/ca.crt")
		if err != nil {
			fail(err.Error())
		}
		pool := x509.NewCertPool()
		if !pool.AppendCertsFromPEM(ca) {
			fail("no certificate in " + saDir + "/ca.crt")
		}
		client.Transport = &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}
	}
	retry(*retries, func() error {
		req, err := http.NewRequest("GET", url, nil)
		if err != nil {
			return err
		}
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := client.Do(req)
		if err != nil {
			return err
		}
		defer resp.Body.Close()
		body, _ := io.ReadAll(resp.Body)
		if resp.StatusCode/100 != 2 {
			return fmt.Errorf("GET %s: %s: %s", url, resp.Status, body)
		}
		os.Stdout.Write(body)
		return nil
	})
}

func udp(args []string) {
	if len(args) < 1 {
		fail("usage: probe udp ADDR [-retries N]")
	}
	addr := args[0]
	fs := flag.NewFlagSet("udp", flag.ExitOnError)
	retries := fs.Int("retries", 10, "attempts, one second apart")
	fs.Parse(args[1:])
	retry(*retries, func() error {
		c, err := net.Dial("udp", addr)
		if err != nil {
			return err
		}
		defer c.Close()
		c.SetDeadline(time.Now().Add(2 * time.Second))
		if _, err := c.Write([]byte("ping")); err != nil {
			return err
		}
		buf := make([]byte, 2048)
		n, err := c.Read(buf)
		if err != nil {
			return err
		}
		os.Stdout.Write(buf[:n])
		return nil
	})
}

func lookup(args []string) {
	if len(args) < 1 {
		fail("usage: probe lookup NAME [-retries N]")
	}
	name := args[0]
	fs := flag.NewFlagSet("lookup", flag.ExitOnError)
	retries := fs.Int("retries", 10, "attempts, one second apart")
	fs.Parse(args[1:])
	retry(*retries, func() error {
		ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
		defer cancel()
		addrs, err := net.DefaultResolver.LookupHost(ctx, name)
		if err != nil {
			return err
		}
		fmt.Println(strings.Join(addrs, " "))
		return nil
	})
}
