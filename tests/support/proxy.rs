//! A delaying, round-trip-counting TCP proxy on 127.0.0.1, for tests and benches (it is
//! never part of the `pgacct` binary): it forwards each client's bytes to a PostgreSQL
//! server and back, holds every chunk for a configurable one-way delay (10 ms each way is
//! a 20 ms round trip), and counts the round trips each connection makes.
//!
//! A round trip (a "flight") is a group of client messages that waits for an answer. The
//! proxy parses the frontend protocol (sslmode disable; after an accepted SSL request it
//! counts TLS records the same way, by chunk), and a new flight starts when the client
//! sends a message that makes the server answer (a startup packet, an SSL/GSS request,
//! Query, Sync, Flush, a password or SASL message, FunctionCall, CopyDone, CopyFail) and
//! the proxy has delivered server bytes to the client since the current flight started.
//! Messages that get no answer of their own (Parse, Bind, Describe, Execute, Close without
//! a Sync yet, CopyData, Terminate) never start one, nor does a Sync after nothing but
//! Close (tokio-postgres closes a dropped prepared statement that way without waiting
//! for the answer). So requests pipelined together are
//! one flight; a request sent after reading an answer is another; the Terminate a client
//! sends on its way out is none. Connect + SCRAM login is 3 (startup, SASL initial
//! response, SASL response), 4 with an SSL request; the TCP handshake is not seen.
//!
//! Counting does not depend on the delay, and with sequential clients not on timing at
//! all: a client that waits for an answer cannot send its next request before the proxy
//! delivered that answer. A pipelining client's requests all reach the proxy before the
//! first answer is delivered when a delay is set, so count pipelined clients with a delay
//! (a millisecond is plenty).
#![allow(dead_code)]

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

/// What one proxied connection did.
#[derive(Clone, Debug, Default)]
pub struct ConnStats {
    /// Round trips (flights of client messages that waited for an answer).
    pub round_trips: u64,
    /// Bytes client to server and server to client.
    pub bytes_up: u64,
    pub bytes_down: u64,
    /// Still open (either direction not yet closed).
    pub open: bool,
    /// When the proxy accepted it (for the order of connections, not for speed).
    pub opened: Option<Instant>,
}

#[derive(Default)]
struct State {
    /// Connections since the last reset, by accept number.
    conns: std::collections::BTreeMap<u64, ConnStats>,
    accepted: u64,
}

struct Shared {
    state: Mutex<State>,
    changed: Condvar,
    delay: Mutex<Duration>,
    stop: AtomicBool,
}

/// A running proxy; it stops (and stops accepting) when dropped.
pub struct Proxy {
    pub port: u16,
    shared: Arc<Shared>,
}

impl Proxy {
    /// Listen on 127.0.0.1 (a free port) and forward every connection to
    /// `127.0.0.1:upstream_port`, holding each chunk `one_way` in each direction.
    pub fn start(upstream_port: u16, one_way: Duration) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the proxy on 127.0.0.1");
        let port = listener.local_addr().unwrap().port();
        let shared = Arc::new(Shared {
            state: Mutex::new(State::default()),
            changed: Condvar::new(),
            delay: Mutex::new(one_way),
            stop: AtomicBool::new(false),
        });
        let sh = shared.clone();
        let upstream: SocketAddr = ([127, 0, 0, 1], upstream_port).into();
        std::thread::spawn(move || {
            for client in listener.incoming() {
                if sh.stop.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(client) = client else { continue };
                let Ok(server) = TcpStream::connect(upstream) else {
                    continue;
                };
                let id = {
                    let mut st = sh.state.lock().unwrap();
                    st.accepted += 1;
                    let id = st.accepted;
                    st.conns.insert(
                        id,
                        ConnStats {
                            open: true,
                            opened: Some(Instant::now()),
                            ..ConnStats::default()
                        },
                    );
                    id
                };
                let delay = *sh.delay.lock().unwrap();
                spawn_connection(sh.clone(), id, client, server, delay);
            }
        });
        Proxy { port, shared }
    }

    /// Change the one-way delay for connections accepted from now on.
    pub fn set_delay(&self, one_way: Duration) {
        *self.shared.delay.lock().unwrap() = one_way;
    }

    /// Forget the connections seen so far (call between the commands you count).
    pub fn reset(&self) {
        self.wait_idle();
        self.shared.state.lock().unwrap().conns.clear();
    }

    /// Wait until every connection seen has closed both ways (at most 30 s).
    pub fn wait_idle(&self) {
        let deadline = Instant::now() + Duration::from_secs(30);
        let mut st = self.shared.state.lock().unwrap();
        while st.conns.values().any(|c| c.open) {
            let left = deadline.saturating_duration_since(Instant::now());
            if left.is_zero() {
                break;
            }
            st = self.shared.changed.wait_timeout(st, left).unwrap().0;
        }
    }

    /// The connections since the last reset, in the order they were accepted (after
    /// waiting for them to close).
    pub fn connections(&self) -> Vec<ConnStats> {
        self.wait_idle();
        self.shared
            .state
            .lock()
            .unwrap()
            .conns
            .values()
            .cloned()
            .collect()
    }

    /// Round trips of all connections since the last reset (after they closed).
    pub fn round_trips(&self) -> u64 {
        self.connections().iter().map(|c| c.round_trips).sum()
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the stop flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

/// Per-connection flight tracking, shared by the two directions (public so that its rules
/// can be tested on byte sequences without a server).
#[derive(Default)]
pub struct Flights {
    /// Server bytes were delivered to the client since the current flight started (or
    /// there is no flight yet).
    answered: bool,
    /// Client bytes not yet split into whole messages.
    buf: Vec<u8>,
    /// The first packet (startup, SSL or GSS request: no type byte) is still to come.
    first: bool,
    /// An SSL request was sent: the next server byte says whether TLS follows.
    ssl_asked: bool,
    /// TLS is on: the stream is opaque, each client chunk counts as a message.
    tls: bool,
    /// A message other than Close since the last Sync or Flush.
    work: bool,
}

impl Flights {
    pub fn new() -> Flights {
        Flights {
            answered: true,
            first: true,
            ..Flights::default()
        }
    }

    /// Client bytes arrived: how many new flights they start (0 or 1).
    pub fn client_bytes(&mut self, data: &[u8]) -> u64 {
        if self.tls {
            return self.provoke();
        }
        self.buf.extend_from_slice(data);
        let mut flights = 0;
        loop {
            if self.first {
                if self.buf.len() < 8 {
                    break;
                }
                let len = u32::from_be_bytes(self.buf[0..4].try_into().unwrap()) as usize;
                if self.buf.len() < len.max(8) {
                    break;
                }
                let code = u32::from_be_bytes(self.buf[4..8].try_into().unwrap());
                self.buf.drain(..len.max(8));
                if code != 80877102 {
                    // Anything but a CancelRequest (which gets no answer) waits for one.
                    flights += self.provoke();
                }
                match code {
                    80877103 => self.ssl_asked = true, // SSLRequest: still no type byte next
                    80877104 => {}                     // GSSENCRequest: answered 'N' here
                    _ => self.first = false,           // startup (or cancel)
                }
            } else {
                if self.buf.len() < 5 {
                    break;
                }
                let len = u32::from_be_bytes(self.buf[1..5].try_into().unwrap()) as usize;
                if self.buf.len() < 1 + len {
                    break;
                }
                let kind = self.buf[0];
                self.buf.drain(..1 + len);
                match kind {
                    // A Sync or Flush after nothing but Close: tokio-postgres sends that
                    // when a prepared statement is dropped and never waits for its answer.
                    b'S' | b'H' if !self.work => {}
                    b'S' | b'H' | b'Q' | b'p' | b'F' | b'c' | b'f' => {
                        self.work = false;
                        flights += self.provoke();
                    }
                    b'C' => {}
                    _ => self.work = true,
                }
            }
        }
        flights
    }

    fn provoke(&mut self) -> u64 {
        if self.answered {
            self.answered = false;
            1
        } else {
            0
        }
    }

    /// Server bytes were delivered to the client.
    pub fn server_bytes(&mut self, data: &[u8]) {
        if self.ssl_asked && !data.is_empty() {
            self.ssl_asked = false;
            if data[0] == b'S' {
                self.tls = true;
            }
        }
        self.answered = true;
    }
}

fn spawn_connection(
    sh: Arc<Shared>,
    id: u64,
    client: TcpStream,
    server: TcpStream,
    delay: Duration,
) {
    let _ = client.set_nodelay(true);
    let _ = server.set_nodelay(true);
    let flights = Arc::new(Mutex::new(Flights::new()));
    let closed = Arc::new(Mutex::new(0u8));
    let pipe = |from: TcpStream, to: TcpStream, up: bool| {
        let (tx, rx) = mpsc::channel::<(Instant, Vec<u8>)>();
        let (sh1, fl1) = (sh.clone(), flights.clone());
        let mut reader = from.try_clone().unwrap();
        // Reader: stamp each chunk on arrival; client chunks are counted here.
        std::thread::spawn(move || {
            let mut buf = vec![0u8; 64 * 1024];
            loop {
                let n = match reader.read(&mut buf) {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                let data = buf[..n].to_vec();
                if up {
                    let f = fl1.lock().unwrap().client_bytes(&data);
                    let mut st = sh1.state.lock().unwrap();
                    if let Some(c) = st.conns.get_mut(&id) {
                        c.round_trips += f;
                        c.bytes_up += n as u64;
                    }
                }
                if tx.send((Instant::now(), data)).is_err() {
                    break;
                }
            }
        });
        let (sh2, fl2, closed2) = (sh.clone(), flights.clone(), closed.clone());
        let mut writer = to;
        // Writer: deliver each chunk `delay` after it arrived, in order.
        std::thread::spawn(move || {
            for (at, data) in rx {
                let due = at + delay;
                let now = Instant::now();
                if due > now {
                    std::thread::sleep(due - now);
                }
                if !up {
                    // Marked before the write: the client cannot answer bytes it has not
                    // been given, so its next request always finds the mark set.
                    fl2.lock().unwrap().server_bytes(&data);
                    let mut st = sh2.state.lock().unwrap();
                    if let Some(c) = st.conns.get_mut(&id) {
                        c.bytes_down += data.len() as u64;
                    }
                }
                if writer.write_all(&data).is_err() {
                    break;
                }
            }
            // The other side closed (or this one failed): pass the close on.
            let _ = writer.shutdown(Shutdown::Write);
            let _ = from.shutdown(Shutdown::Read);
            let mut n = closed2.lock().unwrap();
            *n += 1;
            if *n == 2 {
                let mut st = sh2.state.lock().unwrap();
                if let Some(c) = st.conns.get_mut(&id) {
                    c.open = false;
                }
                sh2.changed.notify_all();
            }
        });
    };
    pipe(
        client.try_clone().unwrap(),
        server.try_clone().unwrap(),
        true,
    );
    pipe(server, client, false);
}
