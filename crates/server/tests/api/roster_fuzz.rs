//! Property tests of the roster reader over random and adversarial workbooks: sparse and
//! absurd positions, declared dimensions and string counts, long and shared texts, deep
//! XML, duplicates, sheets listed many times, bytes flipped or cut in .xlsx and .xls
//! files. Whatever the input: no panic (the reader is called without its panic guard),
//! one Chinese reason when refused, and work and output bounded by the limits.

use proptest::prelude::*;
use server::roster::limits::ImportLimits;
use server::roster::sheet::{read_roster_uncaught, ReadStats};

use crate::fixtures::hostile::*;

/// Small limits, so that random files reach them.
fn small() -> ImportLimits {
    ImportLimits {
        max_rows: 40,
        max_columns: 10,
        max_cell_chars: 60,
        max_errors_in_answer: 5,
        max_sheets: 3,
        max_shared_strings: 50,
        max_parts: 12,
        max_part_bytes: 512 * 1024,
        max_unpacked_bytes: 1024 * 1024,
        max_compression_ratio: 200,
        max_xml_depth: 12,
    }
}

fn check(bytes: &[u8], limits: &ImportLimits) -> Result<ReadStats, TestCaseError> {
    match read_roster_uncaught(bytes, limits) {
        Ok((rows, stats)) => {
            prop_assert!(rows.len() <= limits.max_rows as usize);
            for r in &rows {
                prop_assert!(r.row_number >= 2 && r.row_number <= limits.max_rows + 1);
                for c in [
                    &r.name,
                    &r.doc_type,
                    &r.id_number,
                    &r.birth_date,
                    &r.sex,
                    &r.mobile,
                ]
                .into_iter()
                .flatten()
                {
                    prop_assert!(c.chars().count() <= limits.max_cell_chars);
                }
            }
            prop_assert!(stats.inflated_bytes <= limits.max_unpacked_bytes);
            // Every cell read is at least `<c/>` of inflated XML or an .xls record.
            prop_assert!(stats.cells <= (stats.inflated_bytes + bytes.len() as u64) / 4);
            Ok(stats)
        }
        Err(errors) => {
            prop_assert_eq!(errors.len(), 1);
            let m = &errors[0].message;
            prop_assert!(
                m.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)),
                "{}",
                m
            );
            Ok(ReadStats::default())
        }
    }
}

fn column_letters() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => (0u8..12).prop_map(|i| ((b'A' + i) as char).to_string()),
        1 => "[A-Z]{1,3}",
        1 => "[A-Za-z]{4,14}",
        1 => Just("XFD".to_owned()),
    ]
}

fn row_number() -> impl Strategy<Value = u64> {
    prop_oneof![
        6 => 1u64..60,
        1 => 60u64..2_000_000,
        1 => Just(1_048_576u64),
        1 => Just(0u64),
        1 => 4_294_967_290u64..99_999_999_999u64,
    ]
}

fn cell_value() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-z王身份证男女0-9]{0,8}".prop_map(|t| format!(r#" t="inlineStr"><is><t>{t}</t></is></c>"#)),
        1 => "[王]{50,80}".prop_map(|t| format!(r#" t="inlineStr"><is><t>{t}</t></is></c>"#)),
        2 => (0u64..80).prop_map(|i| format!(r#" t="s"><v>{i}</v></c>"#)),
        1 => any::<f64>().prop_map(|f| format!("><v>{f}</v></c>")),
        1 => Just(r#" t="b"><v>1</v></c>"#.to_owned()),
        1 => Just(r#" t="e"><v>#N/A</v></c>"#.to_owned()),
        1 => Just("/>".to_owned()),
        1 => (1usize..30).prop_map(|d| format!(">{}{}</c>", "<x>".repeat(d), "</x>".repeat(d))),
    ]
}

/// A sheet of random cells after the template's header.
fn sheet_data() -> impl Strategy<Value = String> {
    prop::collection::vec(
        (
            row_number(),
            prop::collection::vec((column_letters(), row_number(), cell_value()), 0..7),
        ),
        0..25,
    )
    .prop_map(|rows| {
        let mut out = header_row();
        for (r, cells) in rows {
            out.push_str(&format!(r#"<row r="{r}">"#));
            for (col, row, value) in cells {
                out.push_str(&format!(r#"<c r="{col}{row}"{value}"#));
            }
            out.push_str("</row>");
        }
        out
    })
}

fn shared_strings() -> impl Strategy<Value = String> {
    (
        prop_oneof![
            Just(0u64),
            0u64..100,
            Just(u64::MAX),
            Just(4_000_000_000u64)
        ],
        prop::collection::vec("[a-z王]{0,70}", 0..80),
    )
        .prop_map(|(declared, items)| {
            let items: String = items
                .iter()
                .map(|t| format!("<si><t>{t}</t></si>"))
                .collect();
            shared_strings_xml(declared, declared, &items)
        })
}

fn dimension() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("A1".to_owned()),
        Just("A1:XFD1048576".to_owned()),
        (column_letters(), row_number()).prop_map(|(c, r)| format!("A1:{c}{r}")),
        "[A-Z0-9:]{0,12}",
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 160, ..ProptestConfig::default() })]

    /// Random sheets, shared-string tables and sheet lists.
    #[test]
    fn random_workbooks_never_panic_and_stay_bounded(
        dim in dimension(),
        data in sheet_data(),
        sst in shared_strings(),
        sheets in prop_oneof![4 => Just(1usize), 1 => 2usize..6],
        default_limits in any::<bool>(),
    ) {
        let bytes = xlsx_with(&sheet_xml(&dim, &data), &sst, sheets);
        let limits = if default_limits { ImportLimits::default() } else { small() };
        check(&bytes, &limits)?;
    }

    /// An honest file with bytes overwritten or cut off.
    #[test]
    fn damaged_xlsx_files_are_refused_cleanly(
        n in 1u32..30,
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 0..12),
        cut in prop::option::of(any::<prop::sample::Index>()),
    ) {
        let mut bytes = people_xlsx(n);
        for (at, b) in flips {
            let i = at.index(bytes.len());
            bytes[i] = b;
        }
        if let Some(at) = cut {
            bytes.truncate(at.index(bytes.len()));
        }
        check(&bytes, &ImportLimits::default())?;
        check(&bytes, &small())?;
    }

    /// The .xls fixture with random bytes of its BIFF stream overwritten (then put back in
    /// a container) or of the container itself.
    #[test]
    fn damaged_xls_files_are_refused_cleanly(
        flips in prop::collection::vec((any::<prop::sample::Index>(), any::<u8>()), 1..24),
        in_stream in any::<bool>(),
        cut in prop::option::of(any::<prop::sample::Index>()),
    ) {
        let mut bytes = if in_stream {
            xls_patched(|s| {
                for (at, b) in &flips {
                    let i = at.index(s.len());
                    s[i] = *b;
                }
            })
        } else {
            let mut file = xls_fixture();
            for (at, b) in &flips {
                let i = at.index(file.len());
                file[i] = *b;
            }
            file
        };
        if let Some(at) = cut {
            bytes.truncate(at.index(bytes.len()).max(8));
        }
        check(&bytes, &ImportLimits::default())?;
        check(&bytes, &small())?;
    }

    /// Arbitrary bytes behind the two signatures the reader recognises.
    #[test]
    fn arbitrary_bytes_are_refused_cleanly(
        prefix in prop_oneof![Just(b"PK\x03\x04".to_vec()), Just(vec![0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]), Just(Vec::new())],
        rest in prop::collection::vec(any::<u8>(), 0..2048),
    ) {
        let bytes = [prefix, rest].concat();
        check(&bytes, &ImportLimits::default())?;
    }
}

/// The hand-built hostile files against the default limits: each refused, none panics.
#[test]
fn the_hostile_files_are_refused_by_the_reader() {
    let limits = ImportLimits::default();
    for (what, bytes) in [
        ("far corner", far_corner_cell()),
        ("far right", far_right_cell()),
        ("billions of strings", declared_billions_of_strings()),
        ("deep", deep_xml(100_000)),
        ("sheets", many_sheets(33)),
        ("long cell", long_cell(201)),
        ("backwards", rows_backwards()),
        ("overflow", overflowing_reference()),
        ("bomb", zip_bomb(2 * 1024 * 1024)),
        ("lying", lying_sizes(1000)),
        ("declares 200 MB", lying_sizes(200 << 20)),
        ("ods", ods_like()),
        ("xls far corner", xls_far_corner_cell()),
        ("xls dimensions", xls_inverted_dimensions()),
        ("xls cycle", xls_cyclic_chain(None)),
        ("xls terabyte", xls_cyclic_chain(Some(1 << 40))),
    ] {
        let read = read_roster_uncaught(&bytes, &limits);
        assert!(read.is_err(), "{what} should be refused");
    }
    let small = small();
    assert!(read_roster_uncaught(&many_strings(51), &small).is_err());
    let fifty = read_roster_uncaught(&many_strings(50), &small);
    assert!(fifty.is_ok(), "{fifty:?}");
    assert!(read_roster_uncaught(&people_xlsx(40), &small).is_ok());
    assert!(read_roster_uncaught(&people_xlsx(41), &small).is_err());
    let xls = read_roster_uncaught(&xls_fixture(), &limits).expect("the .xls fixture");
    assert!(!xls.0.is_empty());
}
