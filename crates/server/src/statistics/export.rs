//! The statistics as xlsx: one sheet a breakdown, figures in 元.

use api_types::{FiguresRowOut, StatisticsOut};
use rust_xlsxwriter::{Format, Workbook, Worksheet, XlsxError};

use crate::error::{ServiceError, ServiceResult};
use crate::sheet_writer::titles;

fn yuan(fen: i64) -> f64 {
    fen as f64 / 100.0
}

fn figures_sheet(
    sheet: &mut Worksheet,
    bold: &Format,
    (name, first): (&str, &str),
    rows: &[FiguresRowOut],
) -> Result<(), XlsxError> {
    sheet.set_name(name)?;
    titles(
        sheet,
        bold,
        0,
        &[first, "参保单位数", "参保人数", "参保费用（元）"],
    )?;
    for (r, row) in rows.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        sheet.write_string(r, 0, &row.label)?;
        sheet.write_number(r, 1, row.figures.units as f64)?;
        sheet.write_number(r, 2, row.figures.people as f64)?;
        sheet.write_number(r, 3, yuan(row.figures.premium_fen))?;
    }
    sheet.set_column_width(0, 24)?;
    Ok(())
}

fn build(s: &StatisticsOut) -> Result<Vec<u8>, XlsxError> {
    let mut book = Workbook::new();
    let bold = Format::new().set_bold();
    let overview = book.add_worksheet();
    overview.set_name("概览")?;
    let lines = [
        ("保障年度", s.plan_year.to_string()),
        ("统计日期", s.today.to_string()),
        ("参保单位数", s.total.units.to_string()),
        ("参保人数", s.total.people.to_string()),
        (
            "参保费用（元）",
            format!("{:.2}", yuan(s.total.premium_fen)),
        ),
        ("今日参保人数", s.enrolled_today.people.to_string()),
        ("本周参保人数", s.enrolled_this_week.people.to_string()),
        ("本月参保人数", s.enrolled_this_month.people.to_string()),
        (
            "平均办理天数",
            s.mean_days_to_complete
                .map_or("-".into(), |d| format!("{d:.1}")),
        ),
    ];
    for (r, (k, v)) in lines.iter().enumerate() {
        let r = u32::try_from(r).unwrap_or(u32::MAX);
        overview.write_string(r, 0, *k)?;
        overview.write_string(r, 1, v)?;
    }
    overview.set_column_width(0, 18)?;
    for (names, rows) in [
        (("按区局工会", "所属区局工会"), &s.by_district),
        (("按日", "日期"), &s.by_day),
        (
            ("按参保类型与缴费方式", "参保类型 · 缴费方式"),
            &s.by_kind_and_method,
        ),
    ] {
        figures_sheet(book.add_worksheet(), &bold, names, rows)?;
    }
    let funnel = book.add_worksheet();
    funnel.set_name("批次状态")?;
    titles(
        funnel,
        &bold,
        0,
        &["状态", "批次数", "已流转次数", "平均停留", "停留中位数"],
    )?;
    for (r, st) in s.funnel.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        funnel.write_string(r, 0, &st.status_label)?;
        funnel.write_number(r, 1, st.batches as f64)?;
        funnel.write_number(r, 2, st.stays as f64)?;
        funnel.write_string(r, 3, &st.mean_label)?;
        funnel.write_string(r, 4, &st.median_label)?;
    }
    funnel.set_column_width(0, 20)?;
    let lapsed = book.add_worksheet();
    lapsed.set_name("上年度参保本年度未参保")?;
    titles(
        lapsed,
        &bold,
        0,
        &["参保单位", "参保编码", "所属区局工会", "上年度参保人数"],
    )?;
    for (r, u) in s.lapsed_units.iter().enumerate() {
        let r = u32::try_from(r + 1).unwrap_or(u32::MAX);
        lapsed.write_string(r, 0, &u.unit_name)?;
        lapsed.write_string(r, 1, u.enrollment_code.as_deref().unwrap_or(""))?;
        lapsed.write_string(r, 2, u.district_union.as_deref().unwrap_or(""))?;
        lapsed.write_number(r, 3, u.people_last_year as f64)?;
    }
    lapsed.set_column_width(0, 30)?;
    book.save_to_buffer()
}

/// The workbook of `s` and its file name (统计_2026.xlsx).
pub fn workbook(s: &StatisticsOut) -> ServiceResult<(String, Vec<u8>)> {
    let bytes = build(s).map_err(|e| ServiceError::internal(format!("statistics xlsx: {e}")))?;
    Ok((format!("统计_{}.xlsx", s.plan_year), bytes))
}
