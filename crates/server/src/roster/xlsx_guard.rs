//! Checks an .xlsx (a zip of XML files) before calamine opens it. calamine trusts what a
//! file declares: it reserves `uniqueCount` shared strings up front, keeps every shared
//! string inflated in memory, and its cell references overflow on absurd input. So every
//! entry's sizes are read from the zip's central directory and refused when too large or
//! too compressed, then each entry is inflated once through a counting limit (a lying
//! header cannot inflate past it) and its XML is scanned for depth, counts and cell
//! references — all before calamine allocates anything.

use std::io::{BufReader, Cursor, Read};

use api_types::ImportErrorOut;
use quick_xml::events::{BytesStart, Event};
use zip::ZipArchive;

use super::limits::{
    encrypted, file_refusal, malformed, too_many_sheets, too_many_strings, unpacked_too_large,
    unreadable, ImportLimits,
};

/// Entries smaller than this are never judged by their compression ratio.
const RATIO_FLOOR: u64 = 1024 * 1024;
/// Excel's last row and column (XFD1048576).
const EXCEL_ROWS: u32 = 1_048_576;
const EXCEL_COLUMNS: u32 = 16_384;

/// What the scan found.
#[derive(Debug, Default, Clone, Copy, PartialEq, Eq)]
pub struct PackageStats {
    /// Bytes inflated, all entries together.
    pub inflated_bytes: u64,
    /// XML elements scanned.
    pub elements: u64,
    /// The zip is an .ods or .xlsb, not an .xlsx.
    pub foreign: bool,
}

/// Refuses an .xlsx that exceeds a limit or is malformed; answers what was inflated.
pub fn check(bytes: &[u8], limits: &ImportLimits) -> Result<PackageStats, ImportErrorOut> {
    let mut zip = ZipArchive::new(Cursor::new(bytes)).map_err(|_| unreadable())?;
    if zip.len() > limits.max_parts {
        return Err(file_refusal(format!(
            "导入文件包含的部件超过{}个的上限",
            limits.max_parts
        )));
    }
    if zip.has_duplicate_names() {
        return Err(malformed("压缩包内文件名重复"));
    }
    // First the central directory alone: nothing is inflated yet.
    let mut declared_total = 0u64;
    let mut foreign = false;
    let mut parts = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let entry = zip.by_index_raw(i).map_err(|_| unreadable())?;
        if entry.encrypted() {
            return Err(encrypted());
        }
        let (size, packed) = (entry.size(), entry.compressed_size());
        if size > limits.max_part_bytes {
            return Err(unpacked_too_large(limits, limits.max_part_bytes));
        }
        if size > RATIO_FLOOR && size / packed.max(1) > limits.max_compression_ratio {
            return Err(file_refusal(
                "导入文件的压缩比异常（疑似压缩炸弹），请用 Excel 或 WPS 另存后重新导入",
            ));
        }
        declared_total = declared_total.saturating_add(size);
        if declared_total > limits.max_unpacked_bytes {
            return Err(unpacked_too_large(limits, limits.max_unpacked_bytes));
        }
        let name = entry.name_raw().to_ascii_lowercase();
        if name == b"content.xml" || name.ends_with(b".bin") && name.starts_with(b"xl/workbook") {
            foreign = true;
        }
        parts.push((size, is_xml(&name)));
    }
    let mut stats = PackageStats {
        foreign,
        ..PackageStats::default()
    };
    let mut counts = Counts::default();
    for (i, (size, xml)) in parts.into_iter().enumerate() {
        let entry = zip.by_index(i).map_err(|_| unreadable())?;
        // One byte more than declared shows a lying header without inflating further.
        let mut limited = Counting {
            inner: entry.take(size.saturating_add(1)),
            read: 0,
            failed: false,
        };
        let scanned = if xml {
            scan_xml(BufReader::new(&mut limited), limits, &mut counts)
        } else {
            Ok(())
        };
        // A lie cut short makes the XML look truncated: name the lie first. (zip itself
        // stops at the declared size and fails the checksum.)
        let inflated = std::io::copy(&mut limited, &mut std::io::sink());
        if limited.read > size || limited.failed {
            return Err(malformed("压缩包内文件的实际大小或校验和与声明不符"));
        }
        scanned?;
        inflated.map_err(|_| unreadable())?;
        stats.inflated_bytes += limited.read;
    }
    stats.elements = counts.elements;
    Ok(stats)
}

fn is_xml(lower_name: &[u8]) -> bool {
    [b".xml".as_slice(), b".rels", b".vml"]
        .iter()
        .any(|ext| lower_name.ends_with(ext))
}

/// Counts the bytes that pass (inflated bytes of one entry) and notes a failed inflate.
struct Counting<R> {
    inner: R,
    read: u64,
    failed: bool,
}

impl<R: Read> Read for Counting<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf).inspect_err(|_| self.failed = true)?;
        self.read += n as u64;
        Ok(n)
    }
}

/// Totals over the whole package.
#[derive(Default)]
struct Counts {
    sheets: usize,
    strings: usize,
    elements: u64,
}

fn scan_xml<R: std::io::BufRead>(
    input: R,
    limits: &ImportLimits,
    counts: &mut Counts,
) -> Result<(), ImportErrorOut> {
    let mut reader = quick_xml::Reader::from_reader(input);
    reader.config_mut().check_end_names = false;
    let mut buf = Vec::with_capacity(1024);
    let mut depth = 0usize;
    loop {
        buf.clear();
        let event = reader
            .read_event_into(&mut buf)
            .map_err(|_| malformed("XML 无法解析"))?;
        match event {
            Event::Start(e) => {
                depth += 1;
                if depth > limits.max_xml_depth {
                    return Err(malformed("XML 层级过深"));
                }
                element(&e, limits, counts)?;
            }
            Event::Empty(e) => {
                if depth + 1 > limits.max_xml_depth {
                    return Err(malformed("XML 层级过深"));
                }
                element(&e, limits, counts)?;
            }
            Event::End(_) => depth = depth.saturating_sub(1),
            Event::Eof => return Ok(()),
            _ => {}
        }
    }
}

fn element(
    e: &BytesStart<'_>,
    limits: &ImportLimits,
    counts: &mut Counts,
) -> Result<(), ImportErrorOut> {
    counts.elements += 1;
    let attr = |name: &str| -> Result<Option<String>, ImportErrorOut> {
        e.try_get_attribute(name)
            .map(|a| a.map(|a| a.value.into_owned()))
            .map_err(|_| malformed("XML 属性无法解析"))
    };
    match e.local_name().as_ref() {
        "sheet" => {
            counts.sheets += 1;
            if counts.sheets > limits.max_sheets {
                return Err(too_many_sheets(limits));
            }
        }
        "sst" => {
            for name in ["count", "uniqueCount"] {
                // calamine reserves `uniqueCount` entries before reading one.
                if let Some(v) = attr(name)? {
                    let declared = v.trim().parse::<u64>().unwrap_or(u64::MAX);
                    if declared > limits.max_shared_strings as u64 {
                        return Err(too_many_strings(limits));
                    }
                }
            }
        }
        "si" => {
            counts.strings += 1;
            if counts.strings > limits.max_shared_strings {
                return Err(too_many_strings(limits));
            }
        }
        "c" | "row" => {
            if let Some(r) = attr("r")? {
                cell_ref(&r).ok_or_else(|| malformed("单元格位置无效"))?;
            }
        }
        "dimension" => {
            if let Some(r) = attr("ref")? {
                let ok = r.split(':').count() <= 2 && r.split(':').all(|p| cell_ref(p).is_some());
                if !ok {
                    return Err(malformed("工作表范围无效"));
                }
            }
        }
        _ => {}
    }
    Ok(())
}

/// A cell or row reference inside Excel's grid: `B7` → (row 7, column 2), `7` → (7, 0).
pub fn cell_ref(r: &str) -> Option<(u32, u32)> {
    let r = r.trim();
    if r.is_empty() || r.len() > 10 {
        return None;
    }
    let letters = r.bytes().take_while(u8::is_ascii_alphabetic).count();
    let (col, row) = r.split_at(letters);
    if row.is_empty() || !row.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let row: u32 = row.parse().ok()?;
    let col = col.bytes().try_fold(0u32, |acc, b| {
        let v = acc
            .checked_mul(26)?
            .checked_add(u32::from(b.to_ascii_uppercase() - b'A') + 1)?;
        (v <= EXCEL_COLUMNS).then_some(v)
    })?;
    (1..=EXCEL_ROWS).contains(&row).then_some((row, col))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn references_stay_inside_excels_grid() {
        assert_eq!(cell_ref("A1"), Some((1, 1)));
        assert_eq!(cell_ref("XFD1048576"), Some((1_048_576, 16_384)));
        assert_eq!(cell_ref("12"), Some((12, 0)));
        assert_eq!(cell_ref("XFE1"), None);
        assert_eq!(cell_ref("A1048577"), None);
        assert_eq!(cell_ref("A0"), None);
        assert_eq!(cell_ref("AAAAAAAAA1"), None);
        assert_eq!(cell_ref("A"), None);
        assert_eq!(cell_ref("1A"), None);
        assert_eq!(cell_ref("中1"), None);
    }
}
