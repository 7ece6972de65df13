//! 参保批次: opening a batch inside its window, the batch list, one batch, deletion, and
//! the payment method (wizard step ①). Every status decision comes from the domain's
//! state machine (`BatchStatus::apply`); who may act from `BatchAction::permits`.

pub mod access;
pub mod create;
pub mod error;
pub mod payment_method;
pub mod routes;
pub mod service;
pub mod view;

pub use error::{BatchError, BatchResult};
