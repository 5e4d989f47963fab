//! A loopback HTTP server with routes, for tests of commands that fetch documents: each
//! path answers with its own status, headers and body; unknown paths get 404. A `silent`
//! server accepts connections and never answers (to test timeouts). Servers live until
//! the test process ends.

#![allow(dead_code)] // each test binary uses its own subset

use std::collections::HashMap;
use std::io::{Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// One route's answer.
#[derive(Clone)]
pub struct Answer {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: String,
}

impl Answer {
    pub fn json(body: impl Into<String>) -> Self {
        Answer {
            status: 200,
            headers: vec![("Content-Type".into(), "application/json".into())],
            body: body.into(),
        }
    }

    pub fn redirect(location: &str) -> Self {
        Answer {
            status: 302,
            headers: vec![("Location".into(), location.into())],
            body: String::new(),
        }
    }
}

pub struct Server {
    /// `http://127.0.0.1:PORT`
    pub base: String,
    routes: Arc<Mutex<HashMap<String, Answer>>>,
    /// Request heads (request line and headers) in the order they arrived.
    pub seen: Arc<Mutex<Vec<String>>>,
    pub requests: Arc<AtomicUsize>,
}

impl Server {
    /// A server answering the routes set with [`Server::route`].
    pub fn start() -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
        let base = format!("http://{}", listener.local_addr().unwrap());
        let routes: Arc<Mutex<HashMap<String, Answer>>> = Arc::default();
        let seen: Arc<Mutex<Vec<String>>> = Arc::default();
        let requests = Arc::new(AtomicUsize::new(0));
        let (r, s, n) = (routes.clone(), seen.clone(), requests.clone());
        thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                n.fetch_add(1, Ordering::SeqCst);
                answer(stream, &r, &s);
            }
        });
        Server {
            base,
            routes,
            seen,
            requests,
        }
    }

    /// Sets what `path` answers.
    pub fn route(&self, path: &str, answer: Answer) -> &Self {
        self.routes.lock().unwrap().insert(path.to_string(), answer);
        self
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }
}

/// A server that accepts connections and never answers; returns its base URL.
pub fn silent() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let base = format!("http://{}", listener.local_addr().unwrap());
    thread::spawn(move || {
        let mut held = Vec::new();
        for stream in listener.incoming().flatten() {
            held.push(stream);
        }
    });
    base
}

/// A loopback URL where nothing listens (the port was bound, then released).
pub fn closed() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind loopback");
    let base = format!("http://{}", listener.local_addr().unwrap());
    drop(listener);
    base
}

fn answer(
    mut stream: TcpStream,
    routes: &Mutex<HashMap<String, Answer>>,
    seen: &Mutex<Vec<String>>,
) {
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut request = Vec::new();
    let mut buf = [0u8; 1024];
    while !request.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(n) => request.extend_from_slice(&buf[..n]),
        }
    }
    let head = String::from_utf8_lossy(&request);
    let path = head.split_whitespace().nth(1).unwrap_or("/").to_string();
    seen.lock().unwrap().push(head.to_string());
    let answer = routes
        .lock()
        .unwrap()
        .get(&path)
        .cloned()
        .unwrap_or(Answer {
            status: 404,
            headers: Vec::new(),
            body: "not found".into(),
        });
    let mut text = format!("HTTP/1.1 {} X\r\n", answer.status);
    for (name, value) in &answer.headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str(&format!(
        "Content-Length: {}\r\nConnection: close\r\n\r\n{}",
        answer.body.len(),
        answer.body
    ));
    let _ = stream.write_all(text.as_bytes());
}
