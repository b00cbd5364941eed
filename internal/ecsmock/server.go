package ecsmock

import (
	"fmt"
	"io"
	"log"
	"net/http"
	"strings"
	"sync"
	"time"
)

// Defaults of the timing knobs, as the command's flags document them.
const (
	DefaultSettle        = 2 * time.Second
	DefaultPayDelay      = 500 * time.Millisecond
	DefaultDowngradeLock = 5 * time.Minute
	// DefaultMaxCalls is how many recorded calls the server keeps.
	DefaultMaxCalls = 10000
)

// Version is the simulator's version, as GET /_mock/health and the
// command's -version report it; builds set it with
// -ldflags "-X github.com/ecsnet/terraform-provider-aliyun/internal/ecsmock.Version=...".
var Version = "dev"

// Config sets up a Server.
type Config struct {
	// World is the world to start from; nil means DefaultWorld().
	World *World
	// StateFile, when set, keeps the world and the simulated clock's offset
	// in that file: loaded at start if it exists (World is then only what
	// Reset goes back to), written atomically after each change.
	StateFile string
	// Settle is the time from a paid order (or a change without order) to
	// the new spec showing in Describe*; 0 means DefaultSettle.
	Settle time.Duration
	// PayDelay is the time an auto-paid order takes to become Paid; 0 means
	// DefaultPayDelay.
	PayDelay time.Duration
	// DowngradeLock is how long an instance refuses changes after a
	// successful downgrade; 0 means DefaultDowngradeLock.
	DowngradeLock time.Duration
	// ChangeLock is how long an instance refuses changes
	// (LastOrderProcessing) after any successful change; 0, the default,
	// means never, as in the reference. The current cloud documents 5m.
	ChangeLock time.Duration
	// Logger receives one line per API call; nil keeps the server silent.
	Logger *log.Logger
	// MaxCalls is how many calls Calls and /_mock/calls keep, the oldest
	// dropped first; 0 means DefaultMaxCalls.
	MaxCalls int
	// AdminToken, when set, opens the admin API to clients anywhere that
	// send it as "Authorization: Bearer TOKEN"; without it only loopback
	// clients are answered.
	AdminToken string
	// ListenAddr is the address the server was asked to listen on; its
	// host is accepted in the Host header of admin requests, besides
	// localhost and loopback addresses.
	ListenAddr string
}

// Server is the simulator: an http.Handler serving the ECS and BSS RPC APIs
// and the /_mock/ admin API.
type Server struct {
	settle, payDelay, downgradeLock, changeLock time.Duration
	stateFile                                   string
	logger                                      *log.Logger
	maxCalls                                    int
	access                                      adminAccess

	// seed is the world the server started from (Config.World or the
	// built-in one), for Reset.
	seed World

	mu           sync.Mutex
	world        World
	offset       time.Duration
	calls        []Call
	droppedCalls int
	nonces       map[nonceKey]time.Time
	noncesPruned time.Time
	dirty        bool
	timer        *time.Timer
	closed       bool
	// faults are the injected fault rules, tried in order.
	faults []*faultRule
	// done is closed by Close, ending the waits of delayed calls.
	done chan struct{}
}

// New builds a Server from cfg, loading the state file when there is one.
func New(cfg Config) (*Server, error) {
	s := &Server{
		settle:        orDefault(cfg.Settle, DefaultSettle),
		payDelay:      orDefault(cfg.PayDelay, DefaultPayDelay),
		downgradeLock: orDefault(cfg.DowngradeLock, DefaultDowngradeLock),
		changeLock:    max(cfg.ChangeLock, 0),
		stateFile:     cfg.StateFile,
		logger:        cfg.Logger,
		maxCalls:      cfg.MaxCalls,
		access:        newAdminAccess(cfg.AdminToken, cfg.ListenAddr),
		nonces:        map[nonceKey]time.Time{},
		done:          make(chan struct{}),
	}
	if s.logger == nil {
		s.logger = log.New(io.Discard, "", 0)
	}
	if s.maxCalls <= 0 {
		s.maxCalls = DefaultMaxCalls
	}
	seed := DefaultWorld()
	if cfg.World != nil {
		seed = cfg.World.clone()
	}
	if err := seed.normalize(); err != nil {
		return nil, fmt.Errorf("ecsmock: invalid world: %w", err)
	}
	s.seed = seed
	w := seed.clone()
	loaded, offset, err := loadStateFile(cfg.StateFile)
	if err != nil {
		return nil, err
	}
	if loaded != nil {
		w, s.offset = *loaded, offset
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.world = w
	s.dirty = true
	s.catchUp()
	if err := s.flush(); err != nil {
		return nil, err
	}
	s.schedule()
	return s, nil
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// ServeHTTP serves the RPC APIs on any path but /_mock/, which is the admin
// API and answers loopback clients only.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path == "/_mock" || strings.HasPrefix(r.URL.Path, "/_mock/") {
		s.serveAdmin(w, r)
		return
	}
	s.serveAPI(w, r)
}

// State returns a deep copy of the world as of the simulated now.
func (s *Server) State() World {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.catchUp()
	_ = s.afterChange()
	return s.world.clone()
}

// SetState replaces the whole world.
func (s *Server) SetState(w World) error {
	c := w.clone()
	if err := c.normalize(); err != nil {
		return fmt.Errorf("ecsmock: invalid world: %w", err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.world = c
	s.dirty = true
	s.catchUp()
	return s.afterChange()
}

// Reset puts the server back to how it started: the seed world again (not
// the -state file's), no recorded calls, no fault rules, clock offset 0.
func (s *Server) Reset() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.world = s.seed.clone()
	s.offset = 0
	s.calls, s.droppedCalls = nil, 0
	s.faults = nil
	s.dirty = true
	s.catchUp()
	return s.afterChange()
}

// PayOrder pays an unpaid order from its account's balance, as the console
// would.
func (s *Server) PayOrder(orderID string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.catchUp()
	err := s.payByHand(orderID)
	if ferr := s.afterChange(); err == nil {
		err = ferr
	}
	return err
}

// Close stops the timers, ends the waits of delayed calls (see Faults) and
// writes the state file one last time.
func (s *Server) Close() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.closed {
		return nil
	}
	s.closed = true
	close(s.done)
	if s.timer != nil {
		s.timer.Stop()
	}
	s.catchUp()
	return s.flush()
}

// afterChange persists a changed world and re-arms the timer for the next
// due event. Callers hold s.mu. flush logs a failed write; callers whose
// answer does not depend on the state file ignore the error.
func (s *Server) afterChange() error {
	err := s.flush()
	s.schedule()
	return err
}

// flush writes the state file when the world changed since the last write.
func (s *Server) flush() error {
	if !s.dirty || s.stateFile == "" {
		s.dirty = false
		return nil
	}
	if err := writeStateFile(s.stateFile, s.world, s.offset); err != nil {
		s.logger.Printf("writing state file: %v", err)
		return err
	}
	s.dirty = false
	return nil
}
