//! Roster (参保名单) import and manual entry: header check, cell parsing, validation.

mod cells;
mod errors;
mod header;
pub mod renewal;
mod validate;

pub use cells::{parse_date_cell, CellError};
pub use errors::{EnrolledIn, RowError, RowErrorKind, RowErrorReport};
pub use header::{check_header, Column, ColumnMap, HeaderError};
pub use validate::{
    validate_person, validate_roster, KnownPeople, RawRow, RosterEntry, RosterRules,
};
