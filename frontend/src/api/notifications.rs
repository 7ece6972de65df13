//! 消息提醒: the caller's own notices, the unread count, marking read.

use api_types::{NotificationOut, NotificationQuery, Page, ReadAllOut, UnreadCountOut};
use uuid::Uuid;

use super::{Api, ApiError, Call};

/// The calls of `/api/notifications…`.
#[derive(Debug, Clone, Copy)]
pub struct NotificationsApi(Api);

impl Api {
    /// Notices.
    pub fn notifications(self) -> NotificationsApi {
        NotificationsApi(self)
    }
}

impl NotificationsApi {
    /// `GET /api/notifications`, newest first.
    pub async fn list(self, query: &NotificationQuery) -> Result<Page<NotificationOut>, ApiError> {
        self.0.json(Call::get("/notifications").query(query)).await
    }

    /// `GET /api/notifications/unread-count` (the top bar's badge).
    pub async fn unread(self) -> Result<UnreadCountOut, ApiError> {
        self.0.json(Call::get("/notifications/unread-count")).await
    }

    /// `POST /api/notifications/{id}/read` (标为已读; again changes nothing).
    pub async fn mark_read(self, id: Uuid) -> Result<NotificationOut, ApiError> {
        self.0
            .json(Call::post(format!("/notifications/{id}/read")))
            .await
    }

    /// `POST /api/notifications/read-all` (全部标为已读).
    pub async fn mark_all_read(self) -> Result<ReadAllOut, ApiError> {
        self.0.json(Call::post("/notifications/read-all")).await
    }
}
