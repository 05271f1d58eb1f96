//! What an `.xls` (Excel 97–2003: BIFF8 records in a compound file) lays out, counted before
//! calamine opens it. calamine reads every sheet when it opens an `.xls`, and a cell that points
//! at a shared text gets its own copy of it: a small file whose many cells share one long text
//! lays out gigabytes. The `.xlsx` and `.ods` readers bound what they unpack; this is the same
//! bound for `.xls`, on the texts' sizes as the workbook declares them.

use std::io::{Cursor, Read};

/// A record's type: the shared strings table (SST).
const SST: u16 = 0x00FC;
/// A record's type: the rest of the record before it.
const CONTINUE: u16 = 0x003C;
/// A record's type: a cell holding a shared text, by its index in the SST.
const LABEL_SST: u16 = 0x00FD;
/// The most UTF-8 bytes one UTF-16 unit of a text takes.
const BYTES_PER_UNIT: u64 = 3;

/// What the cells of an `.xls` that point at shared texts take once each holds its own copy.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LaidOut {
    /// Cells pointing at a shared text.
    pub cells: u64,
    /// Their texts' bytes (at most 3 a UTF-16 unit), summed.
    pub bytes: u64,
}

/// What an `.xls` is found to be before calamine opens it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Examined {
    /// Not a compound file: left to its reader.
    NotCompound,
    /// A compound file whose structure does not hold (a sector chain that loops or points past
    /// the end, a directory cut short), with why: calamine's own reader follows such chains
    /// without checking them — into a panic, or a loop that never ends.
    Damaged(String),
    /// A compound file that holds, and what its shared-text cells lay out (nothing where it has
    /// no workbook stream, or one whose shared texts do not read: left to its reader).
    Sound(LaidOut),
}

/// The first bytes of every compound file.
const COMPOUND_MAGIC: [u8; 8] = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

/// What `bytes` is, as an `.xls`: see [`Examined`].
pub fn examine(bytes: &[u8]) -> Examined {
    if !bytes.starts_with(&COMPOUND_MAGIC) {
        return Examined::NotCompound;
    }
    let mut file = match cfb::CompoundFile::open(Cursor::new(bytes)) {
        Ok(file) => file,
        Err(why) => return Examined::Damaged(why.to_string()),
    };
    let nothing = LaidOut { cells: 0, bytes: 0 };
    let Some(stream) = ["/Workbook", "/Book"]
        .into_iter()
        .find(|name| file.is_stream(name))
    else {
        return Examined::Sound(nothing);
    };
    let mut workbook = Vec::new();
    if let Err(why) = file
        .open_stream(stream)
        .and_then(|mut s| s.read_to_end(&mut workbook))
    {
        return Examined::Damaged(why.to_string());
    }
    Examined::Sound(laid_out(&workbook).unwrap_or(nothing))
}

/// What the shared-text cells of a workbook stream lay out; `None` when its shared texts do not
/// read.
fn laid_out(workbook: &[u8]) -> Option<LaidOut> {
    let records = records(workbook);
    let sizes = shared_text_sizes(&records)?;
    let mut counted = LaidOut { cells: 0, bytes: 0 };
    for (kind, data) in records {
        if kind == LABEL_SST && data.len() >= 10 {
            let index = u32::from_le_bytes([data[6], data[7], data[8], data[9]]) as usize;
            counted.cells += 1;
            counted.bytes = counted
                .bytes
                .saturating_add(sizes.get(index).copied().unwrap_or(0));
        }
    }
    Some(counted)
}

/// The stream's records, each its type and data, up to the first that runs past the end.
fn records(stream: &[u8]) -> Vec<(u16, &[u8])> {
    let mut found = Vec::new();
    let mut at = 0;
    while let Some(header) = stream.get(at..at + 4) {
        let kind = u16::from_le_bytes([header[0], header[1]]);
        let length = usize::from(u16::from_le_bytes([header[2], header[3]]));
        let Some(data) = stream.get(at + 4..at + 4 + length) else {
            break;
        };
        found.push((kind, data));
        at += 4 + length;
    }
    found
}

/// The UTF-8 bytes each shared text can take, in the SST's order: the SST record and the CONTINUE
/// records after it read as one, where a text's characters that go on in the next record start
/// with their own flags byte (they may change width there). `None` when the SST does not read.
fn shared_text_sizes(records: &[(u16, &[u8])]) -> Option<Vec<u64>> {
    let Some(first) = records.iter().position(|(kind, _)| *kind == SST) else {
        return Some(Vec::new());
    };
    let parts: Vec<&[u8]> = std::iter::once(records[first].1)
        .chain(
            records[first + 1..]
                .iter()
                .take_while(|(kind, _)| *kind == CONTINUE)
                .map(|(_, data)| *data),
        )
        .collect();
    let mut reader = Parts {
        parts: &parts,
        part: 0,
        at: 0,
    };
    reader.skip(4)?; // the count of cells with a shared text
    let unique = reader.u32()?;
    let mut sizes = Vec::new();
    for _ in 0..unique {
        let units = reader.u16()?;
        let flags = reader.byte()?;
        let runs = if flags & 0x08 != 0 { reader.u16()? } else { 0 };
        let extra = if flags & 0x04 != 0 { reader.u32()? } else { 0 };
        reader.characters(usize::from(units), flags & 0x01 != 0)?;
        reader.skip(4 * usize::from(runs) + extra as usize)?;
        sizes.push(u64::from(units) * BYTES_PER_UNIT);
    }
    Some(sizes)
}

/// A reader over the SST's parts (the record, then its CONTINUE records).
struct Parts<'a> {
    parts: &'a [&'a [u8]],
    part: usize,
    at: usize,
}

impl Parts<'_> {
    /// The next byte, going on into the next part at the end of one.
    fn byte(&mut self) -> Option<u8> {
        while self.at >= self.parts.get(self.part)?.len() {
            self.part += 1;
            self.at = 0;
        }
        let byte = self.parts[self.part][self.at];
        self.at += 1;
        Some(byte)
    }

    fn u16(&mut self) -> Option<u16> {
        Some(u16::from_le_bytes([self.byte()?, self.byte()?]))
    }

    fn u32(&mut self) -> Option<u32> {
        Some(u32::from_le_bytes([
            self.byte()?,
            self.byte()?,
            self.byte()?,
            self.byte()?,
        ]))
    }

    /// Skips `count` bytes, across parts.
    fn skip(&mut self, mut count: usize) -> Option<()> {
        while count > 0 {
            let left = self.parts.get(self.part)?.len() - self.at;
            if left == 0 {
                self.part += 1;
                self.at = 0;
                continue;
            }
            let step = left.min(count);
            self.at += step;
            count -= step;
        }
        Some(())
    }

    /// Skips a text's `units` characters, one or two bytes each as `wide` says; where they go on
    /// in the next part, that part starts with the flags byte that says their width there.
    fn characters(&mut self, mut units: usize, mut wide: bool) -> Option<()> {
        loop {
            let left = self.parts.get(self.part)?.len() - self.at;
            let width = if wide { 2 } else { 1 };
            let here = units.min(left / width);
            self.at += here * width;
            units -= here;
            if units == 0 {
                return Some(());
            }
            self.part += 1;
            self.at = 0;
            wide = self.byte()? & 0x01 != 0;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record: its type, length and data.
    fn record(kind: u16, data: &[u8]) -> Vec<u8> {
        let mut bytes = kind.to_le_bytes().to_vec();
        bytes.extend((data.len() as u16).to_le_bytes());
        bytes.extend(data);
        bytes
    }

    /// A cell at (row, column) holding shared text `index`.
    fn label_sst(row: u16, index: u32) -> Vec<u8> {
        let mut data = row.to_le_bytes().to_vec();
        data.extend(0u16.to_le_bytes()); // column
        data.extend(0u16.to_le_bytes()); // format
        data.extend(index.to_le_bytes());
        record(LABEL_SST, &data)
    }

    /// An `.xls` whose workbook stream is `stream`.
    fn compound(stream: &[u8]) -> Vec<u8> {
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).expect("a compound file");
        let mut workbook = file.create_stream("/Workbook").expect("a stream");
        std::io::Write::write_all(&mut workbook, stream).expect("written");
        drop(workbook);
        file.into_inner().into_inner()
    }

    #[test]
    fn each_cell_counts_its_shared_text_across_continue_records_and_widths() {
        // Two texts: "ab" (narrow), then 3 wide units split over a CONTINUE record that switches
        // to narrow for the last one, followed by a rich-text run (4 bytes) to skip.
        let mut sst = 5u32.to_le_bytes().to_vec();
        sst.extend(2u32.to_le_bytes());
        sst.extend([2, 0, 0x00, b'a', b'b']);
        sst.extend([3, 0, 0x09, 1, 0]); // 3 units, wide, one run
        sst.extend([0x2D, 0x4E, 0x87, 0x65]); // 中文
        let mut stream = record(SST, &sst);
        stream.extend(record(CONTINUE, &[0x00, b'x', 0, 0, 0, 0]));
        for (row, index) in [(0, 0), (1, 1), (2, 1), (3, 1), (4, 7)] {
            stream.extend(label_sst(row, index));
        }
        let Examined::Sound(counted) = examine(&compound(&stream)) else {
            panic!("a sound .xls");
        };
        // A missing index lays out nothing (calamine leaves the cell empty).
        assert_eq!(
            counted,
            LaidOut {
                cells: 5,
                bytes: 2 * 3 + 3 * 3 * 3
            }
        );
    }

    #[test]
    fn anything_but_a_compound_file_is_left_to_its_reader() {
        assert_eq!(examine(b"PK\x03\x04 a zip"), Examined::NotCompound);
        assert_eq!(examine(b""), Examined::NotCompound);
        // A compound file with no workbook stream (a Word document, say) lays out nothing.
        let mut file = cfb::CompoundFile::create(Cursor::new(Vec::new())).expect("a compound file");
        file.create_stream("/WordDocument").expect("a stream");
        assert_eq!(
            examine(&file.into_inner().into_inner()),
            Examined::Sound(LaidOut { cells: 0, bytes: 0 })
        );
    }

    #[test]
    fn a_compound_file_cut_short_is_damaged() {
        let whole = compound(&record(SST, &[0; 8]));
        assert!(matches!(
            examine(&whole[..whole.len() / 2]),
            Examined::Damaged(_)
        ));
    }

    #[test]
    fn a_truncated_sst_lays_out_nothing_and_is_left_to_its_reader() {
        let mut sst = 1u32.to_le_bytes().to_vec();
        sst.extend(1u32.to_le_bytes());
        sst.extend([200, 0, 0x00, b'a']); // says 200 characters, has 1
        assert_eq!(
            examine(&compound(&record(SST, &sst))),
            Examined::Sound(LaidOut { cells: 0, bytes: 0 })
        );
    }
}
