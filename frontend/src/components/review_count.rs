//! The number beside 参保批次审核 in the reviewer's menu (batches awaiting a decision): read
//! again on every navigation and after every decision.

use leptos::prelude::*;

/// Asks the menu to read the count again; cheap to copy. Provided by `App`.
#[derive(Debug, Clone, Copy)]
pub struct ReviewCount(RwSignal<u32>);

impl ReviewCount {
    /// A fresh count.
    pub fn new() -> Self {
        ReviewCount(RwSignal::new(0))
    }

    /// Something was decided or submitted: read the count again.
    pub fn refresh(&self) {
        self.0.update(|n| *n = n.wrapping_add(1));
    }

    /// Tracks refreshes (for the menu's resource).
    pub fn track(&self) {
        self.0.track();
    }
}

impl Default for ReviewCount {
    fn default() -> Self {
        ReviewCount::new()
    }
}

/// The count provided by `App`.
pub fn use_review_count() -> ReviewCount {
    expect_context::<ReviewCount>()
}
