// Package harness starts fake_iam_server for the Go SDK conformance tests and makes the
// certificates they upload. The program's path comes from FAKE_IAM_SERVER (CTest sets it).
package harness

import (
	"bufio"
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"fmt"
	"math/big"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// RequestID is the shape of the request ids IAM sends: a lowercase UUID.
var RequestID = regexp.MustCompile(`^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$`)

// Server is a running fake_iam_server and the root credentials it printed.
type Server struct {
	Endpoint  string
	KeyID     string
	SecretKey string
	cmd       *exec.Cmd
	done      chan error
}

// Start runs fake_iam_server on a free port and stops it with SIGTERM when the test ends.
func Start(t testing.TB) *Server {
	t.Helper()
	program := os.Getenv("FAKE_IAM_SERVER")
	if program == "" {
		t.Fatal("FAKE_IAM_SERVER must name the fake_iam_server program")
	}
	cmd := exec.Command(program, "--port", "0")
	cmd.Stderr = os.Stderr
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatalf("starting %s: %v", program, err)
	}
	s := &Server{cmd: cmd, done: make(chan error, 1)}
	// The first two lines go to Start; the rest ("stopped on signal 15") are dropped. The process
	// is waited for once its output ends.
	lines := make(chan string, 2)
	go func() {
		scanner := bufio.NewScanner(stdout)
		for n := 0; scanner.Scan(); n++ {
			if n < 2 {
				lines <- scanner.Text()
			}
		}
		close(lines)
		s.done <- cmd.Wait()
	}()
	t.Cleanup(func() {
		if err := s.stop(); err != nil {
			t.Errorf("%s: %v", program, err)
		}
	})
	next := func() string {
		select {
		case line, ok := <-lines:
			if !ok {
				t.Fatalf("%s exited before printing its endpoint and credentials", program)
			}
			return line
		case <-time.After(10 * time.Second):
			t.Fatalf("%s printed nothing within 10 s", program)
		}
		return ""
	}
	endpoint := next()
	if !strings.HasPrefix(endpoint, "endpoint: http://127.0.0.1:") {
		t.Fatalf("unexpected first line %q", endpoint)
	}
	s.Endpoint = strings.TrimPrefix(endpoint, "endpoint: ")
	fields := strings.Fields(next()) // credentials: ID SECRET root
	if len(fields) != 4 || fields[0] != "credentials:" || fields[3] != "root" {
		t.Fatalf("unexpected credentials line %q", strings.Join(fields, " "))
	}
	s.KeyID, s.SecretKey = fields[1], fields[2]
	return s
}

// stop sends SIGTERM and waits for a clean exit (killing the server after 10 s).
func (s *Server) stop() error {
	_ = s.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-s.done:
		return err
	case <-time.After(10 * time.Second):
		_ = s.cmd.Process.Kill()
		<-s.done
		return fmt.Errorf("still running 10 s after SIGTERM")
	}
}

// Certificate returns a fresh self-signed P-256 certificate in PEM, valid from a minute ago for a
// year: every call gives a different certificate, so none is a DuplicateCertificate.
func Certificate(t testing.TB) string {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	serial, _ := rand.Int(rand.Reader, big.NewInt(1<<62))
	template := &x509.Certificate{
		SerialNumber: serial,
		Subject:      pkix.Name{CommonName: "x"},
		NotBefore:    time.Now().Add(-time.Minute),
		NotAfter:     time.Now().Add(365 * 24 * time.Hour),
	}
	der, err := x509.CreateCertificate(rand.Reader, template, template, &key.PublicKey, key)
	if err != nil {
		t.Fatal(err)
	}
	return string(pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}))
}

// MalformedCertificate is a PEM block whose content is no certificate.
const MalformedCertificate = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n"

// CheckRecent fails unless when is within five minutes of now.
func CheckRecent(t testing.TB, what string, when time.Time) {
	t.Helper()
	if d := time.Since(when); d < -5*time.Minute || d > 5*time.Minute {
		t.Errorf("%s = %v, not near now (%v)", what, when, time.Now().UTC())
	}
}

// CheckRequestID fails unless id looks like a UUID.
func CheckRequestID(t testing.TB, what, id string) {
	t.Helper()
	if !RequestID.MatchString(id) {
		t.Errorf("%s: request id %q is not a UUID", what, id)
	}
}
