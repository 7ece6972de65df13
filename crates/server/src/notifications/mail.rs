//! A notice as a mail: the subject and body of the in-app notice, a footer with the
//! platform's address and the help lines, and a Message-ID derived from the notice's id,
//! so that every attempt at the same notice is the same message.

use uuid::Uuid;

use crate::app::config::MailSettings;
use crate::entities::notification;
use crate::interfaces::OutgoingMail;

/// The Message-ID of notice `id`'s mail: the same on every attempt.
pub fn message_id(id: Uuid, domain: &str) -> String {
    format!("<notice.{}@{domain}>", id.simple())
}

/// The mail of notice `n` to `to`.
pub fn compose(
    n: &notification::Model,
    to: Vec<String>,
    domain: &str,
    settings: &MailSettings,
) -> OutgoingMail {
    let text = format!(
        "{body}\n\n-- \n请登录“退休住院计划”单位团体线上参保平台查看：{url}\n\
此邮件由系统自动发送，请勿直接回复。\n\
系统线上操作咨询：王老师 18019450397；参保业务咨询：12351 热线。\n",
        body = n.body,
        url = settings.app_url,
    );
    OutgoingMail {
        message_id: message_id(n.id, domain),
        to,
        subject: format!("【退休住院计划】{}", n.subject),
        text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_message_id_depends_on_the_notice_only() {
        let id = Uuid::new_v4();
        assert_eq!(message_id(id, "x.org"), message_id(id, "x.org"));
        assert_ne!(message_id(id, "x.org"), message_id(Uuid::new_v4(), "x.org"));
        assert!(
            message_id(id, "x.org").starts_with("<notice.")
                && message_id(id, "x.org").ends_with("@x.org>")
        );
    }
}
