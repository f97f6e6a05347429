//! A small SMTP server on loopback that accepts every message and records it: enough of RFC 5321
//! (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) for lettre, and nothing more.

use std::io::{BufRead, BufReader, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;
use std::time::Duration;

/// One message as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub mail_from: String,
    pub rcpt_to: Vec<String>,
    /// The message as sent after DATA, dot-stuffing undone.
    pub data: String,
}

impl Received {
    /// The first value of header `name` (unfolded headers only, which is all lettre writes here).
    pub fn header(&self, name: &str) -> Option<&str> {
        let headers = self.data.split("\r\n\r\n").next()?;
        headers.lines().find_map(|line| {
            let (key, value) = line.split_once(':')?;
            key.eq_ignore_ascii_case(name).then(|| value.trim())
        })
    }

    pub fn message_id(&self) -> Option<&str> {
        self.header("Message-ID")
    }

    /// The body of a single-part text message, transfer encoding undone, with `\n` line ends.
    pub fn text_body(&self) -> String {
        let body = self.data.split_once("\r\n\r\n").map_or("", |(_, body)| body);
        let text = match self.header("Content-Transfer-Encoding") {
            Some(encoding) if encoding.eq_ignore_ascii_case("quoted-printable") => {
                let bytes =
                    quoted_printable::decode(body, quoted_printable::ParseMode::Strict).expect("quoted-printable");
                String::from_utf8(bytes).expect("UTF-8 body")
            }
            Some(encoding) if encoding.eq_ignore_ascii_case("base64") => {
                use base64::Engine;
                let compact: String = body.split_whitespace().collect();
                let bytes = base64::engine::general_purpose::STANDARD.decode(compact).expect("base64");
                String::from_utf8(bytes).expect("UTF-8 body")
            }
            _ => body.to_owned(),
        };
        text.replace("\r\n", "\n")
    }
}

pub struct SmtpServer {
    port: u16,
    received: Arc<Mutex<Vec<Received>>>,
    stop: Arc<AtomicBool>,
    thread: Option<JoinHandle<()>>,
}

impl SmtpServer {
    /// Listens on a free loopback port.
    pub fn start() -> SmtpServer {
        Self::start_on(0)
    }

    /// Listens on `port` (0: any free one), e.g. where a worker has been failing to connect.
    pub fn start_on(port: u16) -> SmtpServer {
        let listener = TcpListener::bind(("127.0.0.1", port)).expect("bind the test SMTP server");
        let port = listener.local_addr().expect("SMTP server address").port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let thread = {
            let (received, stop) = (received.clone(), stop.clone());
            std::thread::spawn(move || accept(&listener, &received, &stop))
        };
        SmtpServer { port, received, stop, thread: Some(thread) }
    }

    pub fn url(&self) -> String {
        smtp_url(self.port)
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().expect("received mail").clone()
    }
}

impl Drop for SmtpServer {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Unblocks `accept`, which then sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

pub fn smtp_url(port: u16) -> String {
    format!("smtp://127.0.0.1:{port}")
}

/// A loopback port with nothing listening on it (free a moment ago).
pub fn unused_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").expect("bind a free port");
    listener.local_addr().expect("free port").port()
}

fn accept(listener: &TcpListener, received: &Arc<Mutex<Vec<Received>>>, stop: &AtomicBool) {
    for stream in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            return;
        }
        let Ok(stream) = stream else { continue };
        let received = received.clone();
        // Sessions end when the client quits or goes silent; nothing waits for them.
        std::thread::spawn(move || {
            let _ = session(stream, &received);
        });
    }
}

fn session(stream: TcpStream, received: &Mutex<Vec<Received>>) -> std::io::Result<()> {
    stream.set_read_timeout(Some(Duration::from_secs(10)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut out = stream;
    out.write_all(b"220 127.0.0.1 ESMTP test server\r\n")?;
    let mut mail_from = String::new();
    let mut rcpt_to = Vec::new();
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Ok(());
        }
        let command = line.trim_end();
        let verb = command.split([' ', ':']).next().unwrap_or("").to_ascii_uppercase();
        let reply: &[u8] = match verb.as_str() {
            "EHLO" => b"250-127.0.0.1\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n",
            "HELO" => b"250 127.0.0.1\r\n",
            "MAIL" => {
                mail_from = address(command);
                rcpt_to.clear();
                b"250 2.1.0 OK\r\n"
            }
            "RCPT" => {
                rcpt_to.push(address(command));
                b"250 2.1.5 OK\r\n"
            }
            "DATA" => {
                out.write_all(b"354 End data with <CR><LF>.<CR><LF>\r\n")?;
                let data = read_data(&mut reader)?;
                let message = Received { mail_from: mail_from.clone(), rcpt_to: std::mem::take(&mut rcpt_to), data };
                received.lock().expect("received mail").push(message);
                b"250 2.0.0 queued\r\n"
            }
            "RSET" => {
                mail_from.clear();
                rcpt_to.clear();
                b"250 2.0.0 OK\r\n"
            }
            "NOOP" => b"250 2.0.0 OK\r\n",
            "QUIT" => {
                out.write_all(b"221 2.0.0 Bye\r\n")?;
                return Ok(());
            }
            _ => b"502 5.5.2 Command not recognised\r\n",
        };
        out.write_all(reply)?;
    }
}

/// The address between `<` and `>` in `MAIL FROM:<a@b> BODY=8BITMIME`.
fn address(command: &str) -> String {
    let start = command.find('<').map_or(0, |i| i + 1);
    let end = command[start..].find('>').map_or(command.len(), |i| start + i);
    command[start..end].to_owned()
}

fn read_data(reader: &mut impl BufRead) -> std::io::Result<String> {
    let mut data = String::new();
    let mut line = String::new();
    loop {
        line.clear();
        if reader.read_line(&mut line)? == 0 {
            return Err(std::io::ErrorKind::UnexpectedEof.into());
        }
        if line == ".\r\n" || line == ".\n" {
            return Ok(data);
        }
        data.push_str(line.strip_prefix('.').unwrap_or(&line));
    }
}
