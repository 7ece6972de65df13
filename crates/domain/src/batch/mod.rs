//! Batch (参保批次) life cycle: statuses, actions and the one transition function.

mod action;
mod machine;
mod status;

pub use action::{Actor, BatchAction};
pub use machine::{BatchContext, BatchRefusal, Transition};
pub use status::{BatchStatus, PaymentMethod};
