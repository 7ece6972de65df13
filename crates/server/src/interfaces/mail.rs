//! Mail (SPEC §13): the `Mailer` trait and its one implementation, SMTP through `lettre`.
//! Development and the browser tests send plain SMTP to the local sink (maildev); production
//! sends to the relay with STARTTLS or implicit TLS (`[mail]`). The API tests use the same
//! implementation against an SMTP server of their own on a free port.
//!
//! SMTP acknowledges a message once (`250` after `DATA`); nothing in the protocol lets a
//! sender ask afterwards whether an earlier conversation got that far. Callers therefore
//! give every message a stable Message-ID, so a copy sent again after a crash is recognisably
//! the same message.

use std::time::Duration;

use lettre::message::header::{ContentTransferEncoding, ContentType};
use lettre::message::{Mailbox, SinglePart};
use lettre::transport::smtp::authentication::Credentials;
use lettre::transport::smtp::client::{Tls, TlsParameters};
use lettre::transport::smtp::extension::ClientId;
use lettre::{AsyncSmtpTransport, AsyncTransport, Message, Tokio1Executor};
use secrecy::ExposeSecret;

use crate::app::config::{MailSettings, MailTls};

/// One plain-text message to send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutgoingMail {
    /// `<…@domain>`, the same on every attempt of the same notice.
    pub message_id: String,
    /// The recipients (one message to all of them).
    pub to: Vec<String>,
    /// The subject line (Chinese; encoded by the transport).
    pub subject: String,
    /// The plain-text body.
    pub text: String,
}

/// Why a message was not handed over.
#[derive(Debug, thiserror::Error)]
pub enum MailError {
    /// The server could not be reached, timed out or answered 4xx: try again later.
    #[error("mail server unavailable: {0}")]
    Unavailable(String),
    /// The server refused for good (5xx, a malformed address): no retry will help.
    #[error("mail refused: {0}")]
    Rejected(String),
}

/// Sends mail.
#[async_trait::async_trait]
pub trait Mailer: Send + Sync {
    /// Hands `mail` to the mail server; `Ok` once the server accepted it for delivery.
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError>;

    /// The domain Message-IDs end with (the sender's).
    fn domain(&self) -> &str;
}

/// SMTP through `lettre`, one connection per message (notices are few; a pool would only
/// add connections the server may have closed meanwhile).
pub struct SmtpMailer {
    transport: AsyncSmtpTransport<Tokio1Executor>,
    from: Mailbox,
    domain: String,
}

impl SmtpMailer {
    /// The transport `settings` describe; fails at start-up on a malformed sender or TLS
    /// setup, never later.
    pub fn new(settings: &MailSettings) -> anyhow::Result<Self> {
        let from: Mailbox = settings
            .from
            .parse()
            .map_err(|e| anyhow::anyhow!("mail.from {:?} is not a mailbox: {e}", settings.from))?;
        let domain = from.email.domain().to_owned();
        let host = settings.smtp_host.trim().to_owned();
        let tls = match settings.tls {
            MailTls::None => Tls::None,
            MailTls::Starttls => Tls::Required(TlsParameters::new(host.clone())?),
            MailTls::Tls => Tls::Wrapper(TlsParameters::new(host.clone())?),
        };
        let mut builder = AsyncSmtpTransport::<Tokio1Executor>::builder_dangerous(host)
            .port(settings.smtp_port)
            .tls(tls)
            .hello_name(ClientId::Domain(domain.clone()))
            .timeout(Some(Duration::from_millis(settings.timeout_ms.max(1))));
        if let Some(user) = settings.username.as_deref().filter(|u| !u.is_empty()) {
            let password = settings
                .password
                .as_ref()
                .map(|p| p.expose_secret().to_owned())
                .unwrap_or_default();
            builder = builder.credentials(Credentials::new(user.to_owned(), password));
        }
        Ok(SmtpMailer {
            transport: builder.build(),
            from,
            domain,
        })
    }

    fn message(&self, mail: &OutgoingMail) -> Result<Message, MailError> {
        let mut builder = Message::builder()
            .from(self.from.clone())
            .message_id(Some(mail.message_id.clone()))
            .subject(mail.subject.clone());
        for to in &mail.to {
            let mailbox: Mailbox = to
                .parse()
                .map_err(|e| MailError::Rejected(format!("a recipient is malformed: {e}")))?;
            builder = builder.to(mailbox);
        }
        // Base64: Chinese text survives every relay, and lines never exceed the limits.
        let body = SinglePart::builder()
            .header(ContentType::TEXT_PLAIN)
            .header(ContentTransferEncoding::Base64)
            .body(mail.text.clone());
        builder
            .singlepart(body)
            .map_err(|e| MailError::Rejected(format!("the message cannot be built: {e}")))
    }
}

/// What went wrong, without the server's reply text: it may repeat a recipient's address,
/// and this text reaches the task's log.
fn describe(e: &lettre::transport::smtp::Error) -> String {
    if let Some(code) = e.status() {
        format!("the SMTP server answered {code}")
    } else if e.is_timeout() {
        "the SMTP conversation timed out".into()
    } else if e.is_tls() {
        "TLS with the SMTP server failed".into()
    } else if e.is_response() {
        "the SMTP server answered something unreadable".into()
    } else {
        // Connection errors name only the host and the OS error.
        format!("cannot talk to the SMTP server: {e}")
    }
}

#[async_trait::async_trait]
impl Mailer for SmtpMailer {
    async fn send(&self, mail: &OutgoingMail) -> Result<(), MailError> {
        let message = self.message(mail)?;
        match self.transport.send(message).await {
            Ok(_) => Ok(()),
            Err(e) if e.is_permanent() => Err(MailError::Rejected(describe(&e))),
            Err(e) => Err(MailError::Unavailable(describe(&e))),
        }
    }

    fn domain(&self) -> &str {
        &self.domain
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_sender_names_the_message_id_domain_and_a_bad_one_fails_at_start() {
        let settings = MailSettings::default();
        let mailer = SmtpMailer::new(&settings).expect("the default sender parses");
        assert_eq!(mailer.domain(), "rtp.localhost");
        let bad = MailSettings {
            from: "not an address".into(),
            ..MailSettings::default()
        };
        assert!(SmtpMailer::new(&bad).is_err());
    }

    #[test]
    fn tls_to_a_relay_is_set_up_at_start() {
        for tls in [MailTls::Starttls, MailTls::Tls] {
            let settings = MailSettings {
                smtp_host: "smtp.example.org".into(),
                smtp_port: 587,
                tls,
                username: Some("rtp".into()),
                password: Some("secret".to_owned().into()),
                ..MailSettings::default()
            };
            assert!(SmtpMailer::new(&settings).is_ok(), "{tls:?}");
        }
    }

    #[test]
    fn a_message_carries_the_given_id_every_recipient_and_a_base64_body() {
        let mailer = SmtpMailer::new(&MailSettings::default()).expect("mailer");
        let mail = OutgoingMail {
            message_id: "<notice.abc@rtp.localhost>".into(),
            to: vec!["a@example.org".into(), "b@example.org".into()],
            subject: "职保会审核通过".into(),
            text: "批次号：TXZY202611300001".into(),
        };
        let raw = String::from_utf8(mailer.message(&mail).expect("built").formatted())
            .expect("ASCII on the wire");
        assert!(
            raw.contains("Message-ID: <notice.abc@rtp.localhost>"),
            "{raw}"
        );
        assert!(raw.contains("a@example.org") && raw.contains("b@example.org"));
        assert!(raw.contains("Content-Transfer-Encoding: base64"));
        let bad = OutgoingMail {
            to: vec!["nobody".into()],
            ..mail
        };
        assert!(matches!(mailer.message(&bad), Err(MailError::Rejected(_))));
    }
}
