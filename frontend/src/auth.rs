//! The login session (登录会话): access token, its expiry and the current account.
//!
//! The session lives in `localStorage` so that a reload or a deep link keeps the user logged in,
//! and in a context signal so that the whole app reacts when it changes.

use api_types::{LoginOut, MeOut};
use chrono::{DateTime, FixedOffset};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// Key of the stored session in `localStorage`.
const STORAGE_KEY: &str = "rtp.session";

/// Treat a token as expired this long before the server would, so a request never races it.
const EXPIRY_SKEW_MS: f64 = 5_000.0;

/// What is kept between page loads.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// Sent as `Authorization: Bearer <token>`.
    pub access_token: String,
    /// When the server stops accepting the token.
    pub expires_at: DateTime<FixedOffset>,
    /// The logged-in account.
    pub me: MeOut,
}

impl Session {
    /// True when the token is (about to be) past its expiry.
    pub fn is_expired(&self) -> bool {
        // Precision loss is irrelevant for millisecond timestamps of this era.
        #[allow(clippy::cast_precision_loss)]
        let expires_ms = self.expires_at.timestamp_millis() as f64;
        expires_ms - EXPIRY_SKEW_MS <= js_sys::Date::now()
    }
}

impl From<LoginOut> for Session {
    fn from(out: LoginOut) -> Self {
        Session {
            access_token: out.access_token,
            expires_at: out.expires_at,
            me: out.me,
        }
    }
}

/// The app-wide auth state, shared through context (`use_auth()`).
#[derive(Debug, Clone, Copy)]
pub struct Auth {
    session: RwSignal<Option<Session>>,
    /// Set when the session ended because the token expired (not by 退出登录), so the login
    /// page can say "登录已过期，请重新登录".
    expired: RwSignal<bool>,
}

impl Auth {
    /// Restores the stored session; an expired one is dropped and flagged.
    pub fn load() -> Self {
        let stored = read_storage();
        let expired = stored.as_ref().is_some_and(Session::is_expired);
        if expired {
            write_storage(None);
        }
        Auth {
            session: RwSignal::new(stored.filter(|s| !s.is_expired())),
            expired: RwSignal::new(expired),
        }
    }

    /// The current account (reactive).
    pub fn me(&self) -> Option<MeOut> {
        self.session.with(|s| s.as_ref().map(|s| s.me.clone()))
    }

    /// True while someone is logged in (reactive).
    pub fn is_logged_in(&self) -> bool {
        self.session.with(Option::is_some)
    }

    /// True when the last session ended by expiry (reactive).
    pub fn was_expired(&self) -> bool {
        self.expired.get()
    }

    /// The bearer token, read without tracking (for API calls).
    pub fn token(&self) -> Option<String> {
        self.session
            .with_untracked(|s| s.as_ref().map(|s| s.access_token.clone()))
    }

    /// Stores a fresh login (also after a password change, which issues a new token).
    pub fn sign_in(&self, out: LoginOut) {
        let session = Session::from(out);
        write_storage(Some(&session));
        self.expired.set(false);
        self.session.set(Some(session));
    }

    /// Replaces the account data after `GET /api/me`, keeping the token.
    pub fn update_me(&self, me: MeOut) {
        let mut changed = None;
        self.session.update(|s| {
            if let Some(s) = s {
                if s.me != me {
                    s.me = me;
                    changed = Some(s.clone());
                }
            }
        });
        if let Some(s) = changed {
            write_storage(Some(&s));
        }
    }

    /// Marks that the server demands a password change before anything else.
    pub fn require_password_change(&self) {
        let current = self
            .session
            .with_untracked(|s| s.as_ref().map(|s| s.me.clone()));
        if let Some(mut me) = current {
            me.must_change_password = true;
            self.update_me(me);
        }
    }

    /// 退出登录: forgets the session.
    pub fn sign_out(&self) {
        write_storage(None);
        self.expired.set(false);
        self.session.set(None);
    }

    /// Ends the session because the server refused the token or it ran out.
    pub fn expire(&self) {
        if self.session.with_untracked(Option::is_some) {
            write_storage(None);
            self.expired.set(true);
            self.session.set(None);
        }
    }

    /// Expires the session when its `expires_at` has passed; returns true if it did.
    pub fn check_expiry(&self) -> bool {
        let expired = self
            .session
            .with_untracked(|s| s.as_ref().is_some_and(Session::is_expired));
        if expired {
            self.expire();
        }
        expired
    }
}

/// The auth state provided by `App`.
pub fn use_auth() -> Auth {
    expect_context::<Auth>()
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window().and_then(|w| w.local_storage().ok().flatten())
}

fn read_storage() -> Option<Session> {
    let raw = storage()?.get_item(STORAGE_KEY).ok().flatten()?;
    // A session written by an older build may no longer parse: treat it as logged out.
    serde_json::from_str(&raw).ok()
}

fn write_storage(session: Option<&Session>) {
    let Some(storage) = storage() else { return };
    // Storage can refuse writes (private mode, quota); the in-memory session still works.
    let _ = match session.and_then(|s| serde_json::to_string(s).ok()) {
        Some(raw) => storage.set_item(STORAGE_KEY, &raw),
        None => storage.remove_item(STORAGE_KEY),
    };
}
