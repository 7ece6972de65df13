//! The OLE2 container (Compound File Binary) of an .xls: reading its `Workbook` stream with
//! every sector and chain checked, and writing that stream back into a minimal container
//! of our own making. calamine's container reader follows sector chains without detecting
//! loops and indexes its FAT unchecked, so a 2 KB file with a cyclic chain makes it grow a
//! buffer without end; calamine therefore only ever sees the container written here.

use api_types::ImportErrorOut;

use super::limits::{malformed, unreadable};

const SIGNATURE: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];
const ENDOFCHAIN: u32 = 0xFFFF_FFFE;
const FREESECT: u32 = 0xFFFF_FFFF;
const FATSECT: u32 = 0xFFFF_FFFD;
const LAST_REGULAR: u32 = 0xFFFF_FFFA;
const MINI_SECTOR: usize = 64;
/// Streams shorter than this live in the mini stream.
const MINI_CUTOFF: usize = 4096;

/// True when the bytes start like an OLE2 file (an .xls).
pub fn is_cfb(bytes: &[u8]) -> bool {
    bytes.starts_with(&SIGNATURE)
}

fn u16_at(b: &[u8], at: usize) -> Option<u16> {
    Some(u16::from_le_bytes(b.get(at..at + 2)?.try_into().ok()?))
}

fn u32_at(b: &[u8], at: usize) -> Option<u32> {
    Some(u32::from_le_bytes(b.get(at..at + 4)?.try_into().ok()?))
}

fn u64_at(b: &[u8], at: usize) -> Option<u64> {
    Some(u64::from_le_bytes(b.get(at..at + 8)?.try_into().ok()?))
}

struct Container<'a> {
    bytes: &'a [u8],
    sector: usize,
    sectors: usize,
}

impl<'a> Container<'a> {
    fn sector(&self, id: u32) -> Option<&'a [u8]> {
        let id = usize::try_from(id).ok()?;
        if id >= self.sectors {
            return None;
        }
        let start = (id + 1) * self.sector;
        self.bytes
            .get(start..(start + self.sector).min(self.bytes.len()))
    }

    /// Follows a chain; a loop, a sector outside the file or a chain longer than the file
    /// is refused. At most `len` bytes are kept.
    fn chain(&self, start: u32, fat: &[u32], len: usize) -> Result<Vec<u8>, ImportErrorOut> {
        let bad = || malformed("扇区链无效");
        let mut out = Vec::new();
        let mut id = start;
        let mut steps = 0usize;
        while id != ENDOFCHAIN && out.len() < len {
            steps += 1;
            if steps > self.sectors {
                return Err(bad());
            }
            let sector = self.sector(id).ok_or_else(bad)?;
            out.extend_from_slice(&sector[..sector.len().min(len - out.len())]);
            id = *fat
                .get(usize::try_from(id).map_err(|_| bad())?)
                .ok_or_else(bad)?;
        }
        Ok(out)
    }
}

fn mini_chain(
    mini: &[u8],
    minifat: &[u32],
    start: u32,
    len: usize,
) -> Result<Vec<u8>, ImportErrorOut> {
    let bad = || malformed("迷你扇区链无效");
    let count = mini.len() / MINI_SECTOR;
    let mut out = Vec::new();
    let mut id = start;
    let mut steps = 0usize;
    while id != ENDOFCHAIN && out.len() < len {
        steps += 1;
        let i = usize::try_from(id).map_err(|_| bad())?;
        if steps > count || i >= count {
            return Err(bad());
        }
        let sector = &mini[i * MINI_SECTOR..(i + 1) * MINI_SECTOR];
        out.extend_from_slice(&sector[..MINI_SECTOR.min(len - out.len())]);
        id = *minifat.get(i).ok_or_else(bad)?;
    }
    Ok(out)
}

fn words(bytes: &[u8]) -> impl Iterator<Item = u32> + '_ {
    bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
}

/// The `Workbook` (or BIFF5 `Book`) stream of an .xls, as calamine would pick it.
pub fn workbook_stream(bytes: &[u8]) -> Result<Vec<u8>, ImportErrorOut> {
    if bytes.len() < 512 || !is_cfb(bytes) {
        return Err(unreadable());
    }
    let header = |at| u32_at(bytes, at).ok_or_else(unreadable);
    let sector = match u16_at(bytes, 30) {
        Some(9) => 512,
        Some(12) => 4096,
        _ => return Err(malformed("扇区大小无效")),
    };
    if u16_at(bytes, 32) != Some(6) {
        return Err(malformed("迷你扇区大小无效"));
    }
    let c = Container {
        bytes,
        sector,
        sectors: bytes.len().saturating_sub(sector).div_ceil(sector),
    };
    // The FAT's sectors: 109 in the header, then a chain of DIFAT sectors.
    let mut fat_sectors: Vec<u32> = words(&bytes[76..512]).collect();
    let mut difat = header(68)?;
    let mut steps = 0usize;
    while difat < LAST_REGULAR {
        steps += 1;
        let s = c.sector(difat).filter(|_| steps <= c.sectors);
        let s = s.ok_or_else(|| malformed("DIFAT 无效"))?;
        let mut ids: Vec<u32> = words(s).collect();
        difat = ids.pop().unwrap_or(ENDOFCHAIN);
        fat_sectors.extend(ids);
    }
    let fat_sectors: Vec<u32> = fat_sectors.into_iter().filter(|&id| id < FATSECT).collect();
    if fat_sectors.len() > c.sectors {
        return Err(malformed("FAT 无效"));
    }
    let mut fat = Vec::with_capacity(fat_sectors.len() * sector / 4);
    for id in fat_sectors {
        fat.extend(words(c.sector(id).ok_or_else(|| malformed("FAT 无效"))?));
    }
    let dirs = c.chain(header(48)?, &fat, usize::MAX)?;
    let entries: Vec<&[u8]> = dirs.chunks_exact(128).collect();
    let root = entries.first().ok_or_else(|| malformed("没有目录"))?;
    let size_of = |e: &[u8]| -> Option<usize> {
        let size = if sector == 512 {
            u64::from(u32_at(e, 120)?)
        } else {
            u64_at(e, 120)?
        };
        usize::try_from(size).ok().filter(|&s| s <= bytes.len())
    };
    let name_is = |e: &[u8], want: &str| {
        let units: Vec<u16> = e[..64]
            .chunks_exact(2)
            .map(|p| u16::from_le_bytes([p[0], p[1]]))
            .take_while(|&u| u != 0)
            .collect();
        String::from_utf16_lossy(&units).eq_ignore_ascii_case(want)
    };
    let entry = ["Workbook", "Book"]
        .iter()
        .find_map(|want| entries.iter().find(|e| name_is(e, want)))
        .ok_or_else(unreadable)?;
    let start = u32_at(entry, 116).ok_or_else(unreadable)?;
    let len = size_of(entry).ok_or_else(|| malformed("流大小无效"))?;
    let stream = if len < MINI_CUTOFF {
        let root_len = size_of(root).ok_or_else(|| malformed("流大小无效"))?;
        let mini = c.chain(u32_at(root, 116).ok_or_else(unreadable)?, &fat, root_len)?;
        let minifat_len = usize::try_from(header(64)?)
            .unwrap_or(usize::MAX)
            .saturating_mul(sector)
            .min(bytes.len());
        let minifat: Vec<u32> = words(&c.chain(header(60)?, &fat, minifat_len)?).collect();
        mini_chain(&mini, &minifat, start, len)?
    } else {
        c.chain(start, &fat, len)?
    };
    Ok(stream)
}

/// A minimal, well-formed container holding `stream` as its `Workbook`: 4096-byte
/// sectors, one FAT run, no mini stream (the stream is padded to 4096 bytes; BIFF records
/// of zeros are empty and skipped).
pub fn container(stream: &[u8]) -> Vec<u8> {
    const SECTOR: usize = 4096;
    const PER_FAT: usize = SECTOR / 4;
    let len = stream.len().max(MINI_CUTOFF);
    let data_sectors = len.div_ceil(SECTOR);
    // FAT sectors cover themselves, the directory and the data.
    let mut fats = 1;
    while fats * PER_FAT < fats + 1 + data_sectors {
        fats += 1;
    }
    // 109 FAT sectors in the header hold 445 MB: far beyond any accepted upload.
    let fats = fats.min(109);
    let id = |i: usize| u32::try_from(i).unwrap_or(ENDOFCHAIN);
    let dir = fats;
    let first_data = fats + 1;
    let mut out = vec![0u8; SECTOR * (first_data + data_sectors + 1)];
    let put16 =
        |o: &mut Vec<u8>, at: usize, v: u16| o[at..at + 2].copy_from_slice(&v.to_le_bytes());
    let put32 =
        |o: &mut Vec<u8>, at: usize, v: u32| o[at..at + 4].copy_from_slice(&v.to_le_bytes());
    out[..8].copy_from_slice(&SIGNATURE);
    put16(&mut out, 24, 0x003E);
    put16(&mut out, 26, 4);
    put16(&mut out, 28, 0xFFFE);
    put16(&mut out, 30, 12);
    put16(&mut out, 32, 6);
    put32(&mut out, 40, 1);
    put32(&mut out, 44, id(fats));
    put32(&mut out, 48, id(dir));
    put32(&mut out, 56, 4096);
    put32(&mut out, 60, ENDOFCHAIN);
    put32(&mut out, 68, ENDOFCHAIN);
    for i in 0..109 {
        put32(
            &mut out,
            76 + 4 * i,
            if i < fats { id(i) } else { FREESECT },
        );
    }
    let at = |sector: usize| SECTOR * (sector + 1);
    let mut fat = vec![FREESECT; fats * PER_FAT];
    for slot in fat.iter_mut().take(fats) {
        *slot = FATSECT;
    }
    fat[dir] = ENDOFCHAIN;
    for i in 0..data_sectors {
        let s = first_data + i;
        if s < fat.len() {
            fat[s] = if i + 1 == data_sectors {
                ENDOFCHAIN
            } else {
                id(s + 1)
            };
        }
    }
    for (i, v) in fat.iter().enumerate() {
        put32(&mut out, at(0) + 4 * i, *v);
    }
    let entry = |o: &mut Vec<u8>, n: usize, name: &str, kind: u8, start: u32, size: u64| {
        let base = at(dir) + 128 * n;
        let units: Vec<u16> = name.encode_utf16().collect();
        for (i, u) in units.iter().enumerate() {
            o[base + 2 * i..base + 2 * i + 2].copy_from_slice(&u.to_le_bytes());
        }
        let name_len = u16::try_from((units.len() + 1) * 2).unwrap_or(64);
        o[base + 64..base + 66].copy_from_slice(&name_len.to_le_bytes());
        o[base + 66] = kind;
        o[base + 67] = 1;
        for sibling in [68, 72, 76] {
            o[base + sibling..base + sibling + 4].copy_from_slice(&FREESECT.to_le_bytes());
        }
        o[base + 116..base + 120].copy_from_slice(&start.to_le_bytes());
        o[base + 120..base + 128].copy_from_slice(&size.to_le_bytes());
    };
    entry(&mut out, 0, "Root Entry", 5, FREESECT, 0);
    out[at(dir) + 76..at(dir) + 80].copy_from_slice(&1u32.to_le_bytes());
    entry(&mut out, 1, "Workbook", 2, id(first_data), len as u64);
    out[at(first_data)..at(first_data) + stream.len()].copy_from_slice(stream);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_written_container_reads_back() {
        for n in [0usize, 10, 4095, 4096, 5000, 3_000_000] {
            let stream: Vec<u8> = (0..n).map(|i| (i % 251) as u8).collect();
            let back = workbook_stream(&container(&stream)).expect("readable");
            assert_eq!(&back[..n], &stream[..]);
            assert!(back[n..].iter().all(|b| *b == 0));
        }
    }

    #[test]
    fn a_cyclic_chain_is_refused() {
        let mut file = container(&[1u8; 8192]);
        // The first data sector (after 1 FAT and 1 directory sector) points to itself.
        let fat_entry = 4096 + 4 * 2;
        file[fat_entry..fat_entry + 4].copy_from_slice(&2u32.to_le_bytes());
        let entry = 4096 * 2 + 128 + 120;
        let size = file.len() as u64;
        file[entry..entry + 8].copy_from_slice(&size.to_le_bytes());
        assert!(workbook_stream(&file).is_err());
        // A stream declared larger than the file is refused before any chain is followed.
        file[entry..entry + 8].copy_from_slice(&u64::MAX.to_le_bytes());
        assert!(workbook_stream(&file).is_err());
    }
}
