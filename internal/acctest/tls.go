package acctest

import (
	"bufio"
	"crypto/tls"
	"crypto/x509"
	"fmt"
	"net"
	"sync"
	"sync/atomic"
	"time"

	"github.com/ecsnet/terraform-provider-aliyun/internal/ecsmock"
)

// testCA is the simulator's loopback certificate authority, made once per
// test process: every simulator of the process presents a certificate it
// issued, and the provider under test trusts it, as it would a real
// endpoint's.
var testCA = sync.OnceValues(func() (*tls.Config, []byte) {
	cfg, caPEM, err := ecsmock.LoopbackTLS()
	if err != nil {
		panic(fmt.Sprintf("making the simulator's TLS certificate: %v", err))
	}
	return cfg, caPEM
})

// CAPEM is the certificate the simulators of these tests present, for a
// provider run as its own process (through SSL_CERT_FILE).
func CAPEM() []byte {
	_, p := testCA()
	return p
}

// CAPool holds CAPEM.
func CAPool() *x509.CertPool {
	pool := x509.NewCertPool()
	pool.AppendCertsFromPEM(CAPEM())
	return pool
}

// dualListener hands out TLS connections for clients that open with a TLS
// handshake and plain ones for the others, so that one simulator port
// serves protocol = "HTTPS" (the default) and "HTTP" alike.
type dualListener struct {
	net.Listener
	tls   *tls.Config
	conns chan net.Conn
	done  chan struct{}
	once  sync.Once

	tlsConns, plainConns atomic.Int64
}

func newDualListener(l net.Listener, cfg *tls.Config) *dualListener {
	d := &dualListener{Listener: l, tls: cfg, conns: make(chan net.Conn), done: make(chan struct{})}
	go d.serve()
	return d
}

func (d *dualListener) serve() {
	for {
		c, err := d.Listener.Accept()
		if err != nil {
			d.once.Do(func() { close(d.done) })
			return
		}
		// Sniffing waits for the client's first byte: one goroutine per
		// connection, so a silent client holds up no other.
		go func() {
			r := bufio.NewReader(c)
			_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
			first, err := r.Peek(1)
			_ = c.SetReadDeadline(time.Time{})
			if err != nil {
				_ = c.Close()
				return
			}
			var conn net.Conn = &peekedConn{Conn: c, r: r}
			if first[0] == 0x16 { // a TLS handshake record
				conn = tls.Server(conn, d.tls)
				d.tlsConns.Add(1)
			} else {
				d.plainConns.Add(1)
			}
			select {
			case d.conns <- conn:
			case <-d.done:
				_ = conn.Close()
			}
		}()
	}
}

func (d *dualListener) Accept() (net.Conn, error) {
	select {
	case c := <-d.conns:
		return c, nil
	case <-d.done:
		return nil, net.ErrClosed
	}
}

func (d *dualListener) Close() error {
	err := d.Listener.Close()
	d.once.Do(func() { close(d.done) })
	return err
}

// peekedConn reads first what was peeked.
type peekedConn struct {
	net.Conn
	r *bufio.Reader
}

func (c *peekedConn) Read(p []byte) (int, error) { return c.r.Read(p) }
