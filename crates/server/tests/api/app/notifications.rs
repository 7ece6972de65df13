//! 消息提醒 in tests: `client.notifications()` (the inbox endpoints), `client.set_email(..)`
//! (经办人邮箱, where mail goes), and [`MailSink`], a small SMTP server on a free port that
//! the app's real SMTP mailer talks to — so a test reads exactly what went over the wire,
//! and can make the server answer 451 (try later) or 550 (refused) on demand.

use std::sync::{Arc, Mutex};

use api_types::{NotificationOut, Page, ReadAllOut, UnreadCountOut};
use reqwest::{Method, Response};
use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use uuid::Uuid;

use super::client::Client;
use super::TestAppBuilder;
use crate::assertions::assert_json;

/// `/api/notifications…` as one caller.
pub struct Notifications<'a>(&'a Client);

impl Client {
    /// 消息提醒.
    pub fn notifications(&self) -> Notifications<'_> {
        Notifications(self)
    }

    /// Saves 经办人信息 with `email` (a unit operator), so the unit's mail goes there.
    pub async fn set_email(&self, email: &str) {
        let body = serde_json::json!({ "name": "张经办", "mobile": "13312346961", "email": email });
        let res = self.operator().update(&body).await;
        assert_eq!(res.status().as_u16(), 200, "PUT /api/operator");
    }
}

impl Notifications<'_> {
    /// `GET /api/notifications{query}`.
    pub async fn try_list(&self, query: &str) -> Response {
        self.0.get(&format!("/api/notifications{query}")).await
    }

    /// One page; fails the test unless 200.
    pub async fn list(&self, query: &str) -> Page<NotificationOut> {
        assert_json(self.try_list(query).await, 200).await
    }

    /// `GET /api/notifications/unread-count`.
    pub async fn try_unread(&self) -> Response {
        self.0.get("/api/notifications/unread-count").await
    }

    /// The unread count; fails the test unless 200.
    pub async fn unread(&self) -> u64 {
        let out: UnreadCountOut = assert_json(self.try_unread().await, 200).await;
        out.unread
    }

    /// `POST /api/notifications/{id}/read`.
    pub async fn mark_read(&self, id: Uuid) -> Response {
        let path = format!("/api/notifications/{id}/read");
        self.0
            .send(Method::POST, &path, &serde_json::json!({}))
            .await
    }

    /// `POST /api/notifications/read-all`; fails the test unless 200.
    pub async fn read_all(&self) -> u64 {
        let res = self
            .0
            .send(
                Method::POST,
                "/api/notifications/read-all",
                &serde_json::json!({}),
            )
            .await;
        let out: ReadAllOut = assert_json(res, 200).await;
        out.marked
    }
}

impl TestAppBuilder {
    /// Mail on, sent over SMTP to `sink`.
    pub fn mail_to(self, sink: &MailSink) -> Self {
        let port = sink.port;
        self.settings(move |s| {
            s.mail.enabled = true;
            s.mail.smtp_host = "127.0.0.1".into();
            s.mail.smtp_port = port;
            s.mail.timeout_ms = 5_000;
        })
    }
}

/// One message the sink accepted.
#[derive(Debug, Clone)]
pub struct ReceivedMail {
    /// `RCPT TO` addresses.
    pub envelope_to: Vec<String>,
    /// The message as sent after `DATA` (dot-stuffing undone).
    pub raw: Vec<u8>,
}

/// The one mail with `subject` (tasks run concurrently: arrival order is not theirs).
pub fn by_subject<'a>(mails: &'a [ReceivedMail], subject: &str) -> &'a ReceivedMail {
    let found: Vec<_> = mails.iter().filter(|m| m.subject() == subject).collect();
    assert_eq!(found.len(), 1, "one mail titled {subject}");
    found[0]
}

impl ReceivedMail {
    fn parsed(&self) -> mail_parser::Message<'_> {
        mail_parser::MessageParser::default()
            .parse(&self.raw)
            .expect("a parseable message")
    }

    /// The decoded subject.
    pub fn subject(&self) -> String {
        self.parsed().subject().unwrap_or_default().to_owned()
    }

    /// The decoded plain-text body, lines ending in `\n` (MIME sends CRLF).
    pub fn text(&self) -> String {
        self.parsed()
            .body_text(0)
            .map(|t| t.replace("\r\n", "\n"))
            .unwrap_or_default()
    }

    /// The Message-ID with its angle brackets.
    pub fn message_id(&self) -> String {
        format!("<{}>", self.parsed().message_id().unwrap_or_default())
    }

    /// The `To` header's addresses.
    pub fn to(&self) -> Vec<String> {
        let parsed = self.parsed();
        parsed
            .to()
            .map(|a| {
                a.iter()
                    .filter_map(|x| x.address().map(str::to_owned))
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[derive(Default)]
struct SinkState {
    received: Vec<ReceivedMail>,
    /// Answer 451 to this many more messages (after their data: nothing is stored).
    defer: usize,
    /// Answer 550 to this many more messages.
    refuse: usize,
}

/// A minimal SMTP server (EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) on 127.0.0.1.
#[derive(Clone)]
pub struct MailSink {
    /// The port it listens on.
    pub port: u16,
    state: Arc<Mutex<SinkState>>,
}

impl MailSink {
    /// Starts listening on a free port.
    pub async fn start() -> MailSink {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind the SMTP sink");
        let port = listener.local_addr().expect("sink address").port();
        let state = Arc::new(Mutex::new(SinkState::default()));
        let shared = state.clone();
        tokio::spawn(async move {
            while let Ok((stream, _)) = listener.accept().await {
                let state = shared.clone();
                tokio::spawn(async move {
                    let _ = serve(stream, state).await;
                });
            }
        });
        MailSink { port, state }
    }

    fn with<T>(&self, f: impl FnOnce(&mut SinkState) -> T) -> T {
        f(&mut self.state.lock().expect("sink state"))
    }

    /// Every message accepted so far, in order.
    pub fn received(&self) -> Vec<ReceivedMail> {
        self.with(|s| s.received.clone())
    }

    /// The next `n` messages get `451` (try again later).
    pub fn defer_next(&self, n: usize) {
        self.with(|s| s.defer = n);
    }

    /// The next `n` messages get `550` (refused for good).
    pub fn refuse_next(&self, n: usize) {
        self.with(|s| s.refuse = n);
    }
}

/// The address inside `MAIL FROM:<…>` / `RCPT TO:<…>`.
fn address(line: &str) -> String {
    let start = line.find('<').map_or(0, |i| i + 1);
    let end = line[start..].find('>').map_or(line.len(), |i| start + i);
    line[start..end].to_owned()
}

async fn serve(stream: TcpStream, state: Arc<Mutex<SinkState>>) -> std::io::Result<()> {
    let (read, mut write) = stream.into_split();
    let mut read = BufReader::new(read);
    write
        .write_all(b"220 sink.test ESMTP test sink\r\n")
        .await?;
    let mut rcpt: Vec<String> = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if read.read_until(b'\n', &mut line).await? == 0 {
            return Ok(());
        }
        let text = String::from_utf8_lossy(&line).trim_end().to_owned();
        let verb = text.to_ascii_uppercase();
        let reply: &[u8] = if verb.starts_with("EHLO") {
            b"250-sink.test\r\n250-8BITMIME\r\n250 SMTPUTF8\r\n"
        } else if verb.starts_with("HELO") {
            b"250 sink.test\r\n"
        } else if verb.starts_with("MAIL FROM:") {
            rcpt.clear();
            b"250 2.1.0 OK\r\n"
        } else if verb.starts_with("RCPT TO:") {
            rcpt.push(address(&text));
            b"250 2.1.5 OK\r\n"
        } else if verb == "DATA" {
            write.write_all(b"354 end with <CRLF>.<CRLF>\r\n").await?;
            let raw = read_data(&mut read).await?;
            let envelope_to = std::mem::take(&mut rcpt);
            let mut s = state.lock().expect("sink state");
            if s.defer > 0 {
                s.defer -= 1;
                b"451 4.3.0 try again later\r\n"
            } else if s.refuse > 0 {
                s.refuse -= 1;
                b"550 5.1.1 mailbox unavailable\r\n"
            } else {
                s.received.push(ReceivedMail { envelope_to, raw });
                b"250 2.0.0 queued\r\n"
            }
        } else if verb == "RSET" {
            rcpt.clear();
            b"250 2.0.0 OK\r\n"
        } else if verb == "NOOP" {
            b"250 2.0.0 OK\r\n"
        } else if verb == "QUIT" {
            write.write_all(b"221 2.0.0 bye\r\n").await?;
            return Ok(());
        } else {
            b"502 5.5.2 not implemented\r\n"
        };
        write.write_all(reply).await?;
    }
}

/// The lines after `DATA` up to the lone `.`, with dot-stuffing undone.
async fn read_data(
    read: &mut BufReader<tokio::net::tcp::OwnedReadHalf>,
) -> std::io::Result<Vec<u8>> {
    let mut raw = Vec::new();
    let mut line = Vec::new();
    loop {
        line.clear();
        if read.read_until(b'\n', &mut line).await? == 0 {
            return Ok(raw);
        }
        if line == b".\r\n" || line == b".\n" {
            return Ok(raw);
        }
        let content = if line.starts_with(b"..") {
            &line[1..]
        } else {
            &line[..]
        };
        raw.extend_from_slice(content);
    }
}
