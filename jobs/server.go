package jobs

import (
	"fmt"
	"net"
	"net/url"
	"path/filepath"
	"strconv"
	"time"

	"github.com/nats-io/nats-server/v2/server"
)

// Server is an embedded NATS server with JetStream.
type Server struct {
	srv *server.Server
	dir string
}

// MaxPayload is the embedded server's largest message: a block proposal
// carries its end caps' jobs (about 10 KB a user) and its PoH slots.
const MaxPayload = 16 << 20

// ServerConfig configures the embedded server.
type ServerConfig struct {
	// DataDir holds JetStream's files (DataDir/jetstream).
	DataDir string
	// Host and Port to listen on for workers; Port 0 picks a free port.
	Host string
	Port int
	// Token, if set, is the secret every client must present (workers
	// connect with nats://TOKEN@host:port). Without TLS it crosses the
	// network in the clear: on an untrusted network put the server behind
	// TLS or a VPN, or use an external NATS cluster with its own auth.
	Token string
}

// StartServer starts an embedded NATS server with JetStream and waits until
// it accepts connections.
func StartServer(cfg ServerConfig) (*Server, error) {
	if cfg.DataDir == "" {
		return nil, fmt.Errorf("jobs: the embedded server needs a data directory")
	}
	host := cfg.Host
	if host == "" {
		host = "127.0.0.1"
	}
	port := cfg.Port
	if port == 0 {
		port = server.RANDOM_PORT
	} else {
		// An address in use is said at once (the server itself only
		// logs it and never becomes ready).
		l, err := net.Listen("tcp", net.JoinHostPort(host, strconv.Itoa(port)))
		if err != nil {
			return nil, fmt.Errorf("jobs: nats server: %w", err)
		}
		l.Close()
	}
	dir := filepath.Join(cfg.DataDir, "jetstream")
	srv, err := server.NewServer(&server.Options{
		ServerName: "parth-aggregator",
		Host:       host,
		Port:       port,
		JetStream:  true,
		StoreDir:   dir,
		NoSigs:     true,
		// With a token, clients must present it (nats://TOKEN@host:port).
		Authorization: cfg.Token,
		// Proposals carry a block's end-cap jobs (validator.Bus).
		MaxPayload: MaxPayload,
	})
	if err != nil {
		return nil, fmt.Errorf("jobs: nats server: %w", err)
	}
	go srv.Start()
	if !srv.ReadyForConnections(30 * time.Second) {
		srv.Shutdown()
		return nil, fmt.Errorf("jobs: nats server on %s:%d not ready after 30s", host, port)
	}
	return &Server{srv: srv, dir: dir}, nil
}

// URL is the server's client URL.
func (s *Server) URL() string { return s.srv.ClientURL() }

// Shutdown stops the server; JetStream's state stays on disk.
func (s *Server) Shutdown() {
	s.srv.Shutdown()
	s.srv.WaitForShutdown()
}

// Port is the port the server listens on (useful when started with 0).
func (s *Server) Port() int { return s.srv.Addr().(*net.TCPAddr).Port }

// Redact is a NATS URL without its credentials (a token), for logs and
// errors.
func Redact(natsURL string) string {
	u, err := url.Parse(natsURL)
	if err != nil {
		return "(unparsable URL)"
	}
	u.User = nil
	return u.String()
}
