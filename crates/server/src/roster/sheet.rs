//! Reading an uploaded roster workbook (.xlsx or .xls, from Excel, WPS or LibreOffice)
//! into the domain's raw rows: the header is matched by name, cells become text.
//!
//! Nothing here allocates in proportion to what a file declares. An .xlsx is checked by
//! [`xlsx_guard`](super::xlsx_guard) and then streamed cell by cell (calamine's cell
//! reader: no rows × columns grid); an .xls is checked by
//! [`xls_guard`](super::xls_guard) and handed to calamine in a container we wrote. Every
//! cell is held to the row, column and text limits before it is kept, and only the
//! header's columns are kept.

use std::io::Cursor;
use std::panic::{catch_unwind, AssertUnwindSafe};

use api_types::ImportErrorOut;
use calamine::{Data, DataRef, ExcelDateTime, Reader, Xls, XlsError, Xlsx, XlsxError};
use domain::roster::{check_header, Column, ColumnMap, RawRow};

use super::limits::{
    cell_too_long, encrypted, file_refusal, malformed, too_many_columns, too_many_rows, unreadable,
    ImportLimits,
};
use super::{cfb, xls_guard, xlsx_guard};

/// What reading a file cost.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct ReadStats {
    /// Bytes inflated from an .xlsx (0 for an .xls).
    pub inflated_bytes: u64,
    /// Cells read from the first sheet, empty ones included.
    pub cells: u64,
}

/// The data rows of the first worksheet under the default limits.
pub fn read_roster(bytes: Vec<u8>) -> Result<Vec<RawRow>, Vec<ImportErrorOut>> {
    read_roster_with(&bytes, &ImportLimits::default()).map(|(rows, _)| rows)
}

/// The data rows of the first worksheet, or why the file cannot be read as a roster.
/// Never panics: a panic inside the workbook parser becomes an unreadable file.
pub fn read_roster_with(
    bytes: &[u8],
    limits: &ImportLimits,
) -> Result<(Vec<RawRow>, ReadStats), Vec<ImportErrorOut>> {
    match catch_unwind(AssertUnwindSafe(|| read_roster_uncaught(bytes, limits))) {
        Ok(result) => result,
        Err(_) => {
            tracing::warn!("the workbook parser panicked on an uploaded roster");
            Err(vec![unreadable()])
        }
    }
}

/// [`read_roster_with`] letting a panic through: the property tests call this one, so
/// that a panic in calamine on some input is a failing case rather than a silent 422.
#[doc(hidden)]
pub fn read_roster_uncaught(
    bytes: &[u8],
    limits: &ImportLimits,
) -> Result<(Vec<RawRow>, ReadStats), Vec<ImportErrorOut>> {
    let read = if cfb::is_cfb(bytes) {
        read_xls(bytes, limits)
    } else if bytes.starts_with(b"PK") {
        read_xlsx(bytes, limits)
    } else {
        Err(unreadable())
    };
    read.map_err(|e| vec![e])
}

fn read_xlsx(
    bytes: &[u8],
    limits: &ImportLimits,
) -> Result<(Vec<RawRow>, ReadStats), ImportErrorOut> {
    let package = xlsx_guard::check(bytes, limits)?;
    if package.foreign {
        return Err(file_refusal(
            "不支持 .ods / .xlsb 格式，请另存为 .xlsx 或 .xls 后重新导入",
        ));
    }
    let mut book = Xlsx::new(Cursor::new(bytes)).map_err(|e| match e {
        XlsxError::Password => encrypted(),
        _ => unreadable(),
    })?;
    let first = book.sheet_names().into_iter().next().ok_or_else(no_sheet)?;
    let mut cells = book.worksheet_cells_reader(&first).map_err(|e| match e {
        XlsxError::NotAWorksheet(_) | XlsxError::WorksheetNotFound(_) => no_sheet(),
        _ => malformed("工作表无法解析"),
    })?;
    let mut sink = RosterSink::new(limits);
    while let Some(cell) = cells.next_cell().map_err(|_| malformed("工作表无法解析"))? {
        let (row, col) = cell.get_position();
        sink.cell(row, col, Value::from_ref(cell.get_value()))?;
    }
    let stats = ReadStats {
        inflated_bytes: package.inflated_bytes,
        cells: sink.cells,
    };
    Ok((sink.finish()?, stats))
}

fn read_xls(
    bytes: &[u8],
    limits: &ImportLimits,
) -> Result<(Vec<RawRow>, ReadStats), ImportErrorOut> {
    let stream = cfb::workbook_stream(bytes)?;
    xls_guard::check(&stream, limits)?;
    let container = cfb::container(&stream);
    drop(stream);
    let mut book = Xls::new(Cursor::new(container)).map_err(|e| match e {
        XlsError::Password => encrypted(),
        _ => unreadable(),
    })?;
    let range = match book.worksheet_range_at(0) {
        Some(Ok(r)) => r,
        _ => return Err(no_sheet()),
    };
    let (top, left) = range.start().unwrap_or((0, 0));
    let mut sink = RosterSink::new(limits);
    for (r, c, data) in range.used_cells() {
        let at = |base: u32, i: usize| base.saturating_add(u32::try_from(i).unwrap_or(u32::MAX));
        sink.cell(at(top, r), at(left, c), Value::from_data(data))?;
    }
    let stats = ReadStats {
        inflated_bytes: 0,
        cells: sink.cells,
    };
    Ok((sink.finish()?, stats))
}

fn no_sheet() -> ImportErrorOut {
    file_refusal("导入文件中没有工作表")
}

/// The header once found: where it is and where each column sits.
struct Header {
    map: ColumnMap,
    /// Columns kept in data rows (one past the rightmost template column).
    width: usize,
    id_at: usize,
}

/// Builds the roster from cells arriving row by row, holding only the current row.
struct RosterSink<'l> {
    limits: &'l ImportLimits,
    row: Option<u32>,
    current: Vec<String>,
    header: Option<Header>,
    rows: Vec<RawRow>,
    cells: u64,
}

impl<'l> RosterSink<'l> {
    fn new(limits: &'l ImportLimits) -> Self {
        RosterSink {
            limits,
            row: None,
            current: Vec::new(),
            header: None,
            rows: Vec::new(),
            cells: 0,
        }
    }

    /// One cell at 0-based (`row`, `col`); rows must not go backwards.
    fn cell(&mut self, row: u32, col: u32, value: Value<'_>) -> Result<(), ImportErrorOut> {
        self.cells += 1;
        if value.is_empty() {
            return Ok(());
        }
        if row > self.limits.max_rows {
            return Err(too_many_rows(self.limits, row.saturating_add(1)));
        }
        if col >= self.limits.max_columns {
            return Err(too_many_columns(self.limits, col.saturating_add(1)));
        }
        match self.row {
            Some(current) if row < current => {
                return Err(malformed("行的顺序颠倒"));
            }
            Some(current) if row > current => self.end_row(current)?,
            _ => {}
        }
        self.row = Some(row);
        let at = usize::try_from(col).unwrap_or(usize::MAX);
        let (width, id_column) = match &self.header {
            Some(h) => (h.width, at == h.id_at),
            None => (self.limits.max_columns as usize, false),
        };
        if at >= width {
            return Ok(());
        }
        let text = value
            .text(id_column, self.limits.max_cell_chars)
            .ok_or_else(|| cell_too_long(self.limits, row + 1, col + 1))?;
        if self.current.len() <= at {
            self.current.resize(at + 1, String::new());
        }
        self.current[at] = text;
        Ok(())
    }

    fn end_row(&mut self, row: u32) -> Result<(), ImportErrorOut> {
        let cells = std::mem::take(&mut self.current);
        let row_number = row + 1;
        match &self.header {
            Some(h) => {
                let raw = RawRow::from_cells(row_number, &cells, &h.map);
                if !raw.is_blank() {
                    self.rows.push(raw);
                }
            }
            // The header is the first row with any text (a title row above it is not
            // allowed).
            None if cells.iter().any(|t| !t.trim().is_empty()) => {
                let map = check_header(&cells).map_err(|e| ImportErrorOut {
                    row: Some(row_number),
                    ..file_refusal(e.to_string())
                })?;
                let width = Column::ALL
                    .iter()
                    .map(|c| map.position(*c))
                    .max()
                    .unwrap_or(0)
                    + 1;
                let id_at = map.position(Column::IdNumber);
                self.header = Some(Header { map, width, id_at });
            }
            None => {}
        }
        Ok(())
    }

    fn finish(mut self) -> Result<Vec<RawRow>, ImportErrorOut> {
        if let Some(row) = self.row {
            self.end_row(row)?;
        }
        if self.header.is_none() {
            return Err(file_refusal("导入文件中没有参保人员"));
        }
        Ok(self.rows)
    }
}

/// A cell's value, borrowed from either of calamine's cell types.
#[derive(Clone, Copy)]
enum Value<'a> {
    Empty,
    Text(&'a str),
    Int(i64),
    Float(f64),
    Bool(bool),
    DateTime(&'a ExcelDateTime),
}

impl<'a> Value<'a> {
    fn from_ref(d: &'a DataRef<'a>) -> Self {
        match d {
            DataRef::Empty | DataRef::Error(_) => Value::Empty,
            DataRef::String(s) | DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => {
                Value::Text(s)
            }
            DataRef::SharedString(s) => Value::Text(s),
            DataRef::Int(i) => Value::Int(*i),
            DataRef::Float(f) => Value::Float(*f),
            DataRef::Bool(b) => Value::Bool(*b),
            DataRef::DateTime(dt) => Value::DateTime(dt),
        }
    }

    fn from_data(d: &'a Data) -> Self {
        match d {
            Data::Empty | Data::Error(_) => Value::Empty,
            Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Text(s),
            Data::Int(i) => Value::Int(*i),
            Data::Float(f) => Value::Float(*f),
            Data::Bool(b) => Value::Bool(*b),
            Data::DateTime(dt) => Value::DateTime(dt),
        }
    }

    fn is_empty(&self) -> bool {
        matches!(self, Value::Empty | Value::Text(""))
    }

    /// The text, or `None` when longer than `max_chars` (judged before anything is
    /// copied: one long shared string may back every cell of a sheet).
    fn text(&self, id_column: bool, max_chars: usize) -> Option<String> {
        match self {
            Value::Text(s) => {
                let fits =
                    s.len() <= max_chars || s.chars().take(max_chars + 1).count() <= max_chars;
                fits.then(|| (*s).to_owned())
            }
            Value::Empty => Some(String::new()),
            Value::Int(i) => Some(i.to_string()),
            Value::Bool(b) => Some(if *b { "TRUE" } else { "FALSE" }.into()),
            Value::Float(f) => Some(float_text(*f, id_column)),
            Value::DateTime(dt) => Some(match dt.as_datetime() {
                Some(t) if !id_column => t.date().format("%Y-%m-%d").to_string(),
                _ => format!("{:E}", dt.as_f64()),
            }),
        }
    }
}

/// Whole numbers lose their `.0`. In the ID column a number that Excel may have rounded
/// (15+ digits) keeps its scientific form so that the domain refuses it with advice
/// (format the column as text) instead of importing a corrupted ID.
fn float_text(f: f64, id_column: bool) -> String {
    let exact = f.fract() == 0.0 && f.abs() < 1e15;
    if exact {
        format!("{}", f as i64)
    } else if id_column {
        format!("{f:E}")
    } else {
        f.to_string()
    }
}

/// A cell as text. Whole numbers lose their `.0`; dates become `YYYY-MM-DD`; see
/// [`float_text`] for the ID column.
pub fn cell_text(cell: &Data, id_column: bool) -> String {
    Value::from_data(cell)
        .text(id_column, usize::MAX)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_that_excel_turned_into_numbers_stay_scientific() {
        let text = cell_text(&Data::Float(1.101_011_990_010_11e17), true);
        assert!(text.contains('E'), "{text}");
        let err = domain::IdNumber::parse(domain::DocumentType::ResidentId, &text);
        assert_eq!(err, Err(domain::IdNumberError::ScientificNotation));
    }

    #[test]
    fn whole_numbers_lose_their_fraction() {
        assert_eq!(
            cell_text(&Data::Float(13_800_138_000.0), false),
            "13800138000"
        );
        assert_eq!(cell_text(&Data::Float(32874.0), false), "32874");
        assert_eq!(cell_text(&Data::Float(123_456.0), true), "123456");
    }

    #[test]
    fn long_text_is_judged_by_characters_before_it_is_copied() {
        let chinese = "王".repeat(200);
        assert_eq!(
            Value::Text(&chinese).text(false, 200),
            Some(chinese.clone())
        );
        let longer = "王".repeat(201);
        assert_eq!(Value::Text(&longer).text(false, 200), None);
        assert_eq!(Value::Text(&"a".repeat(201)).text(false, 200), None);
    }
}
