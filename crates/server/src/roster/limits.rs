//! The import's limits (`[import]` in the config) and the refusals they produce. Every
//! limit is checked before the memory it protects is allocated, so that a small hostile
//! workbook cannot make the server allocate or work in proportion to what it *declares*
//! (a dimension of A1:XFD1048576, a billion shared strings, a zip bomb) rather than to
//! what an honest roster of the accepted size needs.

use api_types::ImportErrorOut;
use serde::Deserialize;

/// Limits of a roster import (导入限制).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(default)]
pub struct ImportLimits {
    /// People a file may hold: no cell may sit below sheet row `max_rows + 1` (the header
    /// takes a row).
    pub max_rows: u32,
    /// No cell may sit right of this column (the template has 6).
    pub max_columns: u32,
    /// Longest cell text, in characters (a name, an ID and a mobile are far shorter).
    pub max_cell_chars: usize,
    /// Errors listed in the JSON answer of a refused file; the downloadable error report
    /// carries all of them.
    pub max_errors_in_answer: usize,
    /// Worksheets in a workbook.
    pub max_sheets: usize,
    /// Entries of the shared-strings table of an .xlsx (or the SST of an .xls).
    pub max_shared_strings: usize,
    /// Files inside an .xlsx (a zip).
    pub max_parts: usize,
    /// Size of one file of an .xlsx once inflated, in bytes.
    pub max_part_bytes: u64,
    /// Size of all files of an .xlsx once inflated, in bytes.
    pub max_unpacked_bytes: u64,
    /// Inflated / compressed size above which a file of more than 1 MiB is a zip bomb.
    pub max_compression_ratio: u64,
    /// Nesting of XML elements (a worksheet needs 6).
    pub max_xml_depth: usize,
}

impl Default for ImportLimits {
    fn default() -> Self {
        ImportLimits {
            max_rows: 100_000,
            max_columns: 32,
            max_cell_chars: 200,
            max_errors_in_answer: 200,
            max_sheets: 32,
            max_shared_strings: 1_000_000,
            max_parts: 1000,
            max_part_bytes: 128 * 1024 * 1024,
            max_unpacked_bytes: 256 * 1024 * 1024,
            max_compression_ratio: 200,
            max_xml_depth: 64,
        }
    }
}

impl ImportLimits {
    /// Characters of text all cells of an .xls may hold together: calamine copies every
    /// shared string into each cell that refers to it, so one long string referenced by
    /// every cell would otherwise multiply. 320 characters a row is ten times what a
    /// roster row needs.
    pub fn max_text_chars(&self) -> u64 {
        u64::from(self.max_rows).saturating_add(1) * 320
    }

    /// Cells the bounding boxes of all sheets of an .xls may cover together (calamine
    /// allocates each sheet's box): one full sheet and as much again for the others.
    pub fn max_box_cells(&self) -> u64 {
        (u64::from(self.max_rows) + 1) * u64::from(self.max_columns) * 2
    }
}

/// A refusal of the whole file (no row).
pub fn file_refusal(message: impl Into<String>) -> ImportErrorOut {
    ImportErrorOut {
        row: None,
        column: None,
        column_label: None,
        message: message.into(),
    }
}

/// The file is not a workbook we read.
pub fn unreadable() -> ImportErrorOut {
    file_refusal("无法读取导入文件，请上传参保名单导入模板格式的 .xlsx 或 .xls 文件")
}

/// The file is a workbook whose structure is broken or suspicious.
pub fn malformed(what: &str) -> ImportErrorOut {
    file_refusal(format!(
        "导入文件结构异常（{what}），请用 Excel 或 WPS 另存为 .xlsx 后重新导入"
    ))
}

/// A row beyond the limit.
pub fn too_many_rows(limits: &ImportLimits, row_number: u32) -> ImportErrorOut {
    file_refusal(format!(
        "导入文件超过{}行的上限（第{row_number}行有内容），请拆分为多个批次导入",
        limits.max_rows
    ))
}

/// A column beyond the limit.
pub fn too_many_columns(limits: &ImportLimits, column_number: u32) -> ImportErrorOut {
    file_refusal(format!(
        "导入文件超过{}列的上限（第{column_number}列有内容），请使用参保名单导入模板",
        limits.max_columns
    ))
}

/// A cell with too much text.
pub fn cell_too_long(limits: &ImportLimits, row_number: u32, column_number: u32) -> ImportErrorOut {
    ImportErrorOut {
        row: Some(row_number),
        ..file_refusal(format!(
            "第{row_number}行第{column_number}列的内容超过{}个字符的上限",
            limits.max_cell_chars
        ))
    }
}

/// The inflated workbook (or one file of it, `cap_bytes` being that limit) is too large:
/// a roster of the accepted size is a fraction of it, so the people are named too.
pub fn unpacked_too_large(limits: &ImportLimits, cap_bytes: u64) -> ImportErrorOut {
    file_refusal(format!(
        "导入文件解压后超过{}MB的上限（参保人员不能超过{}人），请删除多余内容或拆分为多个批次导入",
        cap_bytes / (1024 * 1024),
        limits.max_rows
    ))
}

/// Too many worksheets.
pub fn too_many_sheets(limits: &ImportLimits) -> ImportErrorOut {
    file_refusal(format!(
        "导入文件的工作表超过{}个的上限，请只保留参保名单工作表",
        limits.max_sheets
    ))
}

/// Too many shared strings.
pub fn too_many_strings(limits: &ImportLimits) -> ImportErrorOut {
    file_refusal(format!(
        "导入文件的共享字符串超过{}个的上限",
        limits.max_shared_strings
    ))
}

/// Too much text in an .xls.
pub fn too_much_text(limits: &ImportLimits) -> ImportErrorOut {
    file_refusal(format!(
        "导入文件的文字总量超过{}个字符的上限",
        limits.max_text_chars()
    ))
}

/// A password-protected workbook.
pub fn encrypted() -> ImportErrorOut {
    file_refusal("导入文件设有密码，请取消密码后重新导入")
}
