//! Over-long URLs. actix-http cannot parse a request target longer than 65,534 bytes: it answers
//! with a bare `400` (no headers, no body) and logs the connection at ERROR, before any of the
//! service's own code runs. [`Guarded`] sits between the socket and actix-http and reads each
//! connection's first request line itself; when the line is longer than [`LINE_LIMIT`], actix is
//! handed the same request for [`TOO_LONG_PATH`] instead, which [`refuse_long_uris`] answers
//! with a proper `414` problem (request id, security headers, a log line below ERROR). Targets
//! between [`MAX_URI_BYTES`] and that limit, and any on later requests of a kept-alive
//! connection, reach [`refuse_long_uris`] as they are.

use std::io;
use std::pin::Pin;
use std::task::{Context, Poll, ready};

use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};

use crate::error::ApiError;

/// The longest request target the service answers (as most servers and proxies do).
pub const MAX_URI_BYTES: usize = 8 * 1024;
/// A first request line longer than this is rewritten to [`TOO_LONG_PATH`].
const LINE_LIMIT: usize = 2 * MAX_URI_BYTES;
/// Reading a line longer than this gives up on the connection: no client needs it.
const DISCARD_LIMIT: usize = 1 << 20;
/// Where a rewritten request goes; no route has it, and only the guard produces it.
pub const TOO_LONG_PATH: &str = "/.well-known/jointreg/uri-too-long";

/// Answers 414 to a request whose target is too long (or was, before the guard rewrote it).
pub async fn refuse_long_uris(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody + 'static>>, actix_web::Error> {
    let uri = req.uri();
    let length = uri.path_and_query().map_or(0, |p| p.as_str().len());
    if uri.path() == TOO_LONG_PATH || length > MAX_URI_BYTES {
        tracing::warn!(length, "refused an over-long request target");
        let error = ApiError::UriTooLong { limit: MAX_URI_BYTES };
        return Ok(req.error_response(error).map_into_right_body());
    }
    Ok(next.call(req).await?.map_into_left_body())
}

enum State {
    /// Collecting the first request line; nothing has been given to actix yet.
    FirstLine(Vec<u8>),
    /// Dropping the rest of an over-long line, up to its end; `method` starts the replacement.
    Discard { method: String, dropped: usize, tail: Vec<u8> },
    /// Giving actix these bytes before reading the socket again.
    Replay(Vec<u8>, usize),
    /// Everything else goes straight through.
    Through,
}

/// A connection whose first request line is checked before actix-http parses it.
pub struct Guarded<S> {
    inner: S,
    state: State,
}

impl<S> Guarded<S> {
    pub fn new(inner: S) -> Self {
        Guarded { inner, state: State::FirstLine(Vec::new()) }
    }
}

/// The request line that stands in for an over-long one: same method and protocol version.
fn replacement(method: &str, line_end: &[u8]) -> Vec<u8> {
    let version = if line_end.ends_with(b"HTTP/1.0") { "HTTP/1.0" } else { "HTTP/1.1" };
    format!("{method} {TOO_LONG_PATH} {version}\r\n").into_bytes()
}

/// The method of a request line, if it looks like one (a short token); `GET` otherwise.
fn method_of(line: &[u8]) -> String {
    let method = line.split(|b| *b == b' ').next().unwrap_or_default();
    let token = !method.is_empty() && method.len() <= 16 && method.iter().all(u8::is_ascii_alphabetic);
    if token { String::from_utf8_lossy(method).into_owned() } else { "GET".to_owned() }
}

/// Reads from the socket into `chunk`; `None` at the end of the stream.
fn read_chunk<S: AsyncRead + Unpin>(
    socket: &mut S,
    cx: &mut Context<'_>,
    chunk: &mut [u8],
) -> Poll<io::Result<Option<usize>>> {
    let mut buf = ReadBuf::new(chunk);
    ready!(Pin::new(socket).poll_read(cx, &mut buf))?;
    let filled = buf.filled().len();
    Poll::Ready(Ok((filled > 0).then_some(filled)))
}

impl<S: AsyncRead + Unpin> AsyncRead for Guarded<S> {
    fn poll_read(self: Pin<&mut Self>, cx: &mut Context<'_>, out: &mut ReadBuf<'_>) -> Poll<io::Result<()>> {
        let this = self.get_mut();
        let mut chunk = [0u8; 8 * 1024];
        loop {
            match &mut this.state {
                State::Through => return Pin::new(&mut this.inner).poll_read(cx, out),
                State::Replay(bytes, at) => {
                    let n = out.remaining().min(bytes.len() - *at);
                    out.put_slice(&bytes[*at..*at + n]);
                    *at += n;
                    if *at == bytes.len() {
                        this.state = State::Through;
                    }
                    return Poll::Ready(Ok(()));
                }
                State::FirstLine(line) => {
                    let Some(n) = ready!(read_chunk(&mut this.inner, cx, &mut chunk))? else {
                        let seen = std::mem::take(line);
                        this.state = if seen.is_empty() { State::Through } else { State::Replay(seen, 0) };
                        continue;
                    };
                    line.extend_from_slice(&chunk[..n]);
                    if line.contains(&b'\n') {
                        this.state = State::Replay(std::mem::take(line), 0);
                    } else if line.len() > LINE_LIMIT {
                        let (method, tail) = (method_of(line), line[line.len() - 16..].to_vec());
                        tracing::debug!(bytes = line.len(), "over-long first request line; rewriting it");
                        this.state = State::Discard { method, dropped: line.len(), tail };
                    }
                }
                State::Discard { method, dropped, tail } => {
                    let Some(n) = ready!(read_chunk(&mut this.inner, cx, &mut chunk))? else {
                        return Poll::Ready(Ok(()));
                    };
                    let read = &chunk[..n];
                    match read.iter().position(|b| *b == b'\n') {
                        Some(end) => {
                            tail.extend_from_slice(&read[..end]);
                            let line_end = tail.strip_suffix(b"\r").unwrap_or(tail);
                            let mut bytes = replacement(method, line_end);
                            bytes.extend_from_slice(&read[end + 1..]);
                            this.state = State::Replay(bytes, 0);
                        }
                        None if *dropped + n > DISCARD_LIMIT => {
                            return Poll::Ready(Err(io::Error::new(
                                io::ErrorKind::InvalidData,
                                "request line too long",
                            )));
                        }
                        None => {
                            *dropped += n;
                            tail.extend_from_slice(read);
                            let keep = tail.len().saturating_sub(16);
                            tail.drain(..keep);
                        }
                    }
                }
            }
        }
    }
}

impl<S: AsyncWrite + Unpin> AsyncWrite for Guarded<S> {
    fn poll_write(self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write(cx, buf)
    }

    fn poll_flush(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_flush(cx)
    }

    fn poll_shutdown(self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.get_mut().inner).poll_shutdown(cx)
    }

    fn poll_write_vectored(
        self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.get_mut().inner).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.inner.is_write_vectored()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokio::io::AsyncReadExt;

    async fn through_guard(input: Vec<u8>) -> Vec<u8> {
        let mut guarded = Guarded::new(&input[..]);
        let mut seen = Vec::new();
        guarded.read_to_end(&mut seen).await.unwrap();
        seen
    }

    #[tokio::test]
    async fn ordinary_requests_pass_unchanged() {
        let request = b"GET /api/v1/labs?q=x HTTP/1.1\r\nHost: a\r\n\r\n".to_vec();
        assert_eq!(through_guard(request.clone()).await, request);
    }

    #[tokio::test]
    async fn an_over_long_first_line_becomes_the_too_long_request_with_its_headers() {
        let mut request = format!("POST /api/v1/labs?q={} HTTP/1.0\r\n", "a".repeat(100_000)).into_bytes();
        request.extend_from_slice(b"X-Request-Id: abc\r\n\r\n");
        let seen = String::from_utf8(through_guard(request).await).unwrap();
        assert_eq!(seen, format!("POST {TOO_LONG_PATH} HTTP/1.0\r\nX-Request-Id: abc\r\n\r\n"));
    }
}
