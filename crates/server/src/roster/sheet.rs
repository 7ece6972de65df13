//! Reading an uploaded roster workbook (.xlsx or .xls, from Excel, WPS or LibreOffice)
//! into the domain's raw rows: the header is matched by name, cells become text.

use std::io::Cursor;

use api_types::ImportErrorOut;
use calamine::{open_workbook_auto_from_rs, Data, Reader};
use domain::roster::{check_header, Column, RawRow};

/// The data rows of the first worksheet, or why the file cannot be read as a roster.
pub fn read_roster(bytes: Vec<u8>) -> Result<Vec<RawRow>, Vec<ImportErrorOut>> {
    let file_error = |row: Option<u32>, message: String| {
        vec![ImportErrorOut {
            row,
            column: None,
            column_label: None,
            message,
        }]
    };
    let mut book = open_workbook_auto_from_rs(Cursor::new(bytes)).map_err(|_| {
        file_error(
            None,
            "无法读取导入文件，请上传参保名单导入模板格式的 .xlsx 或 .xls 文件".into(),
        )
    })?;
    let range = match book.worksheet_range_at(0) {
        Some(Ok(r)) => r,
        _ => return Err(file_error(None, "导入文件中没有工作表".into())),
    };
    let first_row = range.start().map_or(0, |(r, _)| r);
    let mut rows = range.rows().enumerate();
    // The header is the first row with any text (a title row above it is not allowed).
    let (header_index, header) = loop {
        match rows.next() {
            None => return Err(file_error(None, "导入文件中没有参保人员".into())),
            Some((i, cells)) => {
                let texts: Vec<String> = cells.iter().map(|c| cell_text(c, false)).collect();
                if texts.iter().any(|t| !t.trim().is_empty()) {
                    break (i, texts);
                }
            }
        }
    };
    let row_number = |i: usize| first_row + u32::try_from(i).unwrap_or(u32::MAX - 1) + 1;
    let map = check_header(&header)
        .map_err(|e| file_error(Some(row_number(header_index)), e.to_string()))?;
    let id_at = map.position(Column::IdNumber);
    let mut out = Vec::with_capacity(range.height().saturating_sub(header_index + 1));
    for (i, cells) in rows {
        let texts: Vec<String> = cells
            .iter()
            .enumerate()
            .map(|(j, c)| cell_text(c, j == id_at))
            .collect();
        let raw = RawRow::from_cells(row_number(i), &texts, &map);
        if !raw.is_blank() {
            out.push(raw);
        }
    }
    Ok(out)
}

/// A cell as text. Whole numbers lose their `.0`; dates become `YYYY-MM-DD`. In the ID
/// column a number that Excel may have rounded (15+ digits) keeps its scientific form so
/// that the domain refuses it with advice (format the column as text) instead of
/// importing a corrupted ID.
pub fn cell_text(cell: &Data, id_column: bool) -> String {
    match cell {
        Data::Empty | Data::Error(_) => String::new(),
        Data::String(s) | Data::DateTimeIso(s) | Data::DurationIso(s) => s.clone(),
        Data::Int(i) => i.to_string(),
        Data::Bool(b) => if *b { "TRUE" } else { "FALSE" }.into(),
        Data::Float(f) => {
            let exact = f.fract() == 0.0 && f.abs() < 1e15;
            if exact {
                format!("{}", *f as i64)
            } else if id_column {
                format!("{f:E}")
            } else {
                f.to_string()
            }
        }
        Data::DateTime(dt) => match dt.as_datetime() {
            Some(t) if !id_column => t.date().format("%Y-%m-%d").to_string(),
            _ => format!("{:E}", dt.as_f64()),
        },
    }
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
}
