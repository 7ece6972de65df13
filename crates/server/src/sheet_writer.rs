//! Exports written off the request workers: the workbook lives on a blocking thread
//! (`spawn_blocking`) that receives its rows in chunks through a bounded channel, while the
//! request reads the next chunk from the database. The sheet is in rust_xlsxwriter's
//! constant-memory mode, so each finished row goes to a temporary file: memory holds a chunk
//! or two and the zipped result, whatever the roster's size (the in-memory workbook of 50,000
//! people took RSS from 110 MB to 380 MB and stalled the worker's other requests).

use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};
use tokio::sync::mpsc;
use tokio::task::JoinHandle;

use crate::error::{ServiceError, ServiceResult};

/// Chunks waiting for the writer: the reader stays at most this far ahead.
const QUEUED_CHUNKS: usize = 2;

/// A sheet being written on a blocking thread: [`SheetWriter::rows`] hands it rows (each a
/// row of text cells), [`SheetWriter::finish`] answers the workbook's bytes.
pub struct SheetWriter {
    tx: mpsc::Sender<Vec<Vec<String>>>,
    writer: JoinHandle<Result<Vec<u8>, XlsxError>>,
}

/// The header of a sheet: writes what comes before the rows and answers the row the first
/// data row goes to.
pub type Header = Box<dyn FnOnce(&mut Worksheet, &Format) -> Result<u32, XlsxError> + Send>;

fn xl(e: XlsxError) -> ServiceError {
    ServiceError::internal(e)
}

impl SheetWriter {
    /// Starts the writer of one sheet named `name`, headed by `header`; every data cell is
    /// written as text (`@`), so long numbers keep every digit.
    pub fn start(name: &'static str, header: Header) -> SheetWriter {
        let (tx, mut rx) = mpsc::channel::<Vec<Vec<String>>>(QUEUED_CHUNKS);
        let writer = tokio::task::spawn_blocking(move || {
            let mut book = Workbook::new();
            let bold = Format::new().set_bold();
            let text = Format::new().set_num_format("@");
            let sheet = book.add_worksheet_with_constant_memory()?;
            sheet.set_name(name)?;
            let mut row = header(sheet, &bold)?;
            while let Some(chunk) = rx.blocking_recv() {
                for cells in chunk {
                    for (c, v) in cells.iter().enumerate() {
                        let col = u16::try_from(c).unwrap_or(u16::MAX);
                        sheet.write_string_with_format(row, col, v, &text)?;
                    }
                    row += 1;
                }
            }
            book.save_to_buffer()
        });
        SheetWriter { tx, writer }
    }

    /// Hands the writer a chunk of rows; waits while it is [`QUEUED_CHUNKS`] behind.
    pub async fn rows(&mut self, chunk: Vec<Vec<String>>) -> ServiceResult<()> {
        if self.tx.send(chunk).await.is_err() {
            // The writer stopped early: its error is the answer.
            let done = (&mut self.writer).await.map_err(ServiceError::internal)?;
            done.map_err(xl)?;
            return Err(ServiceError::internal("the export's writer stopped"));
        }
        Ok(())
    }

    /// Ends the rows and answers the workbook.
    pub async fn finish(self) -> ServiceResult<Vec<u8>> {
        drop(self.tx);
        self.writer
            .await
            .map_err(ServiceError::internal)?
            .map_err(xl)
    }
}

/// Writes `titles` in row `at` (bold), each column 18 wide, and freezes the rows above
/// and including it.
pub fn titles(
    sheet: &mut Worksheet,
    bold: &Format,
    at: u32,
    titles: &[&str],
) -> Result<(), XlsxError> {
    for (i, t) in titles.iter().enumerate() {
        let col = u16::try_from(i).unwrap_or(u16::MAX);
        sheet.write_string_with_format(at, col, *t, bold)?;
        sheet.set_column_width(col, 18)?;
    }
    sheet.set_freeze_panes(at + 1, 0)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn rows_sent_in_chunks_come_out_in_order() {
        let header: Header = Box::new(|sheet, bold| {
            titles(sheet, bold, 0, &["序号", "姓名"])?;
            Ok(1)
        });
        let mut w = SheetWriter::start("名单", header);
        for chunk in 0..5 {
            let rows = (0..3)
                .map(|i| vec![format!("{}", chunk * 3 + i), format!("人员{chunk}{i}")])
                .collect();
            w.rows(rows).await.unwrap_or_else(|e| panic!("{e}"));
        }
        let bytes = w.finish().await.unwrap_or_else(|e| panic!("{e}"));
        assert!(bytes.starts_with(b"PK"), "a zip (xlsx)");
        // rust_xlsxwriter writes constant-memory strings inline in the sheet's XML.
        let mut zip =
            zip::ZipArchive::new(std::io::Cursor::new(bytes)).unwrap_or_else(|e| panic!("{e}"));
        let mut xml = String::new();
        std::io::Read::read_to_string(
            &mut zip
                .by_name("xl/worksheets/sheet1.xml")
                .unwrap_or_else(|e| panic!("{e}")),
            &mut xml,
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let first = xml.find("人员00").unwrap_or(usize::MAX);
        let last = xml.find("人员42").unwrap_or(0);
        assert!(first < last, "in order: {xml}");
        assert!(xml.contains(r#"<c r="B16""#), "15 rows under the header");
    }
}
