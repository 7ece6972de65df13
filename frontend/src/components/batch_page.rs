//! What a page of one batch (`/unit/batches/:id`, `/review/…/:id`) reads by: the batch id in
//! the path, an epoch bumped to read everything again (after a change, a conflict, a
//! decision), the batch kept for the page's panels; on a reviewer's page, the submission
//! pending a decision.

use std::future::Future;

use api_types::{BatchOut, ReviewOut, ReviewStatusKey};
use leptos::prelude::*;
use leptos_router::hooks::use_params_map;
use uuid::Uuid;

use crate::api::ApiError;
use crate::components::banner::Notice;

/// The batch a page is about; cheap to copy.
#[derive(Debug, Clone, Copy)]
pub struct BatchInPath {
    id: Memo<Option<Uuid>>,
    epoch: RwSignal<u32>,
    /// Said when the path names no batch (where to open one from).
    missing: &'static str,
}

impl BatchInPath {
    /// The batch in the path's `id`; `missing` is the error when there is none.
    pub fn from_path(missing: &'static str) -> Self {
        let params = use_params_map();
        let id = Memo::new(move |_| {
            params
                .get()
                .get("id")
                .and_then(|raw| Uuid::parse_str(&raw).ok())
        });
        BatchInPath {
            id,
            epoch: RwSignal::new(0),
            missing,
        }
    }

    /// What `load` answers for the batch, read again at each reload.
    pub fn load<T, Fut>(
        &self,
        load: impl Fn(Uuid) -> Fut + 'static,
    ) -> LocalResource<Result<T, ApiError>>
    where
        T: 'static,
        Fut: Future<Output = Result<T, ApiError>> + 'static,
    {
        let (id, epoch, missing) = (self.id, self.epoch, self.missing);
        LocalResource::new(move || {
            epoch.track();
            let loading = id.get().map(&load);
            async move {
                match loading {
                    Some(loading) => loading.await,
                    None => Err(ApiError::local(missing)),
                }
            }
        })
    }

    /// Reads everything loaded through `load` again.
    pub fn reload(&self) -> Callback<()> {
        let epoch = self.epoch;
        Callback::new(move |_| epoch.update(|n| *n = n.wrapping_add(1)))
    }
}

/// The batch `loaded` answers, kept for the page's panels, which replace it with each newer
/// version they are answered; a failure to load goes to `notice`.
pub fn kept_batch(
    loaded: LocalResource<Result<BatchOut, ApiError>>,
    notice: Notice,
) -> RwSignal<Option<BatchOut>> {
    let batch = RwSignal::new(None::<BatchOut>);
    Effect::new(move |_| match loaded.get() {
        Some(Ok(b)) => batch.set(Some(b)),
        Some(Err(e)) => notice.error(e),
        None => {}
    });
    batch
}

/// The review rounds loaded in `history`, oldest first (none until loaded or after an error).
pub fn reviews_of(
    history: LocalResource<Result<Vec<ReviewOut>, ApiError>>,
) -> Signal<Vec<ReviewOut>> {
    Signal::derive(move || history.get().and_then(Result::ok).unwrap_or_default())
}

/// The latest round while it is pending and the batch `under_review`: the one to decide.
pub fn pending_of(
    reviews: Signal<Vec<ReviewOut>>,
    under_review: impl Fn() -> bool + Send + Sync + 'static,
) -> Memo<Option<ReviewOut>> {
    Memo::new(move |_| {
        let under_review = under_review();
        reviews
            .with(|r| r.last().cloned())
            .filter(|l| under_review && l.status == ReviewStatusKey::Pending)
    })
}
