//! Checks the BIFF records of an .xls before calamine parses them. calamine parses every
//! sheet at open time and allocates, per sheet, the bounding box of its cells (two cells
//! at A1 and at the last row and column of the grid make 4 billion), reserves what a
//! DIMENSIONS record declares (with an unchecked subtraction), and copies a shared string
//! into every cell that refers to it. So positions, declared dimensions, sheet count and
//! the text all cells will hold are checked here first, walking the records exactly as
//! calamine groups them.

use std::collections::VecDeque;

use api_types::ImportErrorOut;

use super::limits::{
    encrypted, malformed, too_many_columns, too_many_rows, too_many_sheets, too_many_strings,
    too_much_text, ImportLimits,
};

/// A record with the CONTINUE records that follow it (as calamine's `RecordIter`).
struct Record<'a> {
    typ: u16,
    data: &'a [u8],
    cont: VecDeque<&'a [u8]>,
}

impl<'a> Record<'a> {
    fn next_continue(&mut self) -> bool {
        match self.cont.pop_front() {
            Some(d) => {
                self.data = d;
                true
            }
            None => false,
        }
    }

    fn skip(&mut self, mut len: usize) -> Result<(), ImportErrorOut> {
        while len > 0 {
            if self.data.is_empty() && !self.next_continue() {
                return Err(bad());
            }
            let l = len.min(self.data.len());
            self.data = &self.data[l..];
            len -= l;
        }
        Ok(())
    }
}

fn bad() -> ImportErrorOut {
    malformed("xls 记录无效")
}

fn u16_at(b: &[u8], at: usize) -> Result<u16, ImportErrorOut> {
    let bytes = b.get(at..at + 2).ok_or_else(bad)?;
    Ok(u16::from_le_bytes([bytes[0], bytes[1]]))
}

fn u32_at(b: &[u8], at: usize) -> Result<u32, ImportErrorOut> {
    let bytes = b.get(at..at + 4).ok_or_else(bad)?;
    Ok(u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]))
}

fn records(mut stream: &[u8]) -> impl Iterator<Item = Result<Record<'_>, ImportErrorOut>> + '_ {
    std::iter::from_fn(move || {
        if stream.is_empty() {
            return None;
        }
        let head = |s: &[u8]| -> Option<(u16, usize)> {
            Some((
                u16::from_le_bytes([*s.first()?, *s.get(1)?]),
                usize::from(u16::from_le_bytes([*s.get(2)?, *s.get(3)?])),
            ))
        };
        let Some((typ, len)) = head(stream).filter(|(_, len)| stream.len() >= len + 4) else {
            stream = &[];
            return Some(Err(bad()));
        };
        let data = &stream[4..4 + len];
        stream = &stream[4 + len..];
        let mut cont = VecDeque::new();
        while stream.len() > 4 {
            match head(stream) {
                Some((0x003C, len)) if stream.len() >= len + 4 => {
                    cont.push_back(&stream[4..4 + len]);
                    stream = &stream[4 + len..];
                }
                Some((0x003C, _)) => {
                    stream = &[];
                    return Some(Err(bad()));
                }
                _ => break,
            }
        }
        Some(Ok(Record { typ, data, cont }))
    })
}

/// The length (characters) of each string of the SST, walking CONTINUE records as
/// calamine's `read_rich_extended_string` does.
fn sst_lengths(mut r: Record<'_>, limits: &ImportLimits) -> Result<Vec<u32>, ImportErrorOut> {
    r.data = r.data.get(8..).ok_or_else(bad)?;
    let mut lengths = Vec::new();
    while !r.data.is_empty() || r.next_continue() {
        if lengths.len() >= limits.max_shared_strings {
            return Err(too_many_strings(limits));
        }
        if r.data.is_empty() {
            lengths.push(0);
            continue;
        }
        let cch = usize::from(u16_at(r.data, 0)?);
        let flags = *r.data.get(2).ok_or_else(bad)?;
        r.data = &r.data[3..];
        let mut runs = 0usize;
        if flags & 0x8 != 0 {
            runs = usize::from(u16_at(r.data, 0)?);
            r.data = &r.data[2..];
        }
        let mut ext = 0usize;
        if flags & 0x4 != 0 {
            ext = usize::try_from(u32_at(r.data, 0)?).unwrap_or(usize::MAX);
            r.data = &r.data[4..];
        }
        let mut wide = flags & 0x1 != 0;
        let mut left = cch;
        while left > 0 {
            let width = if wide { 2 } else { 1 };
            let n = left.min(r.data.len() / width);
            r.data = &r.data[n * width..];
            left -= n;
            if left > 0 {
                if !r.next_continue() || r.data.is_empty() {
                    return Err(bad());
                }
                wide = r.data[0] & 0x1 != 0;
                r.data = &r.data[1..];
            }
        }
        r.skip(runs * 4)?;
        r.skip(ext)?;
        lengths.push(u32::try_from(cch).unwrap_or(u32::MAX));
    }
    Ok(lengths)
}

/// Cells and text one sheet will make calamine allocate.
#[derive(Default)]
struct SheetCost {
    rows: Option<(u32, u32)>,
    cols: Option<(u32, u32)>,
    text: u64,
}

impl SheetCost {
    fn cell(&mut self, limits: &ImportLimits, row: u32, col: u32) -> Result<(), ImportErrorOut> {
        if row > limits.max_rows {
            return Err(too_many_rows(limits, row + 1));
        }
        if col >= limits.max_columns {
            return Err(too_many_columns(limits, col + 1));
        }
        let widen = |span: Option<(u32, u32)>, v: u32| match span {
            None => Some((v, v)),
            Some((lo, hi)) => Some((lo.min(v), hi.max(v))),
        };
        self.rows = widen(self.rows, row);
        self.cols = widen(self.cols, col);
        Ok(())
    }

    fn box_cells(&self) -> u64 {
        match (self.rows, self.cols) {
            (Some((r0, r1)), Some((c0, c1))) => {
                (u64::from(r1 - r0) + 1).saturating_mul(u64::from(c1 - c0) + 1)
            }
            _ => 0,
        }
    }
}

/// Checks one sheet substream; answers its cost.
fn check_sheet(
    stream: &[u8],
    strings: &[u32],
    limits: &ImportLimits,
) -> Result<SheetCost, ImportErrorOut> {
    let mut cost = SheetCost::default();
    let mut seen_bof = false;
    let mut nested = 0usize;
    for record in records(stream) {
        let r = record?;
        let d = r.data;
        if nested > 0 {
            match r.typ {
                0x0809 => nested += 1,
                0x000A => nested -= 1,
                _ => {}
            }
            continue;
        }
        match r.typ {
            0x0809 if seen_bof => nested += 1,
            0x0809 => seen_bof = true,
            0x000A => break,
            // DIMENSIONS: calamine reserves rows × columns from it.
            0x0200 => {
                let (rf, rl, cf, cl) = match d.len() {
                    10 => (
                        u32::from(u16_at(d, 0)?),
                        u32::from(u16_at(d, 2)?),
                        u32::from(u16_at(d, 4)?),
                        u32::from(u16_at(d, 6)?),
                    ),
                    14 | 16 => (
                        u32_at(d, 0)?,
                        u32_at(d, 4)?,
                        u32::from(u16_at(d, 8)?),
                        u32::from(u16_at(d, 10)?),
                    ),
                    _ => return Err(bad()),
                };
                let cf = if cf > 0xFF || cl < cf { 0 } else { cf };
                if rl >= 1 && cl >= 1 {
                    if rf > rl - 1 || cf > cl - 1 {
                        return Err(malformed("工作表范围无效"));
                    }
                    let declared = u64::from(rl - rf) * u64::from(cl - cf);
                    if declared > limits.max_box_cells() {
                        return Err(if cl - cf > limits.max_columns {
                            too_many_columns(limits, cl)
                        } else {
                            too_many_rows(limits, rl)
                        });
                    }
                }
            }
            // NUMBER, LABEL, RSTRING, BOOLERR, RK, LABELSST, FORMULA: one cell each.
            0x0203 | 0x0204 | 0x00D6 | 0x0205 | 0x027E | 0x00FD | 0x0006 => {
                let (row, col) = (u16_at(d, 0)?, u16_at(d, 2)?);
                cost.cell(limits, u32::from(row), u32::from(col))?;
                match r.typ {
                    0x0204 | 0x00D6 if d.len() >= 8 => cost.text += u64::from(u16_at(d, 6)?),
                    0x00FD if d.len() >= 10 => {
                        let i = usize::try_from(u32_at(d, 6)?).unwrap_or(usize::MAX);
                        cost.text += u64::from(strings.get(i).copied().unwrap_or(0));
                    }
                    _ => {}
                }
            }
            // STRING: the text of the formula before it.
            0x0207 => cost.text += u64::from(u16_at(d, 0).unwrap_or(0)),
            // MULRK: one row, columns first..=last.
            0x00BD => {
                let row = u32::from(u16_at(d, 0)?);
                let first = u32::from(u16_at(d, 2)?);
                let last = u32::from(u16_at(d, d.len().checked_sub(2).ok_or_else(bad)?)?);
                if d.len() < 6 || first > last {
                    return Err(bad());
                }
                cost.cell(limits, row, first)?;
                cost.cell(limits, row, last)?;
            }
            _ => {}
        }
    }
    Ok(cost)
}

/// Refuses an .xls workbook stream that would make calamine allocate beyond the limits.
pub fn check(stream: &[u8], limits: &ImportLimits) -> Result<(), ImportErrorOut> {
    let mut sheets = Vec::new();
    let mut strings = Vec::new();
    for record in records(stream) {
        let r = record?;
        match r.typ {
            0x002F if u16_at(r.data, 0).unwrap_or(0) != 0 => return Err(encrypted()),
            // BOUNDSHEET8: calamine slices the stream at its offset.
            0x0085 => {
                if r.data.len() < 8 {
                    return Err(bad());
                }
                let pos = usize::try_from(u32_at(r.data, 0)?).unwrap_or(usize::MAX);
                if pos >= stream.len() {
                    return Err(malformed("工作表位置无效"));
                }
                sheets.push(pos);
                if sheets.len() > limits.max_sheets {
                    return Err(too_many_sheets(limits));
                }
            }
            0x00FC => strings = sst_lengths(r, limits)?,
            // LBL (a defined name): calamine indexes its fixed 14 bytes and slices the
            // formula's `cce` bytes off the end without checking either.
            0x0018 => {
                let cce = usize::from(u16_at(r.data, 4).unwrap_or(u16::MAX));
                if r.data.len() < 15 || cce > r.data.len() - 14 {
                    return Err(bad());
                }
            }
            0x000A => break,
            _ => {}
        }
    }
    let (mut cells, mut text) = (0u64, 0u64);
    for pos in sheets {
        let cost = check_sheet(&stream[pos..], &strings, limits)?;
        cells = cells.saturating_add(cost.box_cells());
        text = text.saturating_add(cost.text);
        if cells > limits.max_box_cells() {
            return Err(too_many_rows(limits, limits.max_rows + 1));
        }
        if text > limits.max_text_chars() {
            return Err(too_much_text(limits));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(typ: u16, data: &[u8]) -> Vec<u8> {
        let len = u16::try_from(data.len()).expect("short record");
        [&typ.to_le_bytes()[..], &len.to_le_bytes(), data].concat()
    }

    /// A BIFF8 stream: one sheet, an SST of one `chars`-long string, and `cells` LABELSST
    /// cells in column A referring to it.
    fn stream(chars: u16, cells: u16) -> Vec<u8> {
        let bof = record(
            0x0809,
            &[0x00, 0x06, 0x05, 0x00, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0],
        );
        let mut sst = vec![1, 0, 0, 0, 1, 0, 0, 0];
        sst.extend(chars.to_le_bytes());
        sst.push(0);
        sst.extend(std::iter::repeat_n(b'a', usize::from(chars)));
        let globals_without_sheet = |pos: u32| {
            let mut sheet = pos.to_le_bytes().to_vec();
            sheet.extend([0, 0, 1, 0, b'S']);
            [
                bof.clone(),
                record(0x0085, &sheet),
                record(0x00FC, &sst),
                record(0x000A, &[]),
            ]
            .concat()
        };
        let globals = globals_without_sheet(0);
        let mut out = globals_without_sheet(u32::try_from(globals.len()).expect("small"));
        out.extend(&bof);
        for row in 0..cells {
            let mut cell = row.to_le_bytes().to_vec();
            cell.extend([0, 0, 0, 0, 0, 0, 0, 0]);
            out.extend(record(0x00FD, &cell));
        }
        out.extend(record(0x000A, &[]));
        out
    }

    fn limits() -> ImportLimits {
        ImportLimits {
            max_rows: 100,
            ..ImportLimits::default()
        }
    }

    #[test]
    fn one_shared_string_in_many_cells_counts_once_per_cell() {
        // 100 rows allow 101 × 320 = 32,320 characters.
        assert_eq!(check(&stream(8000, 4), &limits()), Ok(()));
        let err = check(&stream(8000, 5), &limits()).expect_err("too much text");
        assert!(err.message.contains("文字总量"), "{}", err.message);
    }

    #[test]
    fn cells_beyond_the_limits_and_broken_offsets_are_refused() {
        let err = check(&stream(1, 102), &limits()).expect_err("row 102");
        assert!(err.message.contains("超过100行"), "{}", err.message);
        let mut s = stream(1, 1);
        // BOUNDSHEET's offset points past the stream.
        let at = 20 + 4;
        s[at..at + 4].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(check(&s, &limits()).is_err());
    }
}
