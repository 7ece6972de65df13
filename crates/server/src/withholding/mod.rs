//! 代扣申请 (wizard step ⑥, withholding batches): the application freezes the list of
//! 可代扣 people; the association accepts it (one working day later, or a reviewer
//! earlier), which makes the 代扣受理单 available and sends the list to the bank in
//! idempotent requests; the bank's per-person results are collected (polled, or at once
//! on its callback) and recorded once; failed people are kept or deleted while every
//! ratio holds; 参保名单确定 fixes what the unit pays.

pub mod apply;
pub mod confirm;
pub mod failed;
pub mod routes;
pub mod slip;
pub mod tasks;
pub mod view;

use std::path::PathBuf;

use serde::Deserialize;

/// `[withholding]` settings.
#[derive(Debug, Clone, Deserialize)]
#[serde(default)]
pub struct WithholdingSettings {
    /// Seconds between two questions to the bank about results not ready yet.
    pub poll_seconds: i64,
    /// People per bank request (the bank takes a bounded number).
    pub bank_max_people: usize,
    /// Where the bank POSTs its notice that results are ready (`…/api/callbacks/bank`);
    /// unset: results are only polled.
    pub callback_url: Option<String>,
    /// The font of the 代扣受理单 (TrueType or a collection; face 0 is used).
    pub slip_font: PathBuf,
}

impl Default for WithholdingSettings {
    fn default() -> Self {
        WithholdingSettings {
            poll_seconds: 5,
            bank_max_people: 5000,
            callback_url: None,
            slip_font: PathBuf::from("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc"),
        }
    }
}
