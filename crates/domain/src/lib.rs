//! Business rules of the Shanghai retiree hospitalization plan (退休住院计划) group
//! enrollment platform: pure types and functions, no I/O, no clock (callers pass `now`).
//! Builds for wasm32 so the SPA shares the same rules as the server.

#![warn(missing_docs)]

pub mod application;
pub mod batch;
pub mod batch_no;
pub mod credit_code;
pub mod email;
pub mod fees;
pub mod id_number;
pub mod mobile;
pub mod money;
pub mod name;
pub mod password;
pub mod plan_year;
pub mod postcode;
pub mod ratio;
pub mod review;
pub mod roster;
pub mod statistics;
pub mod verification;
pub mod voucher;
pub mod withholding;
pub mod year_month;

mod text;

pub use application::{
    ApplicationAction, ApplicationKind, ApplicationRefusal, ApplicationStatus, RejectReasonError,
};
pub use batch::{
    Actor, BatchAction, BatchContext, BatchRefusal, BatchStatus, PaymentMethod, Transition,
};
pub use batch_no::{BatchNo, BatchNoError};
pub use credit_code::{CreditCode, CreditCodeError};
pub use email::{Email, EmailError};
pub use fees::FeeError;
pub use id_number::{DocumentType, IdNumber, IdNumberError, Sex};
pub use mobile::{Mobile, MobileError};
pub use money::{Fen, MoneyError, WithholdingAmount};
pub use name::{NameError, PersonName, UnitName};
pub use password::{check_password_policy, PasswordError};
pub use plan_year::{BatchKind, Coverage, NewBatchError, PlanYear, PlanYearError, WindowError};
pub use postcode::{Postcode, PostcodeError};
pub use ratio::Ratio;
pub use roster::{RosterEntry, RowError, RowErrorKind};
pub use text::is_refused_in_text;
pub use verification::{DeductionType, NoSsReason, VerificationOutcome};
pub use voucher::VoucherError;
pub use year_month::YearMonth;
