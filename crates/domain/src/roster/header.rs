//! The import template's header row, matched by name rather than position.

use serde::{Deserialize, Serialize};

use crate::text::half_width;

/// A column of the roster template (参保名单模板列).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Column {
    /// *姓名
    Name,
    /// *证件类型
    DocType,
    /// *证件号码
    IdNumber,
    /// 出生日期 (required for 非身份证)
    BirthDate,
    /// 性别 (required for 非身份证)
    Sex,
    /// *手机号
    Mobile,
}

impl Column {
    /// All columns in template order.
    pub const ALL: [Column; 6] = [
        Column::Name,
        Column::DocType,
        Column::IdNumber,
        Column::BirthDate,
        Column::Sex,
        Column::Mobile,
    ];

    /// The template's column name without `*` or hints.
    pub fn label_zh(&self) -> &'static str {
        match self {
            Column::Name => "姓名",
            Column::DocType => "证件类型",
            Column::IdNumber => "证件号码",
            Column::BirthDate => "出生日期",
            Column::Sex => "性别",
            Column::Mobile => "手机号",
        }
    }

    /// The full header cell of the downloadable template.
    pub fn template_header(&self) -> &'static str {
        match self {
            Column::Name => "*姓名",
            Column::DocType => "*证件类型(身份证、非身份证)",
            Column::IdNumber => "*证件号码",
            Column::BirthDate => "出生日期(非身份证类型为必填) 格式例如(1990-01-01)",
            Column::Sex => "性别(非身份证类型为必填)",
            Column::Mobile => "*手机号(有效手机号需达到50%以上)",
        }
    }

    fn from_header_name(name: &str) -> Option<Column> {
        match name {
            "姓名" => Some(Column::Name),
            "证件类型" => Some(Column::DocType),
            "证件号码" | "证件号" => Some(Column::IdNumber),
            "出生日期" => Some(Column::BirthDate),
            "性别" => Some(Column::Sex),
            "手机号" | "手机号码" => Some(Column::Mobile),
            _ => None,
        }
    }
}

/// Why the header row does not match the template (模板格式不一致).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HeaderError {
    /// A template column is missing.
    #[error("导入文件缺少“{}”列，请使用参保名单导入模板，保持模板表格格式不变", .0.label_zh())]
    MissingColumn(Column),
    /// A column appears twice.
    #[error("导入文件中“{}”列重复", .0.label_zh())]
    DuplicateColumn(Column),
    /// A header cell that is not in the template.
    #[error("导入文件第{position}列“{name}”不是模板中的列，请保持模板表格格式不变")]
    UnknownColumn {
        /// 1-based column position.
        position: usize,
        /// The header text.
        name: String,
    },
}

/// Where each template column sits in the uploaded sheet (0-based positions).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ColumnMap {
    positions: [usize; 6],
}

impl ColumnMap {
    /// 0-based position of a column.
    pub fn position(&self, column: Column) -> usize {
        self.positions[column as usize]
    }

    /// The cell of `column` in a data row, `None` when absent or blank.
    pub fn cell<'a>(&self, cells: &'a [String], column: Column) -> Option<&'a str> {
        cells
            .get(self.position(column))
            .map(|s| s.as_str())
            .filter(|s| !s.trim().is_empty())
    }
}

/// Reduces a header cell to its leading name: `*证件类型(身份证、非身份证)` → `证件类型`.
fn header_name(cell: &str) -> String {
    let s = half_width(cell);
    let s = s.trim().trim_start_matches('*').trim();
    let s = s.split(['(', '（']).next().unwrap_or_default();
    s.chars().filter(|c| !c.is_whitespace()).collect()
}

/// Matches the header row by column name; blank trailing cells are ignored.
pub fn check_header(cells: &[String]) -> Result<ColumnMap, HeaderError> {
    let mut found: [Option<usize>; 6] = [None; 6];
    for (i, cell) in cells.iter().enumerate() {
        let name = header_name(cell);
        if name.is_empty() {
            continue;
        }
        let column = Column::from_header_name(&name).ok_or(HeaderError::UnknownColumn {
            position: i + 1,
            name: cell.trim().to_owned(),
        })?;
        let slot = &mut found[column as usize];
        if slot.is_some() {
            return Err(HeaderError::DuplicateColumn(column));
        }
        *slot = Some(i);
    }
    let mut positions = [0usize; 6];
    for column in Column::ALL {
        positions[column as usize] =
            found[column as usize].ok_or(HeaderError::MissingColumn(column))?;
    }
    Ok(ColumnMap { positions })
}
