//! Row-by-row import errors (导入失败原因).

use std::fmt;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::cells::CellError;
use super::header::Column;
use crate::id_number::{IdNumberError, Sex};
use crate::mobile::MobileError;
use crate::name::NameError;

/// The batch of this plan year that already holds a person (参保批次号), and whether it is
/// the operator's own unit's: another unit's batch is named by its number only.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct EnrolledIn {
    /// 批次号 (`TXZY…`).
    pub batch_no: String,
    /// The batch is the same unit's.
    pub own_unit: bool,
}

impl fmt::Display for EnrolledIn {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let whose = if self.own_unit {
            "本单位"
        } else {
            "其他单位"
        };
        write!(
            f,
            "该人员已在本保障年度{whose}的参保批次{}中参保，不能重复参保",
            self.batch_no
        )
    }
}

/// What is wrong with a row or with the file (导入错误原因).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum RowErrorKind {
    /// A `*` cell is empty.
    #[error("{}为必填项，不能为空", .0.label_zh())]
    Required(Column),
    /// Birth date or sex missing on a 非身份证 row.
    #[error("证件类型为非身份证时，{}为必填项", .0.label_zh())]
    RequiredForOtherDocument(Column),
    /// 证件类型 is neither 身份证 nor 非身份证.
    #[error("证件类型“{0}”无效，请填写“身份证”或“非身份证”")]
    UnknownDocumentType(String),
    /// The name is invalid.
    #[error("姓名无效：{0}")]
    Name(NameError),
    /// The document number is invalid.
    #[error("{0}")]
    IdNumber(IdNumberError),
    /// The birth date cell cannot be read.
    #[error("{0}")]
    Date(CellError),
    /// The birth date lies in the future.
    #[error("出生日期不能晚于今天")]
    BirthDateInFuture,
    /// The sex cell is neither 男 nor 女.
    #[error("性别“{0}”无效，请填写“男”或“女”")]
    InvalidSex(String),
    /// The birth date disagrees with the resident ID.
    #[error("出生日期与身份证号码不一致（身份证号码中为{from_id}）")]
    BirthDateMismatch {
        /// Birth date encoded in the ID.
        from_id: NaiveDate,
    },
    /// The sex disagrees with the resident ID.
    #[error("性别与身份证号码不一致（身份证号码中为{}）", .from_id.label_zh())]
    SexMismatch {
        /// Sex encoded in the ID.
        from_id: Sex,
    },
    /// An invalid mobile on a manually entered person.
    #[error("{0}")]
    Mobile(MobileError),
    /// The document number repeats in the file.
    #[error("证件号码与第{first_row}行重复")]
    DuplicateIdInFile {
        /// Row where it first appears.
        first_row: u32,
    },
    /// The mobile repeats in the file or batch.
    #[error("手机号与第{first_row}行重复，手机号不能重复")]
    DuplicateMobile {
        /// Row where it first appears.
        first_row: u32,
    },
    /// The mobile is already used by someone in this batch.
    #[error("手机号已被本批次其他参保人员使用，手机号不能重复")]
    MobileAlreadyInBatch,
    /// The person is in another batch of this plan year: the message names it, so the
    /// operator knows where to look.
    #[error("{0}")]
    AlreadyEnrolled(EnrolledIn),
    /// The person is already in this batch.
    #[error("该人员已在本批次参保名单中")]
    AlreadyInBatch,
    /// Too few valid mobiles (file-level).
    #[error("有效手机号{valid}个，共{total}人，有效手机号需达到{required_percent}%以上")]
    MobileShareTooLow {
        /// Valid mobiles.
        valid: usize,
        /// People in the file.
        total: usize,
        /// Required share.
        required_percent: u32,
    },
    /// The file holds no people (file-level).
    #[error("导入文件中没有参保人员")]
    EmptyRoster,
}

/// One reason an import or entry was refused, with its row (`None` = the whole file) and
/// column (导入错误).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    /// Spreadsheet row number, as the operator sees it; `None` for file-level errors.
    pub row: Option<u32>,
    /// Column concerned, if one.
    pub column: Option<Column>,
    /// What is wrong.
    pub reason: RowErrorKind,
}

impl RowError {
    /// An error in a row.
    pub fn at(row: u32, column: Option<Column>, reason: RowErrorKind) -> RowError {
        RowError {
            row: Some(row),
            column,
            reason,
        }
    }

    /// A file-level error.
    pub fn file(column: Option<Column>, reason: RowErrorKind) -> RowError {
        RowError {
            row: None,
            column,
            reason,
        }
    }
}

impl fmt::Display for RowError {
    /// `第3行【证件号码】：身份证号码校验位错误，请核对号码`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(row) = self.row {
            write!(f, "第{row}行")?;
            if let Some(c) = self.column {
                write!(f, "【{}】", c.label_zh())?;
            }
            write!(f, "：")?;
        }
        write!(f, "{}", self.reason)
    }
}

impl std::error::Error for RowError {}

/// Serializable summary for the API (`{row, column, message}`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowErrorReport {
    /// Row, `None` for the file.
    pub row: Option<u32>,
    /// Column concerned.
    pub column: Option<Column>,
    /// Chinese message of the reason.
    pub message: String,
}

impl From<&RowError> for RowErrorReport {
    fn from(e: &RowError) -> Self {
        RowErrorReport {
            row: e.row,
            column: e.column,
            message: e.reason.to_string(),
        }
    }
}
